using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Canned, copy-pasted answers: hits when two scoped turns of the same speaker, at most
/// <c>window</c> conversation turns apart, are at least <c>threshold</c> similar (character
/// bigrams, as <c>similarity</c>) and both have at least <c>minChars</c> content characters
/// (letters, digits, CJK; short acknowledgements like "好的" repeat naturally). Phrases of the
/// <c>ignore</c> lexicons (scripts such as "请问还有其他可以帮到您的吗", "请稍等", emoticon codes) are
/// left out before comparing: asking the closing question twice is a script, not a canned answer.
/// Evidence: the later turn, noting which earlier turn it repeats.
/// </summary>
internal sealed class RepetitionOperator : ICheckOperator
{
    public string Name => "repetition";

    public string Summary => "hits when a speaker repeats (near-)identical content within 'window' turns";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var window = map.Int("window", 1, 1000) ?? 6;
        var threshold = map.Decimal("threshold", 0, 1) ?? 0.9m;
        var minChars = map.Int("minChars", 1, 10_000) ?? 8;
        var ignore = compilation.ResolveLexiconsAndPhrases(arguments, "ignore", "ignorePhrases", [], required: false);
        return ignore is null ? null : new Compiled(window, (double)threshold, minChars, ignore.Lexicons.Length == 0 ? null : ignore);
    }

    private sealed class Compiled(int window, double threshold, int minChars, LexiconSet? ignore) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            // Prepared once per turn: each turn is compared with up to 'window' earlier ones.
            var prepared = new SimilarityText?[scope.Length];
            for (var i = 0; i < scope.Length; i++)
            {
                var text = SimilarityText.FromNormalized(ignore is null ? context.NormalizedText(scope[i]) : WithoutIgnored(context, scope[i], ignore));
                prepared[i] = text.Length >= minChars ? text : null;
            }

            var hit = false;
            for (var later = 1; later < scope.Length; later++)
            {
                if (prepared[later] is not { } current)
                {
                    continue;
                }

                var speaker = context.TurnAt(scope[later]).Speaker;
                for (var earlier = later - 1; earlier >= 0 && scope[later] - scope[earlier] <= window; earlier--)
                {
                    if (prepared[earlier] is { } previous && context.TurnAt(scope[earlier]).Speaker == speaker &&
                        !TextSimilarity.DiceCannotReach(current, previous, threshold) &&
                        TextSimilarity.Dice(current, previous) + TextSimilarity.Tolerance >= threshold)
                    {
                        hit = true;
                        context.AddTurnEvidence(scope[later], $"与第 {OperatorText.TurnNumber(scope[earlier])} 轮内容重复");
                        break;
                    }
                }
            }

            return hit ? Truth.True : Truth.False;
        }

        private static string WithoutIgnored(EvaluationContext context, int turn, LexiconSet ignore)
        {
            var text = context.NormalizedText(turn);
            char[]? blanked = null;
            foreach (var hit in context.HitsOf(turn))
            {
                if (context.TryMatch(hit, ignore, out _))
                {
                    blanked ??= text.ToArray();
                    blanked.AsSpan(hit.Start, hit.Length).Fill(' ');
                }
            }

            return blanked is null ? text.ToString() : new string(blanked);
        }
    }
}
