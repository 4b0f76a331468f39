using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace ServiceCoach.Web;

/// <summary>The formats every list and the dashboard export to.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// Writes a table (a header row, then rows of plain values) as CSV or XLSX for download. CSV is
/// UTF-8 with a byte-order mark (Excel then reads Chinese correctly) and RFC 4180 quoting; XLSX is
/// written by MiniExcel. A text cell that a spreadsheet would run as a formula (=, +, -, @) is
/// prefixed with an apostrophe: an exported transcript id must not become a formula (CSV injection).
/// </summary>
public static class TableExport
{
    /// <summary>At most this many rows per export; the file says when it was cut.</summary>
    public const int MaxRows = 50_000;

    public static ExportFormat? ParseFormat(string? value) => value?.ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => null,
    };

    public static IResult File(string baseName, ExportFormat format, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var name = baseName + (format == ExportFormat.Csv ? ".csv" : ".xlsx");
        return format == ExportFormat.Csv
            ? Results.File(Csv(headers, rows), "text/csv; charset=utf-8", name)
            : Results.File(Xlsx(headers, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendJoin(',', headers.Select(Quote)).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(v => Quote(Cell(v)))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] Xlsx(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var sheet = rows.Select(row =>
        {
            var values = new Dictionary<string, object?>(headers.Count, StringComparer.Ordinal);
            for (var i = 0; i < headers.Count; i++)
            {
                var value = i < row.Count ? row[i] : null;
                values[headers[i]] = value is string s ? Safe(s) : value is DateTime d ? d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : value;
            }

            return values;
        });
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheet, printHeader: true, sheetName: "export", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => Safe(s),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Text that a spreadsheet would read as a formula gets a leading apostrophe.</summary>
    private static string Safe(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
