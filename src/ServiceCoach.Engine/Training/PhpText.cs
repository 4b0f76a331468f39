using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ServiceCoach.Training;

/// <summary>
/// The string rules Moodle's GIFT code runs on (PHP's), written down so our importer and exporter
/// agree with Moodle byte for byte: which characters <c>trim</c> removes (never U+3000, the
/// ideographic space, which Chinese text uses), which strings count as empty or false ("0" does),
/// how <c>substr</c> treats negative lengths, what <c>is_numeric</c> accepts and how a float is
/// printed. Our own behaviour, implemented from the PHP manual.
/// </summary>
internal static partial class PhpText
{
    private const string TrimCharacters = " \t\n\r\0\v";

    public static string Trim(string text) => text.Trim(TrimCharacters.ToCharArray());

    /// <summary>PHP's <c>empty()</c> for a string: "" and "0".</summary>
    public static bool IsEmpty(string? text) => string.IsNullOrEmpty(text) || text == "0";

    /// <summary>A string in a PHP <c>if</c>: false for "" and "0".</summary>
    public static bool IsTruthy(string? text) => !IsEmpty(text);

    /// <summary>
    /// GIFT's answer text when the first '}' comes before the first '{': PHP's
    /// <c>substr($text, $start + 1, $length - 1)</c> with the negative byte length
    /// <paramref name="charLength"/> converted to bytes; <paramref name="byteLength"/> returns that
    /// byte length for <see cref="SubstrReplaceBytes"/>. Offsets are character indexes of ASCII braces.
    /// </summary>
    public static string SubstrBytes(string text, int start, int charLength, out int byteLength)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var startByte = Encoding.UTF8.GetByteCount(text.AsSpan(0, start));
        var finishByte = Encoding.UTF8.GetByteCount(text.AsSpan(0, start + charLength));
        byteLength = finishByte - startByte;
        var from = startByte + 1;
        var length = byteLength - 1;
        var end = length < 0 ? bytes.Length + length : Math.Min(bytes.Length, from + length);
        return end <= from || from > bytes.Length ? string.Empty : Encoding.UTF8.GetString(bytes, from, end - from);
    }

    /// <summary>PHP <c>substr_replace</c> on the UTF-8 bytes: <paramref name="start"/> is a character index, <paramref name="byteLength"/> a byte length.</summary>
    public static string SubstrReplaceBytes(string text, string replacement, int start, int byteLength)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var from = Math.Min(Encoding.UTF8.GetByteCount(text.AsSpan(0, start)), bytes.Length);
        if (byteLength < 0)
        {
            byteLength = Math.Max(0, bytes.Length - from + byteLength);
        }

        byteLength = Math.Min(byteLength, bytes.Length - from);
        var output = new byte[from + Encoding.UTF8.GetByteCount(replacement) + bytes.Length - from - byteLength];
        bytes.AsSpan(0, from).CopyTo(output);
        var written = Encoding.UTF8.GetBytes(replacement, output.AsSpan(from));
        bytes.AsSpan(from + byteLength).CopyTo(output.AsSpan(from + written));
        return Encoding.UTF8.GetString(output);
    }

    /// <summary>PHP 8 <c>is_numeric</c> for a string: optional surrounding whitespace, sign, digits, decimals, exponent.</summary>
    public static bool IsNumeric(string text) => NumericPattern().IsMatch(text);

    /// <summary>The value of a numeric string (see <see cref="IsNumeric"/>); null when it is not numeric.</summary>
    public static double? ToNumber(string text)
    {
        if (!IsNumeric(text))
        {
            return null;
        }

        return double.Parse(text.Trim(" \t\n\r\v\f".ToCharArray()), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The value PHP 8 arithmetic takes from a string: a numeric string's value, or the numeric
    /// prefix of a leading-numeric one ("5abc" is 5, ".5." is 0.5); null where PHP throws a TypeError.
    /// </summary>
    public static double? ToNumberLeading(string text)
    {
        var match = LeadingNumericPattern().Match(text);
        return match.Success
            ? double.Parse(match.Value.TrimStart(" \t\n\r\v\f".ToCharArray()), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>
    /// A float as PHP prints it (<c>precision</c> = 14): 100, 33.33333, -50, 1.0E-5, 1.0E+20.
    /// </summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NAN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "INF" : "-INF";
        }

        var text = value.ToString("G14", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var mantissa = text[..e];
        if (!mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa += ".0";
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "E" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// PHP's <c>strip_tags</c>: removes HTML tags (quotes inside a tag are respected), comments and
    /// processing instructions; a <c>&lt;</c> followed by whitespace is text. An unclosed tag
    /// swallows the rest, as in PHP.
    /// </summary>
    public static string StripTags(string text, string? allowedTag = null)
    {
        if (!text.Contains('<', StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '<' || i + 1 >= text.Length || IsAsciiSpace(text[i + 1]))
            {
                if (c == '<' && i + 1 >= text.Length)
                {
                    break;
                }

                output.Append(c);
                i++;
                continue;
            }

            if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                var close = text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 3;
                continue;
            }

            if (text[i + 1] == '?')
            {
                var close = text.IndexOf("?>", i + 2, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 2;
                continue;
            }

            var end = SkipTag(text, i);
            if (allowedTag is not null && IsTag(text.AsSpan(i, end - i), allowedTag))
            {
                output.Append(text, i, end - i);
            }

            i = end;
        }

        return output.ToString();
    }

    private static bool IsAsciiSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    private static bool IsTag(ReadOnlySpan<char> tag, string name)
    {
        tag = tag.TrimStart('<').TrimStart('/');
        return tag.StartsWith(name, StringComparison.OrdinalIgnoreCase)
            && (tag.Length == name.Length || !char.IsAsciiLetterOrDigit(tag[name.Length]));
    }

    private static int SkipTag(string text, int start)
    {
        var depth = 0;
        char quote = '\0';
        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '<':
                    depth++;
                    break;
                case '>' when depth > 0:
                    depth--;
                    break;
                case '>':
                    return i + 1;
            }
        }

        return text.Length;
    }

    /// <summary>
    /// Moodle's <c>clean_param(PARAM_TEXT)</c>: strips every tag except well-formed multilang spans
    /// (<c>&lt;span lang="zh_cn" class="multilang"&gt;</c> or <c>&lt;lang lang="…"&gt;</c>).
    /// </summary>
    public static string CleanText(string text)
    {
        text = text.Replace("\0", string.Empty, StringComparison.Ordinal);
        if (text.Contains("</lang>", StringComparison.Ordinal))
        {
            var kept = StripTags(text, "lang");
            if (KeepsOnly(kept, "lang", LangTag()))
            {
                return kept;
            }
        }
        else if (text.Contains("</span>", StringComparison.Ordinal))
        {
            var kept = StripTags(text, "span");
            if (KeepsOnly(kept, "span", MultilangSpanTag()))
            {
                return kept;
            }
        }

        return StripTags(text);
    }

    private static bool KeepsOnly(string text, string tag, Regex opening)
    {
        var open = false;
        foreach (Match match in AnyTag().Matches(text))
        {
            if (match.Value == "</" + tag + ">")
            {
                if (!open)
                {
                    return false;
                }

                open = false;
                continue;
            }

            if (!opening.IsMatch(match.Value))
            {
                return false;
            }

            open = true;
        }

        return !open;
    }

    /// <summary>
    /// Moodle's <c>shorten_text($text, $ideal)</c>: cuts text to about <paramref name="ideal"/>
    /// characters at a space, a full stop or any CJK character, appends "...", counts an HTML entity
    /// as one character and closes the tags it cut open. Used for default question names.
    /// </summary>
    public static string ShortenText(string text, int ideal)
    {
        const string ending = "...";
        if (CodePoints(TagLike().Replace(text, string.Empty)) <= ideal)
        {
            return text;
        }

        var total = CodePoints(ending);
        var truncate = new StringBuilder();
        var tags = new List<(bool Open, string Tag)>();
        foreach (Match line in HtmlSplit().Matches(text))
        {
            var tag = line.Groups[1].Value;
            var plain = line.Groups[2].Value;
            if (IsTruthy(tag))
            {
                if (!EmptyElement().IsMatch(tag))
                {
                    if (ClosingTag().Match(tag) is { Success: true } closing)
                    {
                        tags.Add((false, closing.Groups[1].Value.ToLowerInvariant()));
                    }
                    else if (OpeningTag().Match(tag) is { Success: true } opening)
                    {
                        tags.Add((true, opening.Groups[1].Value.ToLowerInvariant()));
                    }
                    else if (ConditionalCommentOpen().IsMatch(tag))
                    {
                        tags.Add((true, "if"));
                    }
                    else if (ConditionalCommentClose().IsMatch(tag))
                    {
                        tags.Add((false, "if"));
                    }
                }

                truncate.Append(tag);
            }

            var length = CodePoints(Entity().Replace(plain, " "));
            if (total + length > ideal)
            {
                var left = ideal - total;
                var entitiesLength = 0;
                foreach (Match entity in Entity().Matches(plain))
                {
                    if (entity.Index + 1 - entitiesLength <= left)
                    {
                        left--;
                        entitiesLength += CodePoints(entity.Value);
                    }
                    else
                    {
                        break;
                    }
                }

                var characters = Runes(plain);
                var breakpos = left + entitiesLength;
                for (; breakpos > 0; breakpos--)
                {
                    var character = breakpos < characters.Count ? characters[breakpos].ToString() : string.Empty;
                    if (!IsTruthy(character))
                    {
                        continue;
                    }

                    if (character is "." or " " || Encoding.UTF8.GetByteCount(character) > 2)
                    {
                        breakpos++;
                        break;
                    }
                }

                if (breakpos == 0 || breakpos > left + entitiesLength)
                {
                    breakpos = left + entitiesLength;
                }

                foreach (var rune in characters.Take(Math.Max(0, breakpos)))
                {
                    truncate.Append(rune.ToString());
                }

                break;
            }

            truncate.Append(plain);
            total += length;
            if (total >= ideal)
            {
                break;
            }
        }

        truncate.Append(ending);
        var openTags = new List<string>();
        foreach (var (open, tag) in tags)
        {
            if (open)
            {
                openTags.Insert(0, tag);
            }
            else
            {
                var index = openTags.LastIndexOf(tag);
                if (index >= 0)
                {
                    openTags.RemoveAt(index);
                }
            }
        }

        foreach (var tag in openTags)
        {
            truncate.Append(tag == "if" ? "<!--<![endif]-->" : "</" + tag + ">");
        }

        return truncate.ToString();
    }

    /// <summary>Characters as PHP's <c>mb_strlen</c> counts them (code points, not UTF-16 units).</summary>
    public static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static List<Rune> Runes(string text)
    {
        var runes = new List<Rune>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            runes.Add(rune);
        }

        return runes;
    }

    [GeneratedRegex(@"^[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericPattern();

    [GeneratedRegex(@"^[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNumericPattern();

    [GeneratedRegex("<.*?>", RegexOptions.CultureInvariant)]
    private static partial Regex TagLike();

    [GeneratedRegex("(<.+?>)?([^<>]*)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlSplit();

    [GeneratedRegex(@"^<(\s*.+?/\s*|\s*(img|br|input|hr|area|base|basefont|col|frame|isindex|link|meta|param)(\s.+?)?)>$", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmptyElement();

    [GeneratedRegex(@"^<\s*/([^\s]+?)\s*>$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ClosingTag();

    [GeneratedRegex(@"^<\s*([^\s>!]+).*?>$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex OpeningTag();

    [GeneratedRegex(@"^<!--\[if\s.*?\]>$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ConditionalCommentOpen();

    [GeneratedRegex(@"^<!--<!\[endif\]-->$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ConditionalCommentClose();

    [GeneratedRegex("&[0-9a-z]{2,8};|&#[0-9]{1,7};|&#x[0-9a-f]{1,6};", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Entity();

    [GeneratedRegex("<.*?>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex AnyTag();

    [GeneratedRegex("^<lang lang=\"[a-zA-Z0-9_-]+\"\\s*>$", RegexOptions.CultureInvariant)]
    private static partial Regex LangTag();

    [GeneratedRegex("^<span(\\s+lang=\"[a-zA-Z0-9_-]+\"|\\s+class=\"multilang\"){2}\\s*>$", RegexOptions.CultureInvariant)]
    private static partial Regex MultilangSpanTag();
}
