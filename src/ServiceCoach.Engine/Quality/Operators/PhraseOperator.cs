using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Phrases from lexicons (and/or inline <c>phrases</c>) in the scoped turns.
/// <c>mode: any</c> (default) hits when one occurs; <c>all</c> when every named lexicon and every
/// inline phrase occurs; <c>atLeast</c> with <c>count: N</c> when N distinct phrases occur;
/// <c>turns</c> with <c>count: N</c> when phrases occur in N different turns (the same nudge three times);
/// <c>none</c> when none occurs. Evidence: every occurrence (nested shorter matches dropped).
/// With <c>unless</c> (lexicons) and/or <c>unlessPhrases</c>, an occurrence does not count when one
/// of those phrases occurs in the same clause (<c>unlessWithin: clause</c>, the default) or the same
/// turn (<c>turn</c>): "无法修改" is a bare refusal, "无法修改，建议您…" offers an alternative.
/// </summary>
internal sealed class PhraseOperator : ICheckOperator
{
    private static readonly Dictionary<string, PhraseMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["any"] = PhraseMode.Any,
        ["all"] = PhraseMode.All,
        ["atLeast"] = PhraseMode.AtLeast,
        ["turns"] = PhraseMode.Turns,
        ["none"] = PhraseMode.None,
    };

    private static readonly Dictionary<string, bool> Scopes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["clause"] = false,
        ["turn"] = true,
    };

    public string Name => "phrase";

    public string Summary => "hits when phrases of the given lexicons occur (mode any | all | atLeast N distinct | turns N | none)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var mode = map.Enum("mode", Modes) ?? PhraseMode.Any;
        var count = map.Int("count", 1, 1000);
        if (mode is PhraseMode.AtLeast or PhraseMode.Turns && count is null)
        {
            arguments.Problem($"Mode '{(mode == PhraseMode.AtLeast ? "atLeast" : "turns")}' needs 'count: N'.");
        }

        var set = compilation.ResolveLexiconsAndPhrases(arguments, required: true);
        var unless = compilation.ResolveLexiconsAndPhrases(arguments, "unless", "unlessPhrases", [], required: false);
        var wholeTurn = map.Enum("unlessWithin", Scopes) ?? false;
        return set is null || unless is null ? null : new Compiled(set, mode, count ?? 1, unless.Lexicons.Length == 0 ? null : unless, wholeTurn);
    }

    internal enum PhraseMode
    {
        Any,
        All,
        AtLeast,
        Turns,
        None,
    }

    private sealed class Compiled(LexiconSet set, PhraseMode mode, int count, LexiconSet? unless, bool unlessInWholeTurn) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            // Small lists (a handful of distinct phrases per condition) beat hash sets allocated per call.
            var distinctPatterns = context.ScratchA;
            var lexiconsSeen = context.ScratchB;
            distinctPatterns.Clear();
            lexiconsSeen.Clear();
            var found = 0;
            var turnsWithHits = 0;
            foreach (var turn in scope)
            {
                var foundBefore = found;
                var hits = context.HitsOf(turn);
                for (var h = 0; h < hits.Length; h++)
                {
                    var hit = hits[h];
                    if (!context.TryMatch(hit, set, out var entry) || IsNestedInAnotherMatch(context, hits, h) ||
                        (unless is not null && HasUnlessNearby(context, hits, hit)))
                    {
                        continue;
                    }

                    found++;
                    if (mode is PhraseMode.AtLeast or PhraseMode.All && !distinctPatterns.Contains(hit.PatternId))
                    {
                        distinctPatterns.Add(hit.PatternId);
                        foreach (var owner in context.Standard.OwnersOf(hit.PatternId))
                        {
                            if (!lexiconsSeen.Contains(owner.Lexicon))
                            {
                                lexiconsSeen.Add(owner.Lexicon);
                            }
                        }
                    }

                    context.AddEvidence(new EvidenceItem(turn, hit.Start, hit.Length, entry.Suggestion));
                }

                if (found > foundBefore)
                {
                    turnsWithHits++;
                }
            }

            var holds = mode switch
            {
                PhraseMode.Any => found > 0,
                PhraseMode.None => found == 0,
                PhraseMode.AtLeast => distinctPatterns.Count >= count,
                PhraseMode.Turns => turnsWithHits >= count,
                _ => AllPresent(context, lexiconsSeen, distinctPatterns),
            };
            return holds ? Truth.True : Truth.False;
        }

        private bool HasUnlessNearby(EvaluationContext context, ReadOnlySpan<TurnHit> hits, TurnHit hit)
        {
            var (from, to) = unlessInWholeTurn ? (0, int.MaxValue) : OperatorText.ClauseAround(context.NormalizedText(hit.Turn), hit.Start, hit.End);
            foreach (var other in hits)
            {
                // A phrase does not excuse itself: "可以" inside "不可以" is not an alternative. One that
                // reaches beyond it does: "愤怒的" around "愤怒" describes someone else.
                var inside = other.Start >= hit.Start && other.End <= hit.End;
                if (!inside && other.Start >= from && other.End <= to && context.TryMatch(other, unless!, out _))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsNestedInAnotherMatch(EvaluationContext context, ReadOnlySpan<TurnHit> hits, int index)
        {
            var hit = hits[index];
            for (var other = 0; other < hits.Length; other++)
            {
                var o = hits[other];
                if (other != index && o.Start <= hit.Start && o.Start + o.Length >= hit.Start + hit.Length && o.Length > hit.Length &&
                    context.TryMatch(o, set, out _))
                {
                    return true;
                }
            }

            return false;
        }

        private bool AllPresent(EvaluationContext context, List<int> lexiconsSeen, List<int> patterns)
        {
            foreach (var lexicon in set.Lexicons)
            {
                var compiled = context.Standard.Lexicons[lexicon];
                if (!compiled.Inline)
                {
                    if (!lexiconsSeen.Contains(lexicon))
                    {
                        return false;
                    }

                    continue;
                }

                // Inline phrases: each must occur on its own.
                for (var e = 0; e < compiled.Entries.Length; e++)
                {
                    if (!PatternOfEntryFound(context, lexicon, e, patterns))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool PatternOfEntryFound(EvaluationContext context, int lexicon, int entry, List<int> patterns)
        {
            foreach (var pattern in patterns)
            {
                foreach (var owner in context.Standard.OwnersOf(pattern))
                {
                    if (owner.Lexicon == lexicon && owner.Entry == entry)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
