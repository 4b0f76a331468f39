using System.Text.RegularExpressions;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

internal enum EntityKind
{
    OrderNumber,
    Phone,
    Date,
    Amount,
    Email,
}

/// <summary>
/// Whether the agent (or customer) mentioned concrete facts: an order number, a phone number, a
/// date, an amount, an e-mail address — including the placeholders desensitised transcripts put
/// in their place (<c>[ORDERID_12345]</c>, <c>[电话1]</c>, <c>[日期2]</c>, <c>[金额3]</c>).
/// <c>mode: any</c> (default) hits when one of the kinds occurs in the scoped turns, <c>all</c>
/// when every kind does. Evidence: each mention, noted with its kind.
/// </summary>
/// <remarks>
/// Recognition is pattern based on the normalised text (half-width digits, lower case,
/// simplified script) with the linear-time regex engine, so full-width "１３９…" and traditional
/// "訂單號" count. Digits that run on into more digits are never a phone number or a date: a
/// match must not start right after a digit or end right before one. A bare run of 8–20 digits
/// counts as an order number unless it is shaped like a phone number (mobile, 400/800, landline
/// with area code), which is the far likelier reading.
/// </remarks>
internal sealed class EntityOperator : ICheckOperator
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private static readonly Dictionary<string, EntityKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["orderNumber"] = EntityKind.OrderNumber,
        ["phone"] = EntityKind.Phone,
        ["date"] = EntityKind.Date,
        ["amount"] = EntityKind.Amount,
        ["email"] = EntityKind.Email,
    };

    private static readonly Dictionary<string, bool> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["any"] = false,
        ["all"] = true,
    };

    private static readonly Regex OrderPattern = new(
        @"\[(?:orderid|order_id|订单号?)[_\-]?[0-9a-z]*\]" +
        @"|(?:订单编号|订单号|运单号|单号|订单|order\s*(?:no\.?|id|number|#)?)\s*[:#]?\s*(?:是|为)?\s*[:#]?\s*[0-9a-z][0-9a-z\-]{5,29}",
        Options);

    private static readonly Regex PhonePattern = new(
        @"\[(?:电话|手机号?|联系方式|phone|tel|mobile)[^\[\]]{0,16}\]" +
        @"|(?:\+?86[ \-]?)?1[3-9][0-9](?:[0-9]{8}|[ \-][0-9]{4}[ \-][0-9]{4}|[*x×·•]{4}[0-9]{4})" +
        @"|[48]00[ \-]?[0-9]{3}[ \-]?[0-9]{4}" +
        @"|\(0[0-9]{2,3}\)[ \-]?[0-9]{7,8}|0[0-9]{2,3}-?[0-9]{7,8}",
        Options);

    private static readonly Regex DatePattern = new(
        @"\[(?:日期|时间|date)[^\[\]]{0,16}\]" +
        @"|(?:19|20)[0-9]{2}(?:[\-/.][0-9]{1,2}[\-/.][0-9]{1,2}|年[0-9]{1,2}月(?:[0-9]{1,2}[日号])?)" +
        @"|[0-9]{1,2}月[0-9]{1,2}[日号]|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]" +
        @"|大后天|后天|明天|今天|昨天|前天|今晚|明早|明晚|月底|月初|下个?月|周末" +
        @"|(?:这|本|下下|下|上)个?(?:周|星期|礼拜)[一二三四五六日天1-7]?|(?:周|星期|礼拜)[一二三四五六日天1-7]",
        Options);

    private static readonly Regex AmountPattern = new(
        @"\[(?:金额|价格|amount|money)[^\[\]]{0,16}\]" +
        @"|(?:[¥￥]|rmb|人民币)\s?[0-9][0-9,]*(?:\.[0-9]+)?" +
        @"|[0-9][0-9,]*(?:\.[0-9]+)?\s?(?:万元|元|块|rmb|人民币)" +
        @"|[零一二两三四五六七八九十百千万]+(?:块钱|元)",
        Options);

    private static readonly Regex EmailPattern = new(
        @"\[(?:邮箱|email|e-mail)[^\[\]]{0,16}\]" +
        @"|[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}",
        Options);

    public string Name => "entity";

    public string Summary => "hits when the turns mention order numbers, phone numbers, dates, amounts or e-mail addresses (mode any | all)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var kinds = OperatorText.EnumList(arguments, "kinds", Kinds, required: true);
        var all = arguments.Map.Enum("mode", Modes) ?? false;
        return kinds is null ? null : new Compiled([.. kinds], all);
    }

    internal static string NameOf(EntityKind kind) => kind switch
    {
        EntityKind.OrderNumber => "订单号",
        EntityKind.Phone => "电话",
        EntityKind.Date => "日期",
        EntityKind.Amount => "金额",
        _ => "邮箱",
    };

    /// <summary>Writes the spans of one kind in normalised text into <paramref name="spans"/> (cleared first): in order, nested ones dropped.</summary>
    internal static void Find(EntityKind kind, ReadOnlySpan<char> text, List<(int Start, int Length)> spans)
    {
        spans.Clear();
        var pattern = kind switch
        {
            EntityKind.OrderNumber => OrderPattern,
            EntityKind.Phone => PhonePattern,
            EntityKind.Date => DatePattern,
            EntityKind.Amount => AmountPattern,
            _ => EmailPattern,
        };
        foreach (var match in pattern.EnumerateMatches(text))
        {
            if (kind == EntityKind.OrderNumber && !ContainsDigit(text.Slice(match.Index, match.Length)))
            {
                // "订单状态" after the prefix is a word, not a number.
                continue;
            }

            if (StandsAlone(text, match.Index, match.Length))
            {
                spans.Add((match.Index, match.Length));
            }
        }

        if (kind == EntityKind.OrderNumber)
        {
            AddBareOrderNumbers(text, spans);
        }

        // "订单号是 SO2026…" and the bare digits inside it are one mention. Sorted by start (longest
        // first), a span is nested exactly when an earlier span reaches at least as far.
        spans.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var kept = 0;
        var reach = -1;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (span.Start + span.Length > reach)
            {
                spans[kept++] = span;
                reach = span.Start + span.Length;
            }
        }

        spans.RemoveRange(kept, spans.Count - kept);
    }

    /// <summary>A match that starts or ends with a digit must not continue a longer run of digits.</summary>
    private static bool StandsAlone(ReadOnlySpan<char> text, int start, int length)
    {
        var end = start + length;
        return !(char.IsAsciiDigit(text[start]) && start > 0 && char.IsAsciiDigit(text[start - 1])) &&
            !(char.IsAsciiDigit(text[end - 1]) && end < text.Length && char.IsAsciiDigit(text[end]));
    }

    private static bool ContainsDigit(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddBareOrderNumbers(ReadOnlySpan<char> text, List<(int Start, int Length)> spans)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            var run = text[start..i];
            var besideAt = (start > 0 && text[start - 1] == '@') || (i < text.Length && text[i] == '@');
            if (run.Length is >= 8 and <= 20 && !besideAt && !LooksLikePhone(run))
            {
                spans.Add((start, run.Length));
            }
        }
    }

    private static bool LooksLikePhone(ReadOnlySpan<char> digits) =>
        (digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9') ||
        (digits.Length == 10 && digits[1] == '0' && digits[2] == '0' && digits[0] is '4' or '8') ||
        (digits.Length is >= 10 and <= 12 && digits[0] == '0');

    private sealed class Compiled(EntityKind[] kinds, bool all) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            Span<bool> found = stackalloc bool[kinds.Length];
            var spans = new List<(int Start, int Length)>();
            foreach (var turn in scope)
            {
                var text = context.NormalizedText(turn);
                for (var k = 0; k < kinds.Length; k++)
                {
                    Find(kinds[k], text, spans);
                    foreach (var (start, length) in spans)
                    {
                        found[k] = true;
                        context.AddEvidence(new EvidenceItem(turn, start, length, null, NameOf(kinds[k])));
                    }
                }
            }

            var missing = new List<string>();
            for (var k = 0; k < kinds.Length; k++)
            {
                if (!found[k])
                {
                    missing.Add(NameOf(kinds[k]));
                }
            }

            if (all && missing.Count > 0)
            {
                context.AddReason($"未提及：{OperatorText.List(missing)}");
            }

            var hits = all ? missing.Count == 0 : missing.Count < kinds.Length;
            return hits ? Truth.True : Truth.False;
        }
    }
}
