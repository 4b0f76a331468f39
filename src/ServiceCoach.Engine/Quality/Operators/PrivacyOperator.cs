using System.Text.RegularExpressions;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

internal enum PrivateDataKind
{
    Phone,
    IdCard,
    BankCard,
}

/// <summary>
/// Customer private data shown in full (R-STD-4: never expose customer private data). Hits when a
/// scoped turn contains, unmasked: a mainland mobile number (1[3-9] + 9 digits, or 3-4-4 groups
/// with spaces or hyphens); an 18-character resident ID number (17 digits + digit or X) whose
/// ISO 7064 MOD 11-2 check character is right; or a bank card number of 16–19 digits (optionally
/// in groups of 4) that passes the Luhn check. None may be part of a longer run of digits. Masked
/// forms (139****5678) do not hit: the mask breaks the run. Evidence: each number, with a
/// suggestion showing it masked.
/// </summary>
/// <remarks>
/// The check digits are what keep an order number from being reported as an ID or a card: a
/// random 18-digit run passes MOD 11-2 one time in 11, a random 16-digit run passes Luhn one
/// time in 10. The 15-digit first-generation ID has no check digit, so any 15-digit order number
/// would match it; those cards all expired by 2013, so it is deliberately not recognised.
/// </remarks>
internal sealed class PrivacyOperator : ICheckOperator
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private static readonly Dictionary<string, PrivateDataKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["phone"] = PrivateDataKind.Phone,
        ["idCard"] = PrivateDataKind.IdCard,
        ["bankCard"] = PrivateDataKind.BankCard,
    };

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private const string IdCheckCharacters = "10x98765432";

    /// <summary>Numbers written in groups: 139 1234 5678, 6222-0212-3456-7890-123, 110101 19900307 851X.</summary>
    private static readonly Regex Grouped = new(
        @"1[3-9][0-9][ \-][0-9]{4}[ \-][0-9]{4}" +
        @"|[0-9]{6}[ \-][0-9]{8}[ \-][0-9]{3}[0-9x]" +
        @"|[0-9]{4}(?:[ \-][0-9]{4}){3}(?:[ \-][0-9]{1,3})?",
        Options);

    public string Name => "privacy";

    public string Summary => "hits when a full (unmasked) mobile number, ID card number or bank card number appears";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var kinds = arguments.Map.Has("kinds")
            ? OperatorText.EnumList(arguments, "kinds", Kinds, required: false)
            : [PrivateDataKind.Phone, PrivateDataKind.IdCard, PrivateDataKind.BankCard];
        return kinds is null ? null : new Compiled([.. kinds]);
    }

    /// <summary>Writes every unmasked private number in normalised text into <paramref name="found"/> (cleared first), in order.</summary>
    internal static void Find(ReadOnlySpan<char> text, List<(int Start, int Length, PrivateDataKind Kind)> found)
    {
        found.Clear();
        FindContiguous(text, found);
        foreach (var match in Grouped.EnumerateMatches(text))
        {
            if (!StandsAlone(text, match.Index, match.Length))
            {
                continue;
            }

            if (ClassifyGrouped(text.Slice(match.Index, match.Length)) is { } kind)
            {
                found.Add((match.Index, match.Length, kind));
            }
        }

        found.Sort();
    }

    private static PrivateDataKind? ClassifyGrouped(ReadOnlySpan<char> grouped)
    {
        Span<char> digits = stackalloc char[grouped.Length];
        var count = 0;
        foreach (var c in grouped)
        {
            if (c is not (' ' or '-'))
            {
                digits[count++] = c;
            }
        }

        return Classify(digits[..count]);
    }

    /// <summary>
    /// A run of digits (an ID may end in X) that touches no other digit. "+8613912345678" is a
    /// 13-digit run whose last 11 digits are the mobile number.
    /// </summary>
    private static void FindContiguous(ReadOnlySpan<char> text, List<(int Start, int Length, PrivateDataKind Kind)> found)
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

            var end = i;
            if (end - start == 17 && end < text.Length && text[end] == 'x' && (end + 1 == text.Length || !char.IsAsciiLetterOrDigit(text[end + 1])))
            {
                end++;
            }

            if (Classify(text[start..end]) is { } kind)
            {
                found.Add((start, end - start, kind));
            }
            else if (end - start == 13 && text[start] == '8' && text[start + 1] == '6' && Classify(text[(start + 2)..end]) == PrivateDataKind.Phone)
            {
                found.Add((start + 2, 11, PrivateDataKind.Phone));
            }

            i = end;
        }
    }

    private static bool StandsAlone(ReadOnlySpan<char> text, int start, int length)
    {
        var end = start + length;
        return (start == 0 || !char.IsAsciiDigit(text[start - 1])) && (end == text.Length || !char.IsAsciiDigit(text[end]));
    }

    /// <summary>What a complete number (digits only, an ID's last may be 'x') is, or null.</summary>
    internal static PrivateDataKind? Classify(ReadOnlySpan<char> digits)
    {
        if (digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9' && IsDigits(digits))
        {
            return PrivateDataKind.Phone;
        }

        if (digits.Length == 18 && IsValidIdNumber(digits))
        {
            return PrivateDataKind.IdCard;
        }

        if (digits.Length is >= 16 and <= 19 && IsDigits(digits) && PassesLuhn(digits))
        {
            return PrivateDataKind.BankCard;
        }

        return null;
    }

    /// <summary>ISO 7064 MOD 11-2 over the first 17 digits gives the 18th character (0–9 or X).</summary>
    internal static bool IsValidIdNumber(ReadOnlySpan<char> id)
    {
        if (id.Length != 18 || !IsDigits(id[..17]) || id[0] == '0')
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * IdWeights[i];
        }

        return char.ToLowerInvariant(id[17]) == IdCheckCharacters[sum % 11];
    }

    /// <summary>Luhn: double every second digit from the right, subtract 9 when over 9; the sum must end in 0.</summary>
    internal static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static string NameOf(PrivateDataKind kind) => kind switch
    {
        PrivateDataKind.Phone => "手机号",
        PrivateDataKind.IdCard => "身份证号",
        _ => "银行卡号",
    };

    /// <summary>The same number masked the usual way, as the suggested rewrite.</summary>
    internal static string Masked(ReadOnlySpan<char> number, PrivateDataKind kind)
    {
        Span<char> digits = stackalloc char[number.Length];
        var count = 0;
        foreach (var c in number)
        {
            if (c is not (' ' or '-'))
            {
                digits[count++] = char.ToUpperInvariant(c);
            }
        }

        var d = new string(digits[..count]);
        return kind switch
        {
            PrivateDataKind.Phone => $"{d[..3]}****{d[^4..]}",
            PrivateDataKind.IdCard => $"{d[..6]}********{d[^4..]}",
            _ => $"{d[..4]} **** **** {d[^4..]}",
        };
    }

    private sealed class Compiled(PrivateDataKind[] kinds) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var hits = 0;
            var names = new List<string>();
            var found = new List<(int Start, int Length, PrivateDataKind Kind)>();
            foreach (var turn in scope)
            {
                var text = context.NormalizedText(turn);
                Find(text, found);
                foreach (var (start, length, kind) in found)
                {
                    if (Array.IndexOf(kinds, kind) < 0)
                    {
                        continue;
                    }

                    hits++;
                    if (!names.Contains(NameOf(kind)))
                    {
                        names.Add(NameOf(kind));
                    }

                    var masked = Masked(text.Slice(start, length), kind);
                    context.AddEvidence(new EvidenceItem(turn, start, length, $"请脱敏显示，如 {masked}", $"未脱敏的{NameOf(kind)}"));
                }
            }

            if (hits == 0)
            {
                return Truth.False;
            }

            context.AddReason($"出现未脱敏的{OperatorText.List(names)}");
            return Truth.True;
        }
    }
}
