using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Unannounced dead air before the agent speaks (R-STD-3: before a hold, give the reason and the
/// expected wait). A gap is the time from the end of one turn (<see cref="Turn.EffectiveEndMs"/>)
/// to the start of the next, counted where the next turn is a scoped agent turn. Hits when a gap
/// exceeds <c>maxSeconds</c> (default: the standard's silenceSeconds) and the agent's most recent
/// turn at or before the gap did not announce a hold (<c>holdLexicons</c>/<c>holdPhrases</c>,
/// default lexicon <c>hold</c>; <c>holdLexicons: []</c> counts every long gap). With
/// <c>gaps: any</c> a gap also counts when it FOLLOWS a scoped agent turn — on the phone, dead air
/// after "我看一下" is the agent's even when the customer breaks it ("喂？还在吗？"); in chat keep the
/// default <c>beforeAgent</c>, since a pause after the agent's message is the customer typing.
/// Unknown without timestamps. Evidence: the turn after each such gap.
/// </summary>
internal sealed class SilenceOperator : ICheckOperator
{
    public string Name => "silence";

    public string Summary => "hits when the agent is silent longer than 'maxSeconds' without announcing a hold first";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var maxSeconds = arguments.Map.Int("maxSeconds", 0, 86_400);
        var gaps = arguments.Map.Enum("gaps", GapKinds) ?? false;
        var hold = compilation.ResolveLexiconsAndPhrases(arguments, "holdLexicons", "holdPhrases", ["hold"], required: true, allowEmpty: true);
        return hold is null ? null : new Compiled(hold, maxSeconds, gaps);
    }

    /// <summary>false = only gaps before an agent turn; true = also gaps after one.</summary>
    private static readonly Dictionary<string, bool> GapKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["beforeAgent"] = false,
        ["any"] = true,
    };

    private sealed class Compiled(LexiconSet hold, int? maxSeconds, bool afterAgentToo) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var conversation = context.Conversation;
            if (!conversation.HasTimestamps)
            {
                context.AddReason(OperatorText.NoTimestamps("静默时长"));
                return Truth.Unknown;
            }

            var limitSeconds = maxSeconds ?? context.Limits.SilenceSeconds ?? TimingStandard.BuiltIn.SilenceSeconds.GetValueOrDefault();
            var limitMs = limitSeconds * 1000L;
            var turns = conversation.Turns;
            var lastAgentTurn = -1;
            var silent = 0;
            long longest = 0;
            for (var t = 1; t < turns.Count; t++)
            {
                if (turns[t - 1].Speaker == Speaker.Agent)
                {
                    lastAgentTurn = t - 1;
                }

                var next = turns[t];
                var beforeAgent = next.Speaker == Speaker.Agent && scope.BinarySearch(t) >= 0;
                var afterAgent = afterAgentToo && turns[t - 1].Speaker == Speaker.Agent && scope.BinarySearch(t - 1) >= 0;
                if (!beforeAgent && !afterAgent)
                {
                    continue;
                }

                var gap = next.StartMs!.Value - turns[t - 1].EffectiveEndMs!.Value;
                if (gap <= limitMs || (lastAgentTurn >= 0 && context.TurnHits(lastAgentTurn, hold)))
                {
                    continue;
                }

                silent++;
                longest = Math.Max(longest, gap);
                context.AddTurnEvidence(t, $"静默 {OperatorText.Seconds(gap)} 秒且未提前告知");
            }

            if (silent == 0)
            {
                return Truth.False;
            }

            context.AddReason($"{silent} 次静默超过 {limitSeconds} 秒且未提前告知，最长 {OperatorText.Seconds(longest)} 秒");
            return Truth.True;
        }
    }
}
