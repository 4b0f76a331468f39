using System.Buffers.Binary;
using PdfSharp.Fonts;

namespace ServiceCoach.Pdf;

/// <summary>
/// The Chinese font every PDF (certificates, scorecards) is written in, with PDFsharp. The first that
/// exists of SERVICECOACH_CERTIFICATE_FONT, WenQuanYi Zen Hei, Droid Sans Fallback, AR PL UMing, the
/// Windows fonts SimHei / Microsoft YaHei, and Noto Sans CJK. TrueType-outline fonts are embedded as a
/// subset (tens of kilobytes); Noto's PostScript outlines are embedded whole (megabytes), which is why
/// it comes last.
/// </summary>
public static class CjkPdfFont
{
    public const string FontVariable = "SERVICECOACH_CERTIFICATE_FONT";

    /// <summary>The family name to give XFont: every name resolves to the one CJK face.</summary>
    public const string Family = "ServiceCoach CJK";

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

    /// <summary>Makes PDFsharp use the font; throws a message an operator can act on when there is none.</summary>
    public static void Use()
    {
        var font = Font.Value ?? throw new InvalidOperationException($"No Chinese font was found for PDFs: install fonts-wqy-zenhei (Debian) or set {FontVariable} to a .ttf/.ttc file.");
        lock (Gate)
        {
            if (!_resolverSet)
            {
                GlobalFontSettings.FontResolver ??= new Resolver(font);
                _resolverSet = true;
            }
        }
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
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new("servicecoach-cjk");

        public byte[]? GetFont(string faceName) => font;
    }
}
