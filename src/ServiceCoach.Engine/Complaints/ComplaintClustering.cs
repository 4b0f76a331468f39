namespace ServiceCoach.Complaints;

/// <summary>A complaint text to cluster. <see cref="Id"/> is the caller's (the complaint number).</summary>
public sealed record ClusterDocument(long Id, string Text, IReadOnlyList<string> Tags, DateTimeOffset At);

public enum ClusterTrend
{
    /// <summary>All members are in the recent half.</summary>
    New,
    Rising,
    Steady,
    Falling,
}

/// <summary>A high-frequency problem: its members, the n-grams that characterise it, its size and trend.</summary>
/// <param name="Terms">The heaviest n-grams of the cluster's centroid, best first: a label a person can read.</param>
/// <param name="Recent">Members at or after the trend split; <see cref="Earlier"/> before it.</param>
public sealed record ComplaintCluster(int Number, IReadOnlyList<long> Members, IReadOnlyList<string> Terms, int Recent, int Earlier, ClusterTrend Trend)
{
    public int Size => Members.Count;

    public string Label => string.Join(" · ", Terms.Take(3));
}

/// <param name="Similarity">Minimum cosine similarity (0–1) of a text to a cluster's centroid to join it.</param>
/// <param name="MinSize">Clusters smaller than this are left out of the result (one-off complaints).</param>
/// <param name="TrendSplit">Members at or after this instant are "recent"; null = the middle of the documents' time span.</param>
public sealed record ClusteringOptions(double Similarity = 0.2, int MinSize = 2, DateTimeOffset? TrendSplit = null, int MaxTerms = 5);

/// <summary>
/// Clusters complaint texts into high-frequency problems (R-CMP-8) with character-bigram TF-IDF
/// vectors and cosine similarity, no external service: documents are taken in time order (then
/// id) and each joins the most similar centroid at or above the threshold, else starts a
/// cluster; a second pass reassigns every document to its best final centroid. Deterministic for
/// the same input. Cost is documents × clusters × terms per document: fine for the few thousand
/// complaints of a quarter.
/// </summary>
public static class ComplaintClustering
{
    public static IReadOnlyList<ComplaintCluster> Cluster(IReadOnlyList<ClusterDocument> documents, ClusteringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        options ??= new ClusteringOptions();
        if (documents.Count == 0)
        {
            return [];
        }

        var ordered = documents.OrderBy(d => d.At).ThenBy(d => d.Id).ToArray();
        var vectors = Vectorize(ordered);

        // Pass 1: leader clustering against running centroids.
        var centroids = new List<Dictionary<string, double>>();
        var sums = new List<Dictionary<string, double>>();
        foreach (var vector in vectors)
        {
            var (best, similarity) = Nearest(vector, centroids);
            if (best >= 0 && similarity >= options.Similarity)
            {
                Add(sums[best], vector);
                centroids[best] = Normalize(sums[best]);
            }
            else
            {
                sums.Add(new Dictionary<string, double>(vector, StringComparer.Ordinal));
                centroids.Add(new Dictionary<string, double>(vector, StringComparer.Ordinal));
            }
        }

        // Pass 2: every document to its best final centroid (early members drift less).
        var assignment = new int[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var (best, similarity) = Nearest(vectors[i], centroids);
            assignment[i] = similarity >= options.Similarity ? best : -1;
        }

        var split = options.TrendSplit ?? ordered[0].At + ((ordered[^1].At - ordered[0].At) / 2);
        var clusters = new List<ComplaintCluster>();
        for (var c = 0; c < centroids.Count; c++)
        {
            var members = Enumerable.Range(0, ordered.Length).Where(i => assignment[i] == c).ToArray();
            if (members.Length < options.MinSize || members.Length == 0)
            {
                continue;
            }

            var sum = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var i in members)
            {
                Add(sum, vectors[i]);
            }

            var recent = members.Count(i => ordered[i].At >= split);
            var earlier = members.Length - recent;
            clusters.Add(new ComplaintCluster(0, [.. members.Select(i => ordered[i].Id)], Terms(sum, options.MaxTerms), recent, earlier, TrendOf(recent, earlier)));
        }

