using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Talking over the other party (R-STD-5: no interrupting). A scoped turn interrupts when it
/// starts more than <c>minOverlapMs</c> before the end of the latest earlier turn of the other
/// speaker (agent vs customer; system messages neither interrupt nor are interrupted). Backchannel
/// overlaps ("嗯", "对") are usually short, hence the tolerance. Unknown when a turn cannot be
/// judged for lack of an end time and no other turn interrupts. Evidence: each interrupting turn.
/// </summary>
internal sealed class InterruptionOperator : ICheckOperator
{
    public string Name => "interruption";

    public string Summary => "hits when a turn starts more than 'minOverlapMs' before the other speaker's turn ends";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation) =>
        new Compiled(arguments.Map.Int("minOverlapMs", 0, 600_000) ?? 500);

    private sealed class Compiled(int minOverlapMs) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var turns = context.Conversation.Turns;
            var interruptions = 0;
            var undecidable = false;
            foreach (var t in scope)
            {
                var turn = turns[t];
                if (turn.Speaker == Speaker.System)
                {
                    continue;
                }

                var previous = t - 1;
                while (previous >= 0 && (turns[previous].Speaker == turn.Speaker || turns[previous].Speaker == Speaker.System))
                {
                    previous--;
                }

                if (previous < 0)
                {
                    continue;
                }

                if (turn.StartMs is not { } start || turns[previous].EndMs is not { } end)
                {
                    undecidable = true;
                    continue;
                }

                var overlap = end - start;
                if (overlap > minOverlapMs)
                {
                    interruptions++;
                    context.AddTurnEvidence(t, $"抢话 {OperatorText.Seconds(overlap)} 秒");
                }
            }

            if (interruptions > 0)
            {
                context.AddReason($"{interruptions} 次在对方说完前插话");
                return Truth.True;
            }

            if (undecidable)
            {
                context.AddReason("会话缺少结束时间，无法判断是否抢话 (no end times)");
                return Truth.Unknown;
            }

            return Truth.False;
        }
    }
}
