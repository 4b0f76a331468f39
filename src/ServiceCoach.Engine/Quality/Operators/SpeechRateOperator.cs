using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// Speaking too fast or too slow (R-STD-7: 180–220 characters per minute). The rate of a scoped
/// turn is its content characters (letters, digits, CJK; not punctuation) per minute of its own
/// duration (<c>EndMs − StartMs</c>). Only turns with both times, lasting at least one second and
/// with at least <c>minChars</c> characters are measured: a two-character "好的" or a chat message
/// (end = start) says nothing about speech rate. Hits when a measured turn is outside
/// [<c>minCharsPerMinute</c>, <c>maxCharsPerMinute</c>] (defaults: the standard's
/// timing.speechRate; either bound may be left open). Unknown when no turn can be measured.
/// </summary>
internal sealed class SpeechRateOperator : ICheckOperator
{
    private const long MinDurationMs = 1000;

    public string Name => "speechRate";

    public string Summary => "hits when a turn is spoken faster or slower than the speech-rate band (characters per minute)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var before = map.Problems.Problems.Count;
        var min = map.Int("minCharsPerMinute", 1, 2000);
        var max = map.Int("maxCharsPerMinute", 1, 2000);
        var minChars = map.Int("minChars", 1, 10_000) ?? 10;
        if (map.Problems.Problems.Count != before)
        {
            return null;
        }

        var band = compilation.Timing.SpeechRate;
        min ??= band?.MinCharsPerMinute;
        max ??= band?.MaxCharsPerMinute;
        if (min is null && max is null)
        {
            arguments.Problem($"{OperatorText.Context(arguments)} needs 'minCharsPerMinute' or 'maxCharsPerMinute': the standard has no timing.speechRate to use by default.");
            return null;
        }

        if (min > max)
        {
            arguments.Problem($"{OperatorText.Context(arguments)}: the speech-rate band is empty (minimum {min} is above maximum {max} characters per minute).");
            return null;
        }

        return new Compiled(min, max, minChars);
    }

    private sealed class Compiled(int? min, int? max, int minChars) : ICompiledOperator
    {
        private readonly string _band = OperatorText.Range(min, max, "");

        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var measured = 0;
            var outside = 0;
            foreach (var t in scope)
            {
                var turn = context.TurnAt(t);
                if (turn.StartMs is not { } start || turn.EndMs is not { } end || end - start < MinDurationMs)
                {
                    continue;
                }

                var chars = OperatorText.CountContent(context.NormalizedText(t));
                if (chars < minChars)
                {
                    continue;
                }

                measured++;
                var rate = chars * 60_000.0 / (end - start);
                if ((min is { } low && rate < low) || (max is { } high && rate > high))
                {
                    outside++;
                    context.AddTurnEvidence(t, $"语速 {OperatorText.Number(rate, 0)} 字/分（标准 {_band}）");
                }
            }

            if (measured == 0)
            {
                context.AddReason($"没有可计算语速的轮次（需要起止时间、时长不少于 1 秒且不少于 {minChars} 字）");
                return Truth.Unknown;
            }

            if (outside > 0)
            {
                context.AddReason($"{outside} 轮语速超出标准 {_band} 字/分");
            }

            return outside > 0 ? Truth.True : Truth.False;
        }
    }
}