        return [.. clusters
            .OrderByDescending(c => c.Size).ThenBy(c => c.Members[0])
            .Select((c, i) => c with { Number = i + 1 })];
    }

    /// <summary>Recent vs earlier half: half again as many is rising, two-thirds or fewer is falling.</summary>
    public static ClusterTrend TrendOf(int recent, int earlier) =>
        earlier == 0 ? ClusterTrend.New
        : recent * 2 >= earlier * 3 ? ClusterTrend.Rising
        : recent * 3 <= earlier * 2 ? ClusterTrend.Falling
        : ClusterTrend.Steady;

    /// <summary>TF-IDF vectors (sub-linear tf, smoothed idf), L2-normalised. Tags count as whole terms.</summary>
    private static Dictionary<string, double>[] Vectorize(ClusterDocument[] documents)
    {
        var counts = new Dictionary<string, int>[documents.Length];
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < documents.Length; i++)
        {
            counts[i] = TextFeatures.NGrams(documents[i].Text);
            foreach (var tag in documents[i].Tags)
            {
                var folded = "#" + TextFeatures.Fold(tag);
                if (folded.Length > 1)
                {
                    counts[i][folded] = counts[i].GetValueOrDefault(folded) + 2;
                }
            }

            foreach (var term in counts[i].Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        var n = documents.Length;
        var vectors = new Dictionary<string, double>[n];
        for (var i = 0; i < n; i++)
        {
            var vector = new Dictionary<string, double>(counts[i].Count, StringComparer.Ordinal);
            foreach (var (term, count) in counts[i])
            {
                var idf = Math.Log((1.0 + n) / (1.0 + documentFrequency[term])) + 1.0;
                vector[term] = (1.0 + Math.Log(count)) * idf;
            }

            vectors[i] = Normalize(vector);
        }

        return vectors;
    }

    private static (int Index, double Similarity) Nearest(Dictionary<string, double> vector, List<Dictionary<string, double>> centroids)
    {
        var best = -1;
        var bestSimilarity = 0.0;
        for (var c = 0; c < centroids.Count; c++)
        {
            var similarity = Dot(vector, centroids[c]);
            if (similarity > bestSimilarity)
            {
                best = c;
                bestSimilarity = similarity;
            }
        }

        return (best, bestSimilarity);
    }

    private static double Dot(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var sum = 0.0;
        foreach (var (term, weight) in small)
        {
            if (large.TryGetValue(term, out var other))
            {
                sum += weight * other;
            }
        }

        return sum;
    }

    private static void Add(Dictionary<string, double> sum, Dictionary<string, double> vector)
    {
        foreach (var (term, weight) in vector)
        {
            sum[term] = sum.GetValueOrDefault(term) + weight;
        }
    }

    private static Dictionary<string, double> Normalize(Dictionary<string, double> vector)
    {
        var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
        var result = new Dictionary<string, double>(vector.Count, StringComparer.Ordinal);
        foreach (var (term, weight) in vector)
        {
            result[term] = norm == 0 ? 0 : weight / norm;
        }

        return result;
    }

    /// <summary>The heaviest terms, dropping one that overlaps a chosen one entirely (a tag that contains a chosen bigram).</summary>
    private static string[] Terms(Dictionary<string, double> sum, int max)
    {
        var chosen = new List<string>();
        foreach (var term in sum.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key))
        {
            var display = term.StartsWith('#') ? term[1..] : term;
            if (chosen.Any(c => c.Contains(display, StringComparison.Ordinal) || display.Contains(c, StringComparison.Ordinal)))
            {
                continue;
            }

            chosen.Add(display);
            if (chosen.Count == max)
            {
                break;
            }
        }

        return [.. chosen];
    }
}
