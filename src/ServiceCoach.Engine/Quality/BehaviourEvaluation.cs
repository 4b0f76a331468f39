using System.Text;
using System.Text.Json;
using ServiceCoach.Conversations;

namespace ServiceCoach.Quality;

/// <summary>
/// People's judgement of one conversation: for each labelled behaviour, whether it happened
/// (null = the labeller could not tell; such a pair is left out of the comparison).
/// </summary>
public sealed record BehaviourLabels(string ConversationId, IReadOnlyDictionary<string, bool?> Behaviours);

/// <summary>The labels read from a file, and the lines that could not be read (skipped, with their location).</summary>
public sealed record LabelFile(IReadOnlyList<BehaviourLabels> Labels, IReadOnlyList<ImportError> Errors);

/// <summary>
/// How closely the standard's tags follow people's labels for one behaviour. Positive = the
/// behaviour happened. Balanced accuracy is the mean of recall and specificity, so a behaviour
/// that is rare (apology in a quarter of chats) is not flattered by the many chats without it.
/// </summary>
public sealed record BehaviourAgreement(
    string Behaviour,
    string? TagId,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int TrueNegatives,
    IReadOnlyList<string> Missed,
    IReadOnlyList<string> FalseAlarms)
{
    public int Compared => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>Of the conversations tagged, the share people labelled so; null when nothing was tagged.</summary>
    public double? Precision => TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Of the conversations labelled, the share tagged; null when nothing was labelled.</summary>
    public double? Recall => TruePositives + FalseNegatives == 0 ? null : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Of the conversations labelled without the behaviour, the share not tagged.</summary>
    public double? Specificity => TrueNegatives + FalsePositives == 0 ? null : (double)TrueNegatives / (TrueNegatives + FalsePositives);

    /// <summary>(recall + specificity) / 2; with one class absent, the rate of the class present.</summary>
    public double? BalancedAccuracy => (Recall, Specificity) switch
    {
        ({ } r, { } s) => (r + s) / 2,
        ({ } r, null) => r,
        (null, { } s) => s,
        _ => null,
    };
}

/// <summary>The comparison of a whole labelled sample: one row per labelled behaviour.</summary>
public sealed record BehaviourEvaluationResult(
    int Conversations,
    int Labelled,
    IReadOnlyList<string> UnlabelledConversations,
    IReadOnlyList<string> LabelsWithoutConversation,
    IReadOnlyList<BehaviourAgreement> Behaviours)
{
    /// <summary>The mean balanced accuracy over the behaviours that have a tag and at least one comparison.</summary>
    public double? MeanBalancedAccuracy
    {
        get
        {
            var values = Behaviours.Where(b => b.TagId is not null).Select(b => b.BalancedAccuracy).OfType<double>().ToArray();
            return values.Length == 0 ? null : values.Average();
        }
    }
}

/// <summary>
/// Measures a standard against people: compares the tags on scorecards with a file of labelled
/// behaviours (docs/ACCURACY.md). Pure: labels come in as a stream, scorecards as values.
/// </summary>
public static class BehaviourEvaluation
{
    /// <summary>
    /// Reads labels as JSON Lines: one object per line with <c>"id"</c> and one property per
    /// behaviour (<c>true</c>, <c>false</c> or <c>null</c>). Other properties (notes, numbers) are
    /// ignored. A bad line is reported with its line and column and skipped.
    /// </summary>
    public static LabelFile ReadLabels(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var labels = new List<BehaviourLabels>();
        var errors = new List<ImportError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new ImportError(sourceName, lineNumber, 1, null, "Each line must be a JSON object with an \"id\" and one true/false value per behaviour."));
                    continue;
                }

                if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(idElement.GetString()))
                {
                    errors.Add(new ImportError(sourceName, lineNumber, 1, null, "The line has no \"id\" (the conversation id, as text)."));
                    continue;
                }

                var id = idElement.GetString()!;
                if (!seen.Add(id))
                {
                    errors.Add(new ImportError(sourceName, lineNumber, 1, id, "This conversation is labelled twice; the first line counts."));
                    continue;
                }

                var behaviours = new Dictionary<string, bool?>(StringComparer.Ordinal);
                foreach (var property in root.EnumerateObject())
                {
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.True:
                            behaviours[property.Name] = true;
                            break;
                        case JsonValueKind.False:
                            behaviours[property.Name] = false;
                            break;
                        case JsonValueKind.Null when property.Name != "id":
                            behaviours[property.Name] = null;
                            break;
                    }
                }

                labels.Add(new BehaviourLabels(id, behaviours));
            }
            catch (JsonException e)
            {
                var column = e.BytePositionInLine is { } position ? ColumnOf(line, (int)position) : (int?)null;
                errors.Add(new ImportError(sourceName, lineNumber, column, null, $"Not valid JSON: {FirstSentence(e.Message)}"));
            }
        }

        return new LabelFile(labels, errors);
    }

    /// <summary>
    /// The tag a labelled behaviour is compared with: the tag of the same id, where a label's
    /// <c>snake_case</c> matches a tag's <c>kebab-case</c> (<c>negative_phrasing</c> → <c>negative-phrasing</c>).
    /// </summary>
    public static string? TagFor(string behaviour, IEnumerable<string> tagIds)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        var wanted = behaviour.Replace('_', '-');
        return tagIds.FirstOrDefault(t => string.Equals(t, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <param name="detected">Per scored conversation id, the ids of the tags detected.</param>
    /// <param name="tagIds">Every tag the standard declares (a behaviour without one is listed, not compared).</param>
    public static BehaviourEvaluationResult Compare(
        IReadOnlyDictionary<string, IReadOnlySet<string>> detected, IReadOnlyList<BehaviourLabels> labels, IReadOnlyList<string> tagIds)
    {
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(tagIds);
        var behaviours = labels.SelectMany(l => l.Behaviours.Keys).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<BehaviourAgreement>();
        foreach (var behaviour in behaviours)
        {
            var tag = TagFor(behaviour, tagIds);
            int tp = 0, fp = 0, fn = 0, tn = 0;
            var missed = new List<string>();
            var falseAlarms = new List<string>();
            if (tag is not null)
            {
                foreach (var label in labels)
                {
                    if (!label.Behaviours.TryGetValue(behaviour, out var truth) || truth is null || !detected.TryGetValue(label.ConversationId, out var tags))
                    {
                        continue;
                    }

                    var found = tags.Contains(tag);
                    switch (truth.Value, found)
                    {
                        case (true, true):
                            tp++;
                            break;
                        case (true, false):
                            fn++;
                            missed.Add(label.ConversationId);
                            break;
                        case (false, true):
                            fp++;
                            falseAlarms.Add(label.ConversationId);
                            break;
                        default:
                            tn++;
                            break;
                    }
                }
            }

            rows.Add(new BehaviourAgreement(behaviour, tag, tp, fp, fn, tn, missed, falseAlarms));
        }

        var labelled = labels.Select(l => l.ConversationId).ToHashSet(StringComparer.Ordinal);
        return new BehaviourEvaluationResult(
            detected.Count,
            labels.Count(l => detected.ContainsKey(l.ConversationId)),
            [.. detected.Keys.Where(id => !labelled.Contains(id)).Order(StringComparer.Ordinal)],
            [.. labels.Select(l => l.ConversationId).Where(id => !detected.ContainsKey(id))],
            rows);
    }

    private static int ColumnOf(string line, int bytePosition)
    {
        // JsonException counts bytes; editors count characters.
        var bytes = Encoding.UTF8.GetBytes(line);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(bytePosition, bytes.Length)) + 1;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
