namespace ServiceCoach.Complaints;

/// <summary>A complaint as grouping sees it: its category, description and tags.</summary>
public sealed record GroupingSignature(string CategoryId, string Text, IReadOnlyList<string> Tags);

/// <summary>
/// One member of an existing group, offered as a candidate to join (a group may be offered by
/// several of its recent members; the best similarity counts).
/// </summary>
public sealed record GroupCandidate(long GroupId, string CategoryId, string Text, IReadOnlyList<string> Tags, DateTimeOffset LastMemberAt);

public sealed record GroupMatch(long GroupId, double Similarity);

/// <summary>
/// Groups complaints by problem for escalation by count (R-CMP-1): same category, similar
/// description or tags, and the group still active within the standard's window. Nobody else
/// escalates by how many customers complain about the same thing; this is where it happens.
/// </summary>
public static class ComplaintGrouping
{
    /// <summary>
    /// Similarity in [0, 1] of two complaints: the Dice coefficient of their character n-grams;
    /// when both carry tags, shared tags can only raise it (half text, half tag Jaccard, if higher).
    /// </summary>
    public static double Similarity(string textA, IReadOnlyList<string> tagsA, string textB, IReadOnlyList<string> tagsB)
    {
        ArgumentNullException.ThrowIfNull(tagsA);
        ArgumentNullException.ThrowIfNull(tagsB);
        var text = TextFeatures.Dice(TextFeatures.NGrams(textA ?? ""), TextFeatures.NGrams(textB ?? ""));
        if (tagsA.Count == 0 || tagsB.Count == 0)
        {
            return text;
        }

        var tags = TextFeatures.TagJaccard(tagsA, tagsB);
        return Math.Max(text, (text + tags) / 2);
    }

    /// <summary>
    /// The group a new complaint joins: among candidates of the same category whose group had a
    /// member within the window, the most similar one at or above the threshold (ties: the lower
    /// group id, the older group). Null: the complaint starts a group of its own.
    /// </summary>
    public static GroupMatch? FindGroup(EscalationStandard escalation, GroupingSignature complaint, IEnumerable<GroupCandidate> candidates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(candidates);
        var since = now.AddSeconds(-escalation.WindowSeconds);
        var grams = TextFeatures.NGrams(complaint.Text);
        GroupMatch? best = null;
        foreach (var candidate in candidates)
        {
            if (!string.Equals(candidate.CategoryId, complaint.CategoryId, StringComparison.OrdinalIgnoreCase) || candidate.LastMemberAt < since)
            {
                continue;
            }

            var text = TextFeatures.Dice(grams, TextFeatures.NGrams(candidate.Text));
            var similarity = complaint.Tags.Count > 0 && candidate.Tags.Count > 0
                ? Math.Max(text, (text + TextFeatures.TagJaccard(complaint.Tags, candidate.Tags)) / 2)
                : text;
            if (similarity < escalation.Similarity)
            {
                continue;
            }

            if (best is null || similarity > best.Similarity || (similarity == best.Similarity && candidate.GroupId < best.GroupId))
            {
                best = new GroupMatch(candidate.GroupId, similarity);
            }
        }

        return best;
    }

    /// <summary>Distinct customers among a group's members (customer ids compared exactly, blanks ignored).</summary>
    public static int DistinctCustomers(IEnumerable<string?> customerIds) =>
        customerIds.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim()).Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// The threshold a group newly reaches when its distinct customers go from
    /// <paramref name="before"/> to <paramref name="after"/>, or null when it reaches no higher one.
    /// </summary>
    public static CountThreshold? NewlyReached(EscalationStandard escalation, int before, int after)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var now = escalation.Reached(after);
        var then = escalation.Reached(before);
        return now is not null && (then is null || now.MinCustomers > then.MinCustomers) ? now : null;
    }
}
