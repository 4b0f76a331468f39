using System.Globalization;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Too much jargon (R-STD-5: jargon ≤ 5 %). ratio = content characters covered by jargon phrases
/// (<c>lexicons</c>/<c>phrases</c>, default lexicon <c>jargon</c>) ÷ content characters (letters,
/// digits, CJK) of the scoped turns. Overlapping matches ("T+1" inside "T+1到账") cover each
/// character once. Hits when ratio &gt; <c>maxRatio</c> (default 0.05); false when the scope has no
/// text. Evidence: every jargon phrase, with the lexicon's suggestion where it has one.
/// </summary>
internal sealed class JargonRatioOperator : ICheckOperator
{
    public string Name => "jargonRatio";

    public string Summary => "hits when jargon phrases cover more than 'maxRatio' of the characters";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var maxRatio = arguments.Map.Decimal("maxRatio", 0, 1) ?? 0.05m;
        var set = compilation.ResolveLexiconsAndPhrases(arguments, "lexicons", "phrases", ["jargon"], required: true);
        return set is null ? null : new Compiled(set, maxRatio);
    }

    /// <summary>
    /// Content characters inside the union of <paramref name="spans"/> (start, length) of
    /// <paramref name="text"/>, each counted once however many spans cover it.
    /// </summary>
    internal static int CoveredContent(ReadOnlySpan<char> text, List<(int Start, int Length)> spans)
    {
        spans.Sort();
        var covered = 0;
        var end = 0;
        foreach (var (start, length) in spans)
        {
            var from = Math.Max(start, end);
            var to = start + length;
            if (to > from)
            {
                covered += OperatorText.CountContent(text[from..to]);
                end = to;
            }
        }

        return covered;
    }

    private sealed class Compiled(LexiconSet set, decimal maxRatio) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var total = 0;
            var covered = 0;
            var spans = new List<(int Start, int Length)>();
            foreach (var turn in scope)
            {
                var text = context.NormalizedText(turn);
                total += OperatorText.CountContent(text);
                spans.Clear();
                foreach (var hit in context.HitsOf(turn))
                {
                    if (context.TryMatch(hit, set, out _))
                    {
                        spans.Add((hit.Start, hit.Length));
                    }
                }

                if (spans.Count > 0)
                {
                    covered += CoveredContent(text, spans);
                    LexiconMatches.AddEvidence(context, turn, set);
                }
            }

            if (total == 0)
            {
                return Truth.False;
            }

            var ratio = (decimal)covered / total;
            if (ratio <= maxRatio)
            {
                return Truth.False;
            }

            context.AddReason($"术语占比 {Percent(ratio)}（上限 {Percent(maxRatio)}）");
            return Truth.True;
        }

        private static string Percent(decimal ratio) =>
            Math.Round(ratio * 100, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }
}
