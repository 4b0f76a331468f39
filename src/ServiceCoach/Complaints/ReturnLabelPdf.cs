using System.Globalization;
using System.Text;
using QRCoder;

namespace ServiceCoach.Complaints;

/// <summary>What a return label shows.</summary>
public sealed record ReturnLabelData(
    string AuthorizationCode,
    string From,
    string ReturnAddress,
    string Category,
    string Kind,
    string Reason,
    string Shipping,
    string Issued);

/// <summary>
/// A printable 100 × 150 mm return label as PDF, with a QR code of the return authorisation.
/// Written directly rather than with a PDF library: Chinese text uses the PDF standard's
/// non-embedded Adobe-GB1 font (STSong-Light, UniGB-UCS2-H), which every PDF reader substitutes
/// with a system Chinese font, so no font file has to ship with ServiceCoach — the CJK fonts
/// Debian ships have PostScript (CFF) outlines that PDF libraries such as PDFsharp cannot embed.
/// The QR code is drawn as vector squares from QRCoder's module matrix: sharp at any print size.
/// </summary>
public static class ReturnLabelPdf
{
    private const double Mm = 72 / 25.4;
    private const double Width = 100 * Mm;
    private const double Height = 150 * Mm;

    public static byte[] Render(ReturnLabelData label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var content = new StringBuilder();
        var y = Height - (12 * Mm);
        void Text(string text, double size, double x = 8 * Mm)
        {
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 {size:0.##} Tf {x:0.##} {y:0.##} Td <{Ucs2(text)}> Tj ET\n");
            y -= size * 1.45;
        }

        void Rule()
        {
            y += 2;
            content.Append(CultureInfo.InvariantCulture, $"0.8 w {8 * Mm:0.##} {y:0.##} m {Width - (8 * Mm):0.##} {y:0.##} l S\n");
            y -= 8;
        }

        Text("退货标签 RETURN LABEL", 16);
        Text(label.AuthorizationCode, 14);
        Rule();
        Text("收件人（退货地址） TO", 9);
        foreach (var line in Wrap(label.ReturnAddress, 20))
        {
            Text(line, 12);
        }

        Rule();
        Text("寄件人 FROM", 9);
        foreach (var line in Wrap(label.From, 24))
        {
            Text(line, 11);
        }

        Rule();
        Text($"商品类别：{label.Category}", 10);
        Text($"类型：{label.Kind}　原因：{label.Reason}", 10);
        Text($"运费：{label.Shipping}", 10);
        Text($"签发：{label.Issued}", 9);

        // The QR code in the bottom right, 36 mm square with its quiet zone.
        using var generator = new QRCodeGenerator();
        using var qr = generator.CreateQrCode(label.AuthorizationCode, QRCodeGenerator.ECCLevel.M);
        var modules = qr.ModuleMatrix;
        var size = 36 * Mm;
        var cell = size / modules.Count;
        var left = Width - (8 * Mm) - size;
        var bottom = 8 * Mm;
        content.Append("0 g\n");
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules.Count; column++)
            {
                if (modules[row][column])
                {
                    var x = left + (column * cell);
                    var top = bottom + size - ((row + 1) * cell);
                    content.Append(CultureInfo.InvariantCulture, $"{x:0.###} {top:0.###} {cell:0.###} {cell:0.###} re\n");
                }
            }
        }

        content.Append("f\n");
        y = bottom + (4 * Mm);
        Text("扫码核对退货授权", 8, 8 * Mm);
        return Document(content.ToString());
    }

    /// <summary>Lines of at most <paramref name="width"/> characters (Chinese has no spaces to break at).</summary>
    internal static IEnumerable<string> Wrap(string text, int width)
    {
        foreach (var paragraph in (text ?? "").Split('\n'))
        {
            var rest = paragraph.Trim();
            while (rest.Length > width)
            {
                yield return rest[..width];
                rest = rest[width..];
            }

            if (rest.Length > 0)
            {
                yield return rest;
            }
        }
    }

    /// <summary>UCS-2 big-endian hex, as the UniGB-UCS2-H encoding reads it (characters beyond the BMP become '?').</summary>
    internal static string Ucs2(string text)
    {
        var hex = new StringBuilder(text.Length * 4);
        foreach (var c in text)
        {
            var code = char.IsSurrogate(c) ? '?' : c;
            hex.Append(((int)code).ToString("X4", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    private static byte[] Document(string content)
    {
        var stream = Encoding.ASCII.GetBytes(content);
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            string.Create(CultureInfo.InvariantCulture, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Width:0.##} {Height:0.##}] /Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>"),
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 /W [1 95 500] >>",
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        ];
        using var output = new MemoryStream();
        void Write(string s) => output.Write(Encoding.ASCII.GetBytes(s));
        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n".Replace("\u00e2\u00e3\u00cf\u00d3", "~~~~", StringComparison.Ordinal));
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(output.Position);
            Write(string.Create(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n"));
        }

        offsets.Add(output.Position);
        Write(string.Create(CultureInfo.InvariantCulture, $"{objects.Length + 1} 0 obj\n<< /Length {stream.Length} >>\nstream\n"));
        output.Write(stream);
        Write("\nendstream\nendobj\n");
        var xref = output.Position;
        Write(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n"));
        }

        Write(string.Create(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return output.ToArray();
    }
}
