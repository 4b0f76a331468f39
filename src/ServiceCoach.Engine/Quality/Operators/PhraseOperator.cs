using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Phrases from lexicons (and/or inline <c>phrases</c>) in the scoped turns.
/// <c>mode: any</c> (default) hits when one occurs; <c>all</c> when every named lexicon and every
/// inline phrase occurs; <c>atLeast</c> with <c>count: N</c> when N distinct phrases occur;
/// <c>none</c> when none occurs. Evidence: every occurrence (nested shorter matches dropped).
/// </summary>
internal sealed class PhraseOperator : ICheckOperator
{
    private static readonly Dictionary<string, PhraseMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["any"] = PhraseMode.Any,
        ["all"] = PhraseMode.All,
        ["atLeast"] = PhraseMode.AtLeast,
        ["none"] = PhraseMode.None,
    };

    public string Name => "phrase";

    public string Summary => "hits when phrases of the given lexicons occur (mode any | all | atLeast N | none)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var mode = map.Enum("mode", Modes) ?? PhraseMode.Any;
        var count = map.Int("count", 1, 1000);
        if (mode == PhraseMode.AtLeast && count is null)
        {
            arguments.Problem("Mode 'atLeast' needs 'count: N'.");
        }

        var set = compilation.ResolveLexiconsAndPhrases(arguments, required: true);
        return set is null ? null : new Compiled(set, mode, count ?? 1);
    }

    internal enum PhraseMode
    {
        Any,
        All,
        AtLeast,
        None,
    }

    private sealed class Compiled(LexiconSet set, PhraseMode mode, int count) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            // Small lists (a handful of distinct phrases per condition) beat hash sets allocated per call.
            var distinctPatterns = context.ScratchA;
            var lexiconsSeen = context.ScratchB;
            distinctPatterns.Clear();
            lexiconsSeen.Clear();
            var found = 0;
            foreach (var turn in scope)
            {
                var hits = context.HitsOf(turn);
                for (var h = 0; h < hits.Length; h++)
                {
                    var hit = hits[h];
                    if (!context.TryMatch(hit, set, out var entry) || IsNestedInAnotherMatch(context, hits, h))
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
            }

            var holds = mode switch
            {
                PhraseMode.Any => found > 0,
                PhraseMode.None => found == 0,
                PhraseMode.AtLeast => distinctPatterns.Count >= count,
                _ => AllPresent(context, lexiconsSeen, distinctPatterns),
            };
            return holds ? Truth.True : Truth.False;
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
