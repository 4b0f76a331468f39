using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// The conversation's length: hits when <see cref="Conversations.Conversation.Duration"/> (offset 0
/// to the end of the last turn) is within [<c>minSeconds</c>, <c>maxSeconds</c>], both inclusive,
/// either open. Typical use: <c>applicable:</c> for checks that only make sense in long calls, or
/// flagging suspiciously short ones. Looks at the whole conversation whatever the scope. Unknown
/// without timestamps.
/// </summary>
internal sealed class DurationOperator : ICheckOperator
{
    public string Name => "duration";

    public string Summary => "hits when the conversation lasts between 'minSeconds' and 'maxSeconds'";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation) =>
        OperatorText.MinMax(arguments, "minSeconds", "maxSeconds", 0, 7 * 86_400, out var min, out var max) ? new Compiled(min, max) : null;

    private sealed class Compiled(int? minSeconds, int? maxSeconds) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            if (context.Conversation.Duration is not { } duration)
            {
                context.AddReason(OperatorText.NoTimestamps("会话时长"));
                return Truth.Unknown;
            }

            var ms = (long)duration.TotalMilliseconds;
            var within = OperatorText.Within(ms, minSeconds * 1000L, maxSeconds * 1000L);
            context.AddReason($"会话时长 {OperatorText.Duration(ms)}（范围 {OperatorText.Range(minSeconds, maxSeconds, " 秒")}）");
            return within ? Truth.True : Truth.False;
        }
    }
}
