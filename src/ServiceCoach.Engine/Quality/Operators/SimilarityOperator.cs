using System.Globalization;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Fuzzy match against example sentences, for things a phrase list cannot enumerate ("我理解您的心情"
/// said a dozen ways). Hits when some scoped turn is at least <c>threshold</c> similar to some
/// example. Both sides are compared on their content characters only (normalised; whitespace and
/// punctuation removed). Evidence: each such turn, noting the closest example and its score.
/// </summary>
internal sealed class SimilarityOperator : ICheckOperator
{
    /// <summary>
    /// The longest example, in characters as written. Examples are sentences an agent might say; a
    /// longer one is a mistake (a pasted transcript) and would make every comparison with it slow.
    /// </summary>
    public const int MaxExampleLength = 2_000;

    private static readonly Dictionary<string, SimilarityMethod> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ngram"] = SimilarityMethod.Ngram,
        ["edit"] = SimilarityMethod.Edit,
    };

    public string Name => "similarity";

    public string Summary => "hits when a turn is at least 'threshold' similar to one of the 'examples' (character bigrams or edit distance)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var examples = map.StringList("examples", required: true);
        var threshold = map.Decimal("threshold", 0, 1) ?? 0.6m;
        var method = map.Enum("method", Methods) ?? SimilarityMethod.Ngram;
        if (examples is null)
        {
            return null;
        }

        var prepared = new List<(string Text, SimilarityText Prepared)>();
        foreach (var example in examples)
        {
            if (example.Value.Length > MaxExampleLength)
            {
                arguments.Problem(example.Location, $"{OperatorText.Context(arguments)}: an example may be at most {MaxExampleLength:N0} characters long; this one has {example.Value.Length:N0}. Give short sentences an agent would say.");
                continue;
            }

            var text = SimilarityText.FromOriginal(example.Value);
            if (text.Length == 0)
            {
                arguments.Problem(example.Location, $"{OperatorText.Context(arguments)}: the example '{example.Value}' has no letters or digits to compare.");
                continue;
            }

            prepared.Add((example.Value, text));
        }

        return new Compiled([.. prepared], (double)threshold, method);
    }

    private sealed class Compiled((string Text, SimilarityText Prepared)[] examples, double threshold, SimilarityMethod method) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var hit = false;
            foreach (var turn in scope)
            {
                var normalized = context.NormalizedText(turn);
                context.Charge(normalized.Length);
                var text = SimilarityText.FromNormalized(normalized);
                if (text.Length == 0)
                {
                    continue;
                }

                // A pair that cannot reach the threshold scores below it (-1): whichever example scores
                // best among those that reach it, and whether any does, are the same as comparing fully.
                var best = -1.0;
                var bestExample = 0;
                for (var e = 0; e < examples.Length; e++)
                {
                    var similarity = TextSimilarity.OfAtLeast(method, text, examples[e].Prepared, threshold, context);
                    if (similarity > best)
                    {
                        best = similarity;
                        bestExample = e;
                    }
                }

                if (best + TextSimilarity.Tolerance >= threshold)
                {
                    hit = true;
                    context.AddTurnEvidence(turn, $"与示例「{OperatorText.Quote(examples[bestExample].Text)}」相似度 {Math.Round(best, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture)}");
                }
            }

            return hit ? Truth.True : Truth.False;
        }
    }
}
