using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Slow replies (R-STD-1: an ordinary question is answered within 30 s). A response is the first
/// agent turn after one or more customer turns; its latency runs from the end of the last of
/// those customer turns (<see cref="Turn.EffectiveEndMs"/>) to the agent turn's start. With
/// <c>first: true</c> only the conversation's first agent turn counts, measured from the last
/// customer turn before it or from 0 (the call connecting) when the agent speaks first. Only
/// agent turns in the condition's scope count; system turns neither start nor end a wait.
/// Hits when a counted latency exceeds <c>maxSeconds</c> (default: the standard's
/// firstResponseSeconds or responseSeconds for the conversation's channel and inquiry class).
/// A wait the agent announced is excused: when the agent's turn before the customer's message
/// has a hold phrase (<c>holdLexicons</c>/<c>holdPhrases</c>, default lexicon <c>hold</c>; <c>[]</c>
/// excuses nothing), the customer's "好的" does not start a new clock (R-STD-3 allows a hold with
/// reason and expected wait). Unknown without timestamps. Evidence: each slow agent turn, noting the wait.
/// </summary>
internal sealed class ResponseLatencyOperator : ICheckOperator
{
    public string Name => "responseLatency";

    public string Summary => "hits when the agent answers later than 'maxSeconds' (default: the standard's response limits; 'first: true' for the first response)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var first = map.Bool("first") ?? false;
        var maxSeconds = map.Int("maxSeconds", 0, 7 * 86_400);
        var hold = compilation.ResolveLexiconsAndPhrases(arguments, "holdLexicons", "holdPhrases", ["hold"], required: false, allowEmpty: true);
        return hold is null ? null : new Compiled(first, maxSeconds, hold);
    }

    private sealed class Compiled(bool first, int? maxSeconds, LexiconSet hold) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var conversation = context.Conversation;
            if (!conversation.HasTimestamps)
            {
                context.AddReason(OperatorText.NoTimestamps("响应时长"));
                return Truth.Unknown;
            }

            var limitSeconds = first
                ? maxSeconds ?? context.Limits.FirstResponseSeconds ?? TimingStandard.BuiltIn.FirstResponseSeconds.GetValueOrDefault()
                : maxSeconds ?? context.Limits.ResponseSeconds ?? TimingStandard.BuiltIn.ResponseSeconds.GetValueOrDefault();
            var limitMs = limitSeconds * 1000L;
            var turns = conversation.Turns;
            long? waitingSince = first ? 0 : null;
            var lastAgentTurn = -1;
            var slow = 0;
            long longest = 0;
            for (var t = 0; t < turns.Count; t++)
            {
                var turn = turns[t];
                if (turn.Speaker == Speaker.Customer)
                {
                    // The wait runs from the end of the customer's LAST message before the answer.
                    waitingSince = turn.EffectiveEndMs;
                    continue;
                }

                if (turn.Speaker != Speaker.Agent)
                {
                    continue;
                }

                var announced = !first && lastAgentTurn >= 0 && hold.Lexicons.Length > 0 && context.TurnHits(lastAgentTurn, hold);
                lastAgentTurn = t;
                if (waitingSince is { } since && !announced && scope.BinarySearch(t) >= 0)
                {
                    var latency = Math.Max(0, turn.StartMs!.Value - since);
                    if (latency > limitMs)
                    {
                        slow++;
                        longest = Math.Max(longest, latency);
                        context.AddTurnEvidence(t, $"客户等待 {OperatorText.Seconds(latency)} 秒（上限 {limitSeconds} 秒）");
                    }
                }

                if (first)
                {
                    break;
                }

                waitingSince = null;
            }

            if (slow == 0)
            {
                return Truth.False;
            }

            context.AddReason(first
                ? $"首次响应超时：客户等待 {OperatorText.Seconds(longest)} 秒（上限 {limitSeconds} 秒）"
                : $"{slow} 次回复超时，最长等待 {OperatorText.Seconds(longest)} 秒（上限 {limitSeconds} 秒）");
            return Truth.True;
        }
    }
}
