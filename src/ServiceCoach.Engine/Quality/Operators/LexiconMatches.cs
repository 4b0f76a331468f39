using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Reading a turn's phrase hits for one lexicon set, the way evidence should show them: a phrase
/// nested in a longer matched phrase ("投诉" inside "我要投诉") is not reported twice.
/// </summary>
internal static class LexiconMatches
{
    /// <summary>True when <paramref name="hits"/>[<paramref name="index"/>] belongs to the set and no longer matched hit contains it.</summary>
    public static bool IsOuterMatch(EvaluationContext context, ReadOnlySpan<TurnHit> hits, int index, LexiconSet set, out LexiconEntry entry)
    {
        if (!context.TryMatch(hits[index], set, out entry))
        {
            return false;
        }

        var hit = hits[index];
        for (var other = 0; other < hits.Length; other++)
        {
            var o = hits[other];
            if (other != index && o.Start <= hit.Start && o.Start + o.Length >= hit.Start + hit.Length && o.Length > hit.Length &&
                context.TryMatch(o, set, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The earliest (then longest) hit of the set in a turn.</summary>
    public static bool TryFirst(EvaluationContext context, int turn, LexiconSet set, out TurnHit first)
    {
        first = default;
        var found = false;
        foreach (var hit in context.HitsOf(turn))
        {
            if ((!found || hit.Start < first.Start || (hit.Start == first.Start && hit.Length > first.Length)) && context.TryMatch(hit, set, out _))
            {
                first = hit;
                found = true;
            }
        }

        return found;
    }

    /// <summary>Adds every outer match of the set in a turn as evidence (with the entry's suggestion); returns how many.</summary>
    public static int AddEvidence(EvaluationContext context, int turn, LexiconSet set, string? note = null)
    {
        var hits = context.HitsOf(turn);
        var count = 0;
        for (var h = 0; h < hits.Length; h++)
        {
            if (IsOuterMatch(context, hits, h, set, out var entry))
            {
                context.AddEvidence(new EvidenceItem(turn, hits[h].Start, hits[h].Length, entry.Suggestion, note));
                count++;
            }
        }

        return count;
    }
}
