using System.Globalization;
using System.Xml.Linq;
using ServiceCoach.Web.Insights;

namespace ServiceCoach.Web.Tests.Insights;

public sealed class SvgChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void BarChart_IsWellFormedSvg_NamedByItsTitleAndDescription()
    {
        var chart = Parse(SvgCharts.BarChart("grades", "等级分布", [new ChartBar("A 优秀", 3, "3"), new ChartBar("D 不合格", 1, "1")]));

        Assert.Equal("img", (string?)chart.Attribute("role"));
        Assert.Equal("grades-title grades-desc", (string?)chart.Attribute("aria-labelledby"));
        Assert.Equal("等级分布", chart.Element(Svg + "title")!.Value);
        Assert.Equal("grades-title", (string?)chart.Element(Svg + "title")!.Attribute("id"));
        Assert.Equal("A 优秀: 3; D 不合格: 1", chart.Element(Svg + "desc")!.Value);
        Assert.Equal(["A 优秀: 3", "D 不合格: 1"], chart.Elements(Svg + "g").Select(g => g.Element(Svg + "title")!.Value));
    }

    [Fact]
    public void BarChart_BarLengths_AreProportionalToTheValues()
    {
        var chart = Parse(SvgCharts.BarChart("c", "t", [new ChartBar("a", 100, "100 %"), new ChartBar("b", 50, "50 %"), new ChartBar("c", 0, "0 %"), new ChartBar("d", 150, "150 %")], max: 100));

        var widths = chart.Descendants(Svg + "rect").Select(r => double.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(widths[0] / 2, widths[1], 1);
        Assert.Equal(0, widths[2]);
        Assert.Equal(widths[0], widths[3]); // clamped to the scale's maximum
        Assert.True(widths[0] > 300);
    }

    [Fact]
    public void BarChart_WithoutAMaximum_ScalesToTheLargestBar()
    {
        var chart = Parse(SvgCharts.BarChart("c", "t", [new ChartBar("a", 4, "4"), new ChartBar("b", 8, "8")]));

        var widths = chart.Descendants(Svg + "rect").Select(r => double.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(widths[1] / 2, widths[0], 1);
    }

    [Fact]
    public void Charts_EscapeWhatTheyQuote()
    {
        const string label = "<script>alert(\"x\") & 'y'</script>";
        var bar = SvgCharts.BarChart("c", label, [new ChartBar(label, 1, label)]);
        var line = SvgCharts.LineChart("l", label, [new ChartPoint(label, 1), new ChartPoint("b", 2)]);

        Assert.DoesNotContain("<script>", bar, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", line, StringComparison.Ordinal);
        Assert.Equal(label, Parse(bar).Element(Svg + "title")!.Value);
        Assert.Equal($"{label}: {label}", Parse(bar).Descendants(Svg + "g").Single().Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Charts_WithNothingToDraw_SayThereIsNoData()
    {
        var bar = Parse(SvgCharts.BarChart("c", "t", []));
        var line = Parse(SvgCharts.LineChart("l", "t", [new ChartPoint("W1", null), new ChartPoint("W2", double.NaN)]));

        Assert.Empty(bar.Descendants(Svg + "rect"));
        Assert.Contains(bar.Descendants(Svg + "text"), t => t.Value is "暂无数据" or "No data");
        Assert.Empty(line.Descendants(Svg + "polyline"));
        Assert.Contains(line.Descendants(Svg + "text"), t => t.Value is "暂无数据" or "No data");
    }

    [Fact]
    public void LineChart_PlacesPointsEvenlyAcross_AndOnTheVerticalScale()
    {
        var chart = Parse(SvgCharts.LineChart("l", "t", [new ChartPoint("W1", 0), new ChartPoint("W2", 50), new ChartPoint("W3", 100)], min: 0, max: 100));

        var points = chart.Descendants(Svg + "circle").Select(c => (X: Number(c, "cx"), Y: Number(c, "cy"))).ToList();
        Assert.Equal(3, points.Count);
        Assert.Equal(points[1].X - points[0].X, points[2].X - points[1].X, 1);
        Assert.Equal((points[0].Y + points[2].Y) / 2, points[1].Y, 1);
        Assert.True(points[0].Y > points[2].Y, "a higher value is drawn higher up");
        Assert.Equal("W2: 50", chart.Descendants(Svg + "circle").ElementAt(1).Element(Svg + "title")!.Value);
        var line = Assert.Single(chart.Descendants(Svg + "polyline"));
        Assert.Equal(3, ((string)line.Attribute("points")!).Split(' ').Length);
    }

    [Fact]
    public void LineChart_AWeekWithoutData_IsAGapNotAZero()
    {
        var chart = Parse(SvgCharts.LineChart("l", "t", [new ChartPoint("W1", 80), new ChartPoint("W2", 82), new ChartPoint("W3", null), new ChartPoint("W4", 85), new ChartPoint("W5", 90)]));

        var lines = chart.Descendants(Svg + "polyline").Select(l => ((string)l.Attribute("points")!).Split(' ').Length).ToList();
        Assert.Equal([2, 2], lines);
        Assert.Equal(4, chart.Descendants(Svg + "circle").Count());
        Assert.Contains("W3: ", chart.Element(Svg + "desc")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void LineChart_ValueTexts_AndUnits_AreWhatTheTooltipsSay()
    {
        var chart = Parse(SvgCharts.LineChart("l", "t", [new ChartPoint("W1", 12.5, "12.5 %"), new ChartPoint("W2", 3)], unit: " %"));

        Assert.Equal(["W1: 12.5 %", "W2: 3 %"], chart.Descendants(Svg + "circle").Select(c => c.Element(Svg + "title")!.Value));
    }

    [Theory]
    [InlineData(83.2, 91.7, 82.5, 92.5, 2.5)]
    [InlineData(0, 100, 0, 100, 25)]
    [InlineData(5, 5, 4.5, 5.5, 0.25)]
    [InlineData(0, 0, -1, 1, 0.5)]
    [InlineData(0, 0.37, 0, 0.4, 0.1)]
    [InlineData(0, 0.3, 0, 0.3, 0.1)]
    public void NiceRange_StartsAndEndsOnRoundNumbers_AroundTheData(double low, double high, double expectedLow, double expectedHigh, double expectedStep)
    {
        var (niceLow, niceHigh, step) = SvgCharts.NiceRange(low, high);

        Assert.Equal((expectedLow, expectedHigh, expectedStep), (Math.Round(niceLow, 6), Math.Round(niceHigh, 6), Math.Round(step, 6)));
        Assert.True(niceLow <= low && niceHigh >= high);
    }

    [Fact]
    public void LineChart_AxisLabels_AreRoundSteps()
    {
        var chart = Parse(SvgCharts.LineChart("l", "t", [new ChartPoint("W1", 0.05), new ChartPoint("W2", 0.3)], min: 0));

        var labels = chart.Descendants(Svg + "text").Where(t => (string?)t.Attribute("text-anchor") == "end").Select(t => t.Value);
        Assert.Equal(["0", "0.1", "0.2", "0.3"], labels);
    }

    [Fact]
    public void Fit_ShortensLongLabels_CountingLatinLettersAsHalfWidth()
    {
        Assert.Equal("首句问候", SvgCharts.Fit("首句问候", 12));
        Assert.Equal("jargon-ratio", SvgCharts.Fit("jargon-ratio", 12));
        Assert.Equal("一二三四五六七八九十十…", SvgCharts.Fit("一二三四五六七八九十十一十二十三", 12));
    }

    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static double Number(XElement element, string attribute) => double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
