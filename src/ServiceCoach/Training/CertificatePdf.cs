using System.Buffers.Binary;
using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace ServiceCoach.Training;

/// <summary>
/// Renders a certificate as a one-page A4 landscape PDF with PDFsharp. Chinese needs a CJK font:
/// the first that exists of SERVICECOACH_CERTIFICATE_FONT, WenQuanYi Zen Hei, Droid Sans Fallback,
/// AR PL UMing, the Windows fonts SimHei / Microsoft YaHei, and Noto Sans CJK. TrueType-outline fonts
/// are embedded as a subset (tens of kilobytes); Noto's PostScript outlines are embedded whole
/// (megabytes), which is why it comes last.
/// </summary>
public static class CertificatePdf
{
    public const string FontVariable = "SERVICECOACH_CERTIFICATE_FONT";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        @"C:\Windows\Fonts\simhei.ttf",
        @"C:\Windows\Fonts\msyh.ttc",
        "/System/Library/Fonts/STHeiti Medium.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ];

    private static readonly Lazy<byte[]?> Font = new(LoadFont);
    private static readonly Lock Gate = new();
    private static bool _resolverSet;

    /// <summary>True when a CJK font was found.</summary>
    public static bool Available => Font.Value is not null;

    public static byte[] Render(CertificateView certificate, string verifyUrl)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var font = Font.Value ?? throw new InvalidOperationException($"No Chinese font was found for certificates: install fonts-wqy-zenhei (Debian) or set {FontVariable} to a .ttf/.ttc file.");
        lock (Gate)
        {
            if (!_resolverSet)
            {
                GlobalFontSettings.FontResolver ??= new Resolver(font);
                _resolverSet = true;
            }
        }

        using var document = new PdfDocument();
        document.Info.Title = $"{certificate.ProgrammeName} · {certificate.LearnerName}";
        document.Info.Creator = "ServiceCoach";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        using (var g = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            var blue = XColor.FromArgb(21, 101, 192);
            g.DrawRectangle(new XPen(blue, 4), 24, 24, width - 48, height - 48);
            g.DrawRectangle(new XPen(blue, 1), 34, 34, width - 68, height - 68);
            var center = new XStringFormat { Alignment = XStringAlignment.Center, LineAlignment = XLineAlignment.Center };
            void Line(string text, double size, double y, XBrush? brush = null) =>
                g.DrawString(text, new XFont(Resolver.Family, size), brush ?? XBrushes.Black, new XRect(0, y, width, size * 1.6), center);

            Line("结 业 证 书", 40, 80, new XSolidBrush(blue));
            Line("Certificate of Completion", 16, 140, XBrushes.Gray);
            Line("兹证明", 18, 200);
            Line(certificate.LearnerName, 34, 240);
            Line($"完成培训计划「{certificate.ProgrammeName}」，综合成绩 {certificate.CompositePercent.ToString("0.#", CultureInfo.InvariantCulture)} 分，考核合格。", 16, 310);
            Line($"has completed the programme with a composite grade of {certificate.CompositePercent.ToString("0.#", CultureInfo.InvariantCulture)}.", 12, 345, XBrushes.Gray);
            Line($"颁发日期 Issued {certificate.IssuedAtUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", 12, 410);
            Line($"证书编号（验证码）Verification code: {certificate.Code}", 14, 440, new XSolidBrush(blue));
            Line($"验证 Verify: {verifyUrl}", 10, 470, XBrushes.Gray);
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static byte[]? LoadFont()
    {
        var configured = Environment.GetEnvironmentVariable(FontVariable);
        foreach (var path in (configured is { Length: > 0 } ? [configured] : Array.Empty<string>()).Concat(Candidates))
        {
            try
            {
                if (File.Exists(path))
                {
                    var bytes = File.ReadAllBytes(path);
                    return bytes.AsSpan().StartsWith("ttcf"u8) ? FirstFace(bytes) : bytes;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>PDFsharp reads single fonts, not collections: copies the first face of a .ttc into a standalone font file.</summary>
    internal static byte[] FirstFace(byte[] collection)
    {
        var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(collection.AsSpan(12));
        var count = BinaryPrimitives.ReadUInt16BigEndian(collection.AsSpan(offset + 4));
        var header = 12 + (16 * count);
        var tables = new (uint Tag, uint Sum, int Offset, int Length)[count];
        for (var i = 0; i < count; i++)
        {
            var record = collection.AsSpan(offset + 12 + (16 * i));
            tables[i] = (BinaryPrimitives.ReadUInt32BigEndian(record), BinaryPrimitives.ReadUInt32BigEndian(record[4..]),
                (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }

        var font = new byte[header + tables.Sum(t => (t.Length + 3) & ~3)];
        Array.Copy(collection, offset, font, 0, 12);
        var position = header;
        for (var i = 0; i < count; i++)
        {
            var (tag, sum, from, length) = tables[i];
            var record = font.AsSpan(12 + (16 * i));
            BinaryPrimitives.WriteUInt32BigEndian(record, tag);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], sum);
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)length);
            Array.Copy(collection, from, font, position, length);
            position += (length + 3) & ~3;
        }

        return font;
    }

    private sealed class Resolver(byte[] font) : IFontResolver
    {
        public const string Family = "ServiceCoach CJK";

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new("servicecoach-cjk");

        public byte[]? GetFont(string faceName) => font;
    }
}
