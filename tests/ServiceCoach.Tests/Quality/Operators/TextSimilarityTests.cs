using CsCheck;
using ServiceCoach.Quality.Operators;

namespace ServiceCoach.Tests.Quality.Operators;

/// <summary>The similarity measures against naive references, on small alphabets so texts share a lot.</summary>
public sealed class TextSimilarityTests
{
    private static readonly Gen<string> Texts = Gen.Char["ab您好谢"].Array[0, 12].Select(chars => new string(chars));

    [Fact]
    public void Dice_AgreesWithNaiveBigramCounting()
    {
        Gen.Select(Texts, Texts).Sample((a, b) =>
        {
            var expected = NaiveDice(a, b);
            var actual = TextSimilarity.Dice(SimilarityText.FromOriginal(a), SimilarityText.FromOriginal(b));
            return Math.Abs(expected - actual) < 1e-12;
        });
    }

    [Fact]
    public void Levenshtein_AgreesWithFullMatrix()
    {
        Gen.Select(Texts, Texts).Sample((a, b) => TextSimilarity.Levenshtein(a, b) == NaiveLevenshtein(a, b));
    }

    [Fact]
    public void OfAtLeast_EditMethod_EqualsTheFullScoreWheneverItCanReachTheThreshold()
    {
        // The bounded edit distance may stop early, but only on pairs that cannot reach the threshold.
        var context = new ServiceCoach.Quality.EvaluationContext();
        Gen.Select(Texts, Texts, Gen.Int[0, 20]).Sample((a, b, tenths) =>
        {
            var threshold = tenths / 20.0;
            var (x, y) = (SimilarityText.FromOriginal(a), SimilarityText.FromOriginal(b));
            var full = TextSimilarity.Of(SimilarityMethod.Edit, x, y);
            var bounded = TextSimilarity.OfAtLeast(SimilarityMethod.Edit, x, y, threshold, context);
            return full + TextSimilarity.Tolerance >= threshold ? bounded == full : bounded + TextSimilarity.Tolerance < threshold;
        });
    }

    [Fact]
    public void Similarity_IsSymmetricAndOneForIdenticalText()
    {
        Gen.Select(Texts.Where(t => t.Length > 0), Texts).Sample((a, b) =>
        {
            var x = SimilarityText.FromOriginal(a);
            var y = SimilarityText.FromOriginal(b);
            return TextSimilarity.Dice(x, y) == TextSimilarity.Dice(y, x) &&
                TextSimilarity.Edit(a, b) == TextSimilarity.Edit(b, a) &&
                TextSimilarity.Dice(x, x) == 1 && TextSimilarity.Edit(a, a) == 1;
        });
    }

    [Fact]
    public void Compact_DropsPunctuationAndFoldsScriptAndWidth()
    {
        Assert.Equal("请问还有什么可以帮您ok", SimilarityText.FromOriginal("請問 還有什麼，可以幫您？ＯＫ").Compact);
    }

    private static double NaiveDice(string a, string b)
    {
        if (a == b)
        {
            return a.Length == 0 ? 0 : 1;
        }

        var x = Bigrams(a);
        var y = Bigrams(b);
        if (x.Count == 0 || y.Count == 0)
        {
            return 0;
        }

        var common = 0;
        foreach (var bigram in x)
        {
            if (y.Remove(bigram))
            {
                common++;
            }
        }

        return 2.0 * common / (x.Count + Bigrams(b).Count);
    }

    private static List<string> Bigrams(string text) => [.. Enumerable.Range(0, Math.Max(0, text.Length - 1)).Select(i => text.Substring(i, 2))];

    private static int NaiveLevenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
