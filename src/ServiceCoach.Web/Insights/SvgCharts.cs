using System.Globalization;
using System.Text;

namespace ServiceCoach.Web.Insights;

/// <summary>One bar: its label, length and the figure written beside it.</summary>
public sealed record ChartBar(string Label, double Value, string ValueText);

/// <summary>One point of a line; a null value leaves a gap in the line.</summary>
public sealed record ChartPoint(string Label, double? Value, string? ValueText = null);

/// <summary>
/// Charts drawn on the server as inline SVG: no script, readable by screen readers (role="img",
/// a title and a description that lists every figure), each bar and point with its own tooltip
/// title. Pages show a table with the same figures next to each chart.
/// </summary>
public static class SvgCharts
{
    public const int Width = 640;
    private const int LabelWidth = 170;
    private const int ValueWidth = 70;
    private const int RowHeight = 24;
    private const int BarThickness = 14;
    private const int LineHeight = 220;
    private const int MarginLeft = 44;
    private const int MarginRight = 36;
    private const int MarginTop = 14;
    private const int MarginBottom = 34;

    /// <summary>Horizontal bars, one row each, scaled to <paramref name="max"/> (default: the largest value).</summary>
    /// <param name="id">Unique in the page: the title and description are referenced by it.</param>
    public static string BarChart(string id, string title, IReadOnlyList<ChartBar> bars, double? max = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var scale = max ?? bars.Select(b => Finite(b.Value)).DefaultIfEmpty(0).Max();
        var height = Math.Max(1, bars.Count) * RowHeight + 8;
        var svg = Open(id, title, height, Describe(bars.Select(b => $"{b.Label}: {b.ValueText}")));
        if (bars.Count == 0)
        {
            return NoData(svg, height);
        }

        var barArea = Width - LabelWidth - ValueWidth;
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 4 + (i * RowHeight);
            var length = scale <= 0 ? 0 : Math.Clamp(Finite(bar.Value) / scale, 0, 1) * barArea;
            svg.Append("<g class=\"bar\"><title>").Append(Escape($"{bar.Label}: {bar.ValueText}")).Append("</title>");
            svg.Append(Invariant($"<text x=\"{LabelWidth - 8}\" y=\"{y + 15}\" text-anchor=\"end\" class=\"label\">")).Append(Escape(Fit(bar.Label, 12))).Append("</text>");
            svg.Append(Invariant($"<rect x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{Round(length)}\" height=\"{BarThickness}\" rx=\"2\" fill=\"#1565c0\" />"));
            svg.Append(Invariant($"<text x=\"{Round(LabelWidth + length + 6)}\" y=\"{y + 15}\" class=\"value\">")).Append(Escape(bar.ValueText)).Append("</text></g>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A line over evenly spaced points, on a vertical scale from <paramref name="min"/> to <paramref name="max"/> (default: the data's range, widened to round numbers).</summary>
    /// <param name="id">Unique in the page: the title and description are referenced by it.</param>
    public static string LineChart(string id, string title, IReadOnlyList<ChartPoint> points, double? min = null, double? max = null, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(unit);
        var svg = Open(id, title, LineHeight, Describe(points.Select(p => $"{p.Label}: {Text(p, unit)}")));
        var values = points.Where(p => p.Value is { } v && double.IsFinite(v)).Select(p => p.Value!.Value).ToList();
        if (values.Count == 0)
        {
            return NoData(svg, LineHeight);
        }

        var (low, high, step) = NiceRange(min ?? values.Min(), max ?? values.Max());
        var plotWidth = Width - MarginLeft - MarginRight;
        var plotHeight = LineHeight - MarginTop - MarginBottom;
        double X(int i) => MarginLeft + (points.Count == 1 ? plotWidth / 2.0 : i * plotWidth / (double)(points.Count - 1));
        double Y(double v) => MarginTop + ((high - Math.Clamp(v, low, high)) / (high - low) * plotHeight);

        for (var tick = 0; low + (tick * step) <= high + (step / 1000); tick++)
        {
            var value = low + (tick * step);
            var y = Round(Y(value));
            svg.Append(Invariant($"<line x1=\"{MarginLeft}\" x2=\"{Width - MarginRight}\" y1=\"{y}\" y2=\"{y}\" class=\"grid\" stroke=\"#e3e8ef\" />"));
            svg.Append(Invariant($"<text x=\"{MarginLeft - 6}\" y=\"{Round(Y(value) + 4)}\" text-anchor=\"end\" class=\"axis\">{Number(value)}</text>"));
        }

        // Label at most about ten points along the axis so the labels never overlap.
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 10.0));
        for (var i = 0; i < points.Count; i += every)
        {
            svg.Append(Invariant($"<text x=\"{Round(X(i))}\" y=\"{LineHeight - 12}\" text-anchor=\"middle\" class=\"axis\">")).Append(Escape(Fit(points[i].Label, 9))).Append("</text>");
        }

        // One polyline per unbroken run of values: a week without data is a gap, not a zero.
        var run = new List<string>();
        void Flush()
        {
            if (run.Count > 1)
            {
                svg.Append("<polyline class=\"line\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"").Append(string.Join(' ', run)).Append("\" />");
            }

            run.Clear();
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is { } v && double.IsFinite(v))
            {
                run.Add(Invariant($"{Round(X(i))},{Round(Y(v))}"));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is { } v && double.IsFinite(v))
            {
                svg.Append(Invariant($"<circle cx=\"{Round(X(i))}\" cy=\"{Round(Y(v))}\" r=\"3.5\" class=\"point\" fill=\"#1565c0\"><title>"))
                    .Append(Escape($"{points[i].Label}: {Text(points[i], unit)}")).Append("</title></circle>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A range that starts and ends on round numbers, never empty, and the round step (1, 2, 2.5 or 5 × 10ⁿ) between its axis labels.</summary>
    internal static (double Low, double High, double Step) NiceRange(double low, double high)
    {
        if (high < low)
        {
            (low, high) = (high, low);
        }

        if (high - low < 1e-9)
        {
            var pad = Math.Abs(high) < 1e-9 ? 1 : Math.Abs(high) * 0.1;
            (low, high) = (low - pad, high + pad);
        }

        var step = Math.Pow(10, Math.Floor(Math.Log10((high - low) / 4)));
        foreach (var factor in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if ((high - low) / (step * factor) <= 4)
            {
                step *= factor;
                break;
            }
        }

        return (Math.Floor(low / step) * step, Math.Ceiling(high / step) * step, step);
    }

    private static StringBuilder Open(string id, string title, int height, string description) => new StringBuilder()
        .Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" "))
        .Append("aria-labelledby=\"").Append(Escape(id)).Append("-title ").Append(Escape(id)).Append("-desc\">")
        .Append("<title id=\"").Append(Escape(id)).Append("-title\">").Append(Escape(title)).Append("</title>")
        .Append("<desc id=\"").Append(Escape(id)).Append("-desc\">").Append(Escape(description)).Append("</desc>");

    private static string NoData(StringBuilder svg, int height) =>
        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"{(height / 2) + 5}\" text-anchor=\"middle\" class=\"axis\">"))
            .Append(Escape(Localization.T("暂无数据"))).Append("</text></svg>").ToString();

    private static string Describe(IEnumerable<string> items) => string.Join("; ", items);

    private static string Text(ChartPoint point, string unit) =>
        point.ValueText ?? (point.Value is { } v && double.IsFinite(v) ? Number(v) + unit : Localization.T("无数据"));

    /// <summary>Shortens a label to about <paramref name="width"/> Chinese characters (Latin letters count half); the tooltip keeps it whole.</summary>
    internal static string Fit(string label, int width)
    {
        double used = 0;
        for (var i = 0; i < label.Length; i++)
        {
            used += label[i] < 0x2E80 ? 0.55 : 1;
            if (used > width)
            {
                return label[..Math.Max(0, i - 1)] + "…";
            }
        }

        return label;
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static string Round(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ when char.IsControl(c) => builder.Append(' '),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
