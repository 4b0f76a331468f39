using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Canned, copy-pasted answers: hits when two scoped turns of the same speaker, at most
/// <c>window</c> conversation turns apart, are at least <c>threshold</c> similar (character
/// bigrams, as <c>similarity</c>) and both have at least <c>minChars</c> content characters
/// (letters, digits, CJK; short acknowledgements like "好的" repeat naturally). Evidence: the later
/// turn, noting which earlier turn it repeats.
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
        return new Compiled(window, (double)threshold, minChars);
    }

    private sealed class Compiled(int window, double threshold, int minChars) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            // Prepared once per turn: each turn is compared with up to 'window' earlier ones.
            var prepared = new SimilarityText?[scope.Length];
            for (var i = 0; i < scope.Length; i++)
            {
                var text = SimilarityText.FromNormalized(context.NormalizedText(scope[i]));
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
    }
}
