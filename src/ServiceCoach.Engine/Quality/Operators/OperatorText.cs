using System.Globalization;
using System.Text;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// What several operators measure and say the same way: which characters count as content
/// (for speech rate, jargon ratio and similarity), and how seconds and durations read in notes.
/// </summary>
internal static class OperatorText
{
    /// <summary>
    /// A content character is a letter or digit of any script (CJK ideographs are letters),
    /// counted per Unicode scalar so a rare ideograph outside the BMP counts once. Spaces,
    /// punctuation, symbols and emoji are not content: they are not "said".
    /// </summary>
    public static bool IsContent(Rune rune) => Rune.IsLetterOrDigit(rune);

    /// <summary>
    /// Clause breaks in normalised text: sentence and clause punctuation of both widths, the
    /// tilde chat writers end clauses with, and whitespace (chat platforms join separate messages
    /// of one turn with a space).
    /// </summary>
    public static bool IsClauseBreak(char c) => c switch
    {
        ',' or '.' or '!' or '?' or ';' or ':' or '~' or '。' or '，' or '！' or '？' or '；' or '：' or '、' or '～' or '…' => true,
        _ => char.IsWhiteSpace(c),
    };

    public static bool HasClauseBreak(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsClauseBreak(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The clause around [start, end) of <paramref name="text"/>: from the break before it to the break after it.</summary>
    public static (int Start, int End) ClauseAround(ReadOnlySpan<char> text, int start, int end)
    {
        var from = start;
        while (from > 0 && !IsClauseBreak(text[from - 1]))
        {
            from--;
        }

        var to = end;
        while (to < text.Length && !IsClauseBreak(text[to]))
        {
            to++;
        }

        return (from, to);
    }

    /// <summary>The number of content characters in <paramref name="text"/>.</summary>
    public static int CountContent(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsContent(rune))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The content characters of <paramref name="text"/> only, in order (whitespace and punctuation removed).</summary>
    public static string Compact(ReadOnlySpan<char> text)
    {
        var buffer = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        return new string(buffer[..Compact(text, buffer)]);
    }

    /// <summary>
    /// Writes the content characters of <paramref name="text"/> into <paramref name="destination"/>
    /// (at least as long as the text) and returns how many UTF-16 units were written: no allocation.
    /// </summary>
    public static int Compact(ReadOnlySpan<char> text, Span<char> destination)
    {
        var written = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsContent(rune))
            {
                written += rune.EncodeToUtf16(destination[written..]);
            }
        }

        return written;
    }

    /// <summary>Milliseconds as seconds for a note: "45", "30.5", "1.2" (at most one decimal).</summary>
    public static string Seconds(long milliseconds) =>
        Math.Round(milliseconds / 1000.0, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A duration the way a supervisor says it: "45 秒", "5 分钟", "6 分 10 秒", "1 小时 2 分".</summary>
    public static string Duration(long milliseconds)
    {
        var seconds = (long)Math.Round(milliseconds / 1000.0, MidpointRounding.AwayFromZero);
        if (seconds < 60)
        {
            return $"{Seconds(milliseconds)} 秒";
        }

        var hours = seconds / 3600;
        var minutes = seconds % 3600 / 60;
        var rest = seconds % 60;
        if (hours > 0)
        {
            return minutes == 0 ? $"{hours} 小时" : $"{hours} 小时 {minutes} 分";
        }

        return rest == 0 ? $"{minutes} 分钟" : $"{minutes} 分 {rest} 秒";
    }

    /// <summary>A number with up to <paramref name="decimals"/> decimals, invariant culture: 0.82, 7.3, 5.</summary>
    public static string Number(double value, int decimals = 2) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>A quotation for a note, shortened with … so a note stays one line.</summary>
    public static string Quote(string text, int max = 20) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>The reason a timing operator gives when it cannot judge (answer "na").</summary>
    public static string NoTimestamps(string what) => $"会话无时间戳，无法判断{what} (no timestamps)";

    /// <summary>"客户" / "客服" / "系统" for reasons.</summary>
    public static string SpeakerName(Conversations.Speaker speaker) => speaker switch
    {
        Conversations.Speaker.Agent => "客服",
        Conversations.Speaker.Customer => "客户",
        _ => "系统",
    };

    /// <summary>A range "≥ 60 秒" / "≤ 10" / "60–600 秒" for reasons.</summary>
    public static string Range(decimal? min, decimal? max, string unit) => (min, max) switch
    {
        ({ } a, { } b) => $"{Number(a)}–{Number(b)}{unit}",
        ({ } a, null) => $"≥ {Number(a)}{unit}",
        (null, { } b) => $"≤ {Number(b)}{unit}",
        _ => "",
    };

    /// <summary>Reads an optional min/max pair, at least one given and min ≤ max; false (with a problem) otherwise.</summary>
    public static bool MinMax(OperatorArguments arguments, string minKey, string maxKey, int lowest, int highest, out int? min, out int? max)
    {
        var map = arguments.Map;
        var before = map.Problems.Problems.Count;
        min = map.Int(minKey, lowest, highest);
        max = map.Int(maxKey, lowest, highest);
        if (map.Problems.Problems.Count != before)
        {
            return false;
        }

        if (min is null && max is null)
        {
            arguments.Problem($"Operator '{arguments.OperatorName}' in condition '{arguments.ConditionId}' needs '{minKey}' or '{maxKey}' (or both).");
            return false;
        }

        if (min > max)
        {
            arguments.Problem(map.LocationOf(minKey), $"Operator '{arguments.OperatorName}' in condition '{arguments.ConditionId}': '{minKey}' ({min}) is above '{maxKey}' ({max}).");
            return false;
        }

        return true;
    }

    public static bool Within(long value, long? min, long? max) => (min is null || value >= min) && (max is null || value <= max);

    /// <summary>Turn numbers are 1-based for people reading reasons and notes.</summary>
    public static int TurnNumber(int turnIndex) => turnIndex + 1;

    /// <summary>Joins names with the Chinese enumeration comma: 道歉与承诺、跟进回访.</summary>
    public static string List(IEnumerable<string> items) => string.Join("、", items);

    /// <summary>The located context used in problem messages.</summary>
    public static string Context(OperatorArguments arguments) => $"Operator '{arguments.OperatorName}' in condition '{arguments.ConditionId}'";

    /// <summary>Reads a list of enum names (case-insensitive), reporting each unknown item at its own location.</summary>
    public static List<TEnum>? EnumList<TEnum>(OperatorArguments arguments, string key, IReadOnlyDictionary<string, TEnum> allowed, bool required)
        where TEnum : struct
    {
        var items = arguments.Map.StringList(key, required);
        if (items is null)
        {
            return null;
        }

        var result = new List<TEnum>();
        var ok = true;
        foreach (var item in items)
        {
            var found = allowed.FirstOrDefault(a => string.Equals(a.Key, item.Value, StringComparison.OrdinalIgnoreCase));
            if (found.Key is null)
            {
                ok = false;
                var hint = StandardCompilation.Closest(item.Value, allowed.Keys);
                arguments.Problem(item.Location, $"'{item.Value}' is not a valid item of '{key}' in {arguments.Map.Context}; expected one of {string.Join(", ", allowed.Keys)}." +
                    (hint is null ? "" : $" Did you mean '{hint}'?"));
                continue;
            }

            if (!result.Contains(found.Value))
            {
                result.Add(found.Value);
            }
        }

        return ok ? result : null;
    }
}
