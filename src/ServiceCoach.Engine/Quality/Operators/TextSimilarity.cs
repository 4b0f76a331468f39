using ServiceCoach.Text;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// A text prepared for similarity: its content characters only (normalised: simplified script,
/// half-width, lower case; whitespace and punctuation removed) and their character bigrams,
/// sorted so two texts compare by a merge instead of a hash table.
/// </summary>
internal sealed class SimilarityText
{
    private SimilarityText(string compact, int[] bigrams)
    {
        Compact = compact;
        Bigrams = bigrams;
    }

    public string Compact { get; }

    /// <summary>Each bigram packed as (first &lt;&lt; 16) | second, ascending, duplicates kept (a multiset).</summary>
    public int[] Bigrams { get; }

    public int Length => Compact.Length;

    /// <summary>From text that is already normalised (a turn's <see cref="EvaluationContext.NormalizedText"/>).</summary>
    public static SimilarityText FromNormalized(ReadOnlySpan<char> normalized)
    {
        var compact = OperatorText.Compact(normalized);
        var bigrams = new int[Math.Max(0, compact.Length - 1)];
        for (var i = 0; i < bigrams.Length; i++)
        {
            bigrams[i] = (compact[i] << 16) | compact[i + 1];
        }

        Array.Sort(bigrams);
        return new SimilarityText(compact, bigrams);
    }

    /// <summary>From text as written (an example in the standard): normalised the way turns are.</summary>
    public static SimilarityText FromOriginal(string text) => FromNormalized(TextNormalizer.Normalize(text));
}

internal enum SimilarityMethod
{
    /// <summary>Dice coefficient over character bigrams: robust to reordered clauses and small insertions.</summary>
    Ngram,

    /// <summary>1 − Levenshtein distance ÷ the longer length: strict about order.</summary>
    Edit,
}

/// <summary>Similarity of two prepared texts, 0 (nothing shared) to 1 (identical content).</summary>
internal static class TextSimilarity
{
    /// <summary>
    /// Thresholds are written as decimals in the standard (0.6); a similarity computed as 6/10 in
    /// floating point must still reach 0.6, so comparisons allow this much rounding error.
    /// </summary>
    public const double Tolerance = 1e-9;

    public static double Of(SimilarityMethod method, SimilarityText a, SimilarityText b) =>
        method == SimilarityMethod.Edit ? Edit(a.Compact, b.Compact) : Dice(a, b);

    /// <summary>
    /// 2·|A ∩ B| ÷ (|A| + |B|) over the bigram multisets. Identical texts score 1 even when they
    /// are one character long (no bigrams); otherwise a text under two characters scores 0.
    /// </summary>
    public static double Dice(SimilarityText a, SimilarityText b)
    {
        if (string.Equals(a.Compact, b.Compact, StringComparison.Ordinal))
        {
            return a.Length == 0 ? 0 : 1;
        }

        var x = a.Bigrams;
        var y = b.Bigrams;
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }

        int i = 0, j = 0, common = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                common++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return 2.0 * common / (x.Length + y.Length);
    }

    /// <summary>
    /// True when the Dice coefficient of the two texts cannot reach <paramref name="threshold"/>
    /// whatever their content: it is at most 2·min(|A|, |B|) ÷ (|A| + |B|). Lets callers skip the
    /// merge for most pairs (a 0.9 threshold needs bigram counts within about 20 % of each other).
    /// </summary>
    public static bool DiceCannotReach(SimilarityText a, SimilarityText b, double threshold)
    {
        var (x, y) = (a.Bigrams.Length, b.Bigrams.Length);
        return x + y > 0 && a.Length != b.Length && 2.0 * Math.Min(x, y) / (x + y) + Tolerance < threshold;
    }

    /// <summary>1 − Levenshtein(a, b) ÷ max(|a|, |b|); two empty texts score 0 (there is nothing to compare).</summary>
    public static double Edit(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var longest = Math.Max(a.Length, b.Length);
        return longest == 0 ? 0 : 1.0 - (double)Levenshtein(a, b) / longest;
    }

    /// <summary>Insertions, deletions and substitutions (each costing 1) to turn a into b; two rows of memory.</summary>
    public static int Levenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length < b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }

        Span<int> buffer = b.Length < 256 ? stackalloc int[2 * (b.Length + 1)] : new int[2 * (b.Length + 1)];
        var previous = buffer[..(b.Length + 1)];
        var current = buffer[(b.Length + 1)..];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            var rows = previous;
            previous = current;
            current = rows;
        }

        return previous[b.Length];
    }
}
