using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// A late first solution (R-STD-1: a complex problem gets an initial solution within 5 minutes).
/// Measured from the start of the first customer turn to the start of the first scoped agent turn
/// that says a solution phrase (<c>lexicons</c>/<c>phrases</c>, default lexicon <c>solution</c>).
/// Hits (a violation) when that is later than <c>maxSeconds</c> (default: the standard's
/// firstSolutionSeconds for the conversation's channel and inquiry class). When no solution is
/// offered at all it hits only if the conversation went on longer than the limit — a short
/// conversation that ended early did not overrun it. No customer turn: nothing to solve, no hit.
/// Unknown without timestamps.
/// </summary>
internal sealed class FirstSolutionTimeOperator : ICheckOperator
{
    public string Name => "firstSolutionTime";

    public string Summary => "hits when the first solution comes later than 'maxSeconds' after the customer's first turn (or never, in a longer conversation)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var maxSeconds = arguments.Map.Int("maxSeconds", 0, 7 * 86_400);
        var set = compilation.ResolveLexiconsAndPhrases(arguments, "lexicons", "phrases", ["solution"], required: true);
        return set is null ? null : new Compiled(set, maxSeconds);
    }

    private sealed class Compiled(LexiconSet set, int? maxSeconds) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var conversation = context.Conversation;
            if (!conversation.HasTimestamps)
            {
                context.AddReason(OperatorText.NoTimestamps("提供方案的用时"));
                return Truth.Unknown;
            }

            var customerTurns = context.TurnsOf(RoleScope.Customer);
            if (customerTurns.IsEmpty)
            {
                return Truth.False;
            }

            var limitSeconds = maxSeconds ?? context.Limits.FirstSolutionSeconds ?? TimingStandard.BuiltIn.FirstSolutionSeconds.GetValueOrDefault();
            var limitMs = limitSeconds * 1000L;
            var limitText = OperatorText.Duration(limitMs);
            var from = context.TurnAt(customerTurns[0]).StartMs!.Value;
            foreach (var turn in scope)
            {
                if (context.TurnAt(turn).Speaker != Speaker.Agent || !context.TurnHits(turn, set))
                {
                    continue;
                }

                var elapsed = Math.Max(0, context.TurnAt(turn).StartMs!.Value - from);
                if (elapsed <= limitMs)
                {
                    context.AddTurnEvidence(turn, $"首次提供方案用时 {OperatorText.Duration(elapsed)}");
                    return Truth.False;
                }

                context.AddTurnEvidence(turn, $"首次提供方案用时 {OperatorText.Duration(elapsed)}（上限 {limitText}）");
                context.AddReason($"首次提供方案用时 {OperatorText.Duration(elapsed)}，超过 {limitText}");
                return Truth.True;
            }

            var lasted = (long)conversation.Duration!.Value.TotalMilliseconds - from;
            if (lasted > limitMs)
            {
                context.AddReason($"未在 {limitText}内提供初步方案");
                return Truth.True;
            }

            return Truth.False;
        }
    }
}
