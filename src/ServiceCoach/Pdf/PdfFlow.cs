using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ServiceCoach.Pdf;

/// <summary>
/// Text flowing down A4 portrait pages: each line is wrapped to the page width (by characters, as
/// Chinese has no spaces; a Latin word is not split when it fits on a line of its own) and a new page
/// starts when one is full, with the page number at the foot of each.
/// </summary>
public sealed class PdfFlow : IDisposable
{
    private const double Margin = 48;
    private readonly PdfDocument _document = new();
    private readonly string _footer;
    private PdfPage _page = null!;
    private XGraphics _graphics = null!;
    private double _y;

    public PdfFlow(string title, string footer)
    {
        CjkPdfFont.Use();
        _document.Info.Title = title;
        _document.Info.Creator = "ServiceCoach";
        _footer = footer;
        NewPage();
    }

    private double Width => _page.Width.Point - (2 * Margin);

    private double Bottom => _page.Height.Point - Margin - 16;

    /// <summary>Writes a paragraph, wrapped; <paramref name="indent"/> in points.</summary>
    public PdfFlow Text(string text, double size = 10, XColor? color = null, double indent = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        var font = new XFont(CjkPdfFont.Family, size);
        var brush = new XSolidBrush(color ?? XColors.Black);
        var lineHeight = size * 1.45;
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            foreach (var line in Wrap(paragraph, font, Width - indent))
            {
                if (_y + lineHeight > Bottom)
                {
                    NewPage();
                }

                _graphics.DrawString(line, font, brush, new XRect(Margin + indent, _y, Width - indent, lineHeight), XStringFormats.TopLeft);
                _y += lineHeight;
            }
        }

        return this;
    }

    /// <summary>
    /// One table row: each cell at its share of the page width (the shares sum to 1 or less), cut
    /// with an ellipsis when it does not fit; <paramref name="header"/> rows are grey.
    /// </summary>
    public PdfFlow Row(IReadOnlyList<string> cells, IReadOnlyList<double> shares, double size = 9, bool header = false)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(shares);
        var font = new XFont(CjkPdfFont.Family, size);
        var lineHeight = size * 1.5;
        if (_y + lineHeight > Bottom)
        {
            NewPage();
        }

        var x = Margin;
        for (var i = 0; i < cells.Count && i < shares.Count; i++)
        {
            var width = Width * shares[i];
            var text = Fit(cells[i], font, width - 4);
            _graphics.DrawString(text, font, header ? XBrushes.DimGray : XBrushes.Black, new XRect(x, _y, width - 4, lineHeight), XStringFormats.TopLeft);
            x += width;
        }

        _y += lineHeight;
        return this;
    }

    /// <summary>A labelled horizontal bar for a value from 0 to <paramref name="max"/>, with a caption after it.</summary>
    public PdfFlow Bar(string label, double value, double max, string caption, double size = 9)
    {
        var font = new XFont(CjkPdfFont.Family, size);
        var lineHeight = size * 1.6;
        if (_y + lineHeight > Bottom)
        {
            NewPage();
        }

        var labelWidth = Width * 0.2;
        var barWidth = Width * 0.55;
        _graphics.DrawString(Fit(label, font, labelWidth - 4), font, XBrushes.Black, new XRect(Margin, _y, labelWidth, lineHeight), XStringFormats.TopLeft);
        var filled = max <= 0 ? 0 : barWidth * Math.Clamp(value / max, 0, 1);
        _graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(230, 236, 245)), Margin + labelWidth, _y + 2, barWidth, lineHeight - 5);
        _graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(21, 101, 192)), Margin + labelWidth, _y + 2, filled, lineHeight - 5);
        _graphics.DrawString(caption, font, XBrushes.Black, new XRect(Margin + labelWidth + barWidth + 6, _y, Width - labelWidth - barWidth - 6, lineHeight), XStringFormats.TopLeft);
        _y += lineHeight;
        return this;
    }

    public PdfFlow Gap(double points = 6)
    {
        _y += points;
        return this;
    }

    /// <summary>A thin rule across the page, e.g. between sections.</summary>
    public PdfFlow Rule()
    {
        if (_y + 8 > Bottom)
        {
            NewPage();
        }

        _graphics.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, _y + 3, Margin + Width, _y + 3);
        _y += 8;
        return this;
    }

    public byte[] ToPdf()
    {
        _graphics.Dispose();
        using var output = new MemoryStream();
        _document.Save(output, false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _graphics.Dispose();
        _document.Dispose();
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
        var font = new XFont(CjkPdfFont.Family, 8);
        _graphics.DrawString($"{_footer} · {_document.PageCount}", font, XBrushes.Gray,
            new XRect(Margin, _page.Height.Point - Margin, Width, 12), XStringFormats.TopLeft);
    }

    private string Fit(string text, XFont font, double width)
    {
        if (_graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && _graphics.MeasureString(text[..length] + "…", font).Width > width)
        {
            length--;
        }

        return text[..length] + "…";
    }

    private IEnumerable<string> Wrap(string paragraph, XFont font, double width)
    {
        if (paragraph.Length == 0)
        {
            yield return "";
            yield break;
        }

        var start = 0;
        while (start < paragraph.Length)
        {
            // The longest prefix that fits, found by halving: measuring is the cost, not the loop.
            int low = 1, high = paragraph.Length - start;
            while (low < high)
            {
                var mid = (low + high + 1) / 2;
                if (_graphics.MeasureString(paragraph.Substring(start, mid), font).Width <= width)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }

            var end = start + low;
            if (end < paragraph.Length && char.IsAsciiLetterOrDigit(paragraph[end]) && paragraph.LastIndexOf(' ', end - 1, low) is var space and > 0 && space > start)
            {
                end = space + 1;
            }

            // A surrogate pair is never split.
            if (end < paragraph.Length && char.IsHighSurrogate(paragraph[end - 1]) && end - 1 > start)
            {
                end--;
            }

            yield return paragraph[start..end].TrimEnd();
            start = end;
        }
    }
}
