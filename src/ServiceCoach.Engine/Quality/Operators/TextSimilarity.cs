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
        var bigrams = new int[TextSimilarity.BigramCount(compact.Length)];
        TextSimilarity.SortedBigrams(compact, bigrams);
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
    /// <see cref="Of"/> when it can reach <paramref name="threshold"/> (with <see cref="Tolerance"/>);
    /// otherwise a value below the threshold (-1), found without comparing everything: edit distance
    /// stops as soon as the distance must exceed what the threshold allows, so a 150,000-character turn
    /// against a 2,000-character example costs nothing at a usual threshold. The work done is charged
    /// to <paramref name="context"/> (one unit per bigram merged or edit-table cell filled).
    /// </summary>
    public static double OfAtLeast(SimilarityMethod method, SimilarityText a, SimilarityText b, double threshold, EvaluationContext context)
    {
        if (method == SimilarityMethod.Ngram)
        {
            context.Charge(a.Bigrams.Length + b.Bigrams.Length);
            return Dice(a, b);
        }

        var longest = Math.Max(a.Length, b.Length);
        if (longest == 0)
        {
            return 0;
        }

        // Reaching the threshold needs 1 − d ÷ longest + Tolerance ≥ threshold, i.e. d ≤ (1 − threshold + Tolerance) · longest.
        // One more edit is allowed than that bound so floating-point rounding can never cut off a pair
        // that reaches it: any pair within the bound gets its exact distance and the usual comparison.
        var allowed = (1.0 - threshold + Tolerance) * longest;
        var maxDistance = allowed >= longest ? longest : (int)Math.Floor(allowed) + 1;
        var distance = BoundedLevenshtein(a.Compact, b.Compact, maxDistance, context);
        return distance > maxDistance ? -1 : 1.0 - (double)distance / longest;
    }

    /// <summary>
    /// The Levenshtein distance when it is at most <paramref name="maxDistance"/>; otherwise some value
    /// above it. Stops at once when the lengths differ by more (each length difference costs an edit),
    /// and after any row of the table whose smallest cell exceeds it (rows never get smaller). Each row
    /// filled is charged to <paramref name="context"/>.
    /// </summary>
    public static int BoundedLevenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int maxDistance, EvaluationContext context)
    {
        if (a.Length < b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }

        if (a.Length - b.Length > maxDistance)
        {
            return maxDistance + 1;
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
            context.Charge(b.Length + 1);
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var cell = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                current[j] = cell;
                rowMin = Math.Min(rowMin, cell);
            }

            if (rowMin > maxDistance)
            {
                return maxDistance + 1;
            }

            var rows = previous;
            previous = current;
            current = rows;
        }

        return previous[b.Length];
    }

    /// <summary>
    /// 2·|A ∩ B| ÷ (|A| + |B|) over the bigram multisets. Identical texts score 1 even when they
    /// are one character long (no bigrams); otherwise a text under two characters scores 0.
    /// </summary>
    public static double Dice(SimilarityText a, SimilarityText b) => Dice(a.Compact, a.Bigrams, b.Compact, b.Bigrams);

    /// <summary>
    /// <see cref="Dice(SimilarityText, SimilarityText)"/> over spans: compact texts and their sorted
    /// bigrams (<see cref="SortedBigrams"/>), so callers can keep them in pooled buffers.
    /// </summary>
    public static double Dice(ReadOnlySpan<char> a, ReadOnlySpan<int> x, ReadOnlySpan<char> b, ReadOnlySpan<int> y)
    {
        if (a.SequenceEqual(b))
        {
            return a.Length == 0 ? 0 : 1;
        }

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

    /// <summary>The number of character bigrams of a compact text of <paramref name="length"/> UTF-16 units.</summary>
    public static int BigramCount(int length) => Math.Max(0, length - 1);

    /// <summary>
    /// Writes the character bigrams of <paramref name="compact"/>, each packed as (first &lt;&lt; 16) | second,
    /// into <paramref name="destination"/> (<see cref="BigramCount"/> long) and sorts them (a multiset).
    /// </summary>
    public static void SortedBigrams(ReadOnlySpan<char> compact, Span<int> destination)
    {
        var count = BigramCount(compact.Length);
        for (var i = 0; i < count; i++)
        {
            destination[i] = (compact[i] << 16) | compact[i + 1];
        }

        destination[..count].Sort();
    }

    /// <summary>
    /// True when the Dice coefficient of the two texts cannot reach <paramref name="threshold"/>
    /// whatever their content: it is at most 2·min(|A|, |B|) ÷ (|A| + |B|). Lets callers skip the
    /// merge for most pairs (a 0.9 threshold needs bigram counts within about 20 % of each other).
    /// </summary>
    public static bool DiceCannotReach(SimilarityText a, SimilarityText b, double threshold) => DiceCannotReach(a.Length, b.Length, threshold);

    /// <summary><see cref="DiceCannotReach(SimilarityText, SimilarityText, double)"/> from the compact lengths alone.</summary>
    public static bool DiceCannotReach(int aLength, int bLength, double threshold)
    {
        var (x, y) = (BigramCount(aLength), BigramCount(bLength));
        return x + y > 0 && aLength != bLength && 2.0 * Math.Min(x, y) / (x + y) + Tolerance < threshold;
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
