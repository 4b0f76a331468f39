using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

internal enum EmotionTrajectory
{
    Any,
    Early,
    Late,
    Persisted,
    Rose,
    Calmed,
}

/// <summary>
/// Negative emotion and how it moved over the scoped turns (normally <c>role: customer</c>):
/// <c>any</c> — an anger/complaint phrase (<c>lexicons</c>/<c>phrases</c>, default the lexicons
/// <c>anger</c> and <c>complaint</c> that the standard defines) anywhere; <c>early</c> / <c>late</c>
/// — in the first / last <c>window</c> turns; <c>persisted</c> — early and late; <c>rose</c> — late
/// but not early; <c>calmed</c> — early but not late (the agent de-escalated).
/// </summary>
/// <remarks>
/// The early and late parts never share a turn, so one angry message in the middle of a short
/// exchange cannot count as both "at the start" and "at the end": with fewer than 2 × window
/// scoped turns each part is half of them (rounded down; the middle turn of an odd count belongs
/// to neither). With fewer than two scoped turns there is no start and end to compare, so every
/// trajectory but <c>any</c> answers Unknown.
/// </remarks>
internal sealed class EmotionOperator : ICheckOperator
{
    private static readonly Dictionary<string, EmotionTrajectory> Trajectories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["any"] = EmotionTrajectory.Any,
        ["early"] = EmotionTrajectory.Early,
        ["late"] = EmotionTrajectory.Late,
        ["persisted"] = EmotionTrajectory.Persisted,
        ["rose"] = EmotionTrajectory.Rose,
        ["calmed"] = EmotionTrajectory.Calmed,
    };

    public string Name => "emotion";

    public string Summary => "hits when negative-emotion phrases occur with the given trajectory (any | early | late | persisted | rose | calmed)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var trajectory = map.Enum("trajectory", Trajectories) ?? EmotionTrajectory.Any;
        var window = map.Int("window", 1, 1000) ?? 2;
        var set = compilation.ResolveLexiconsAndPhrases(arguments, "lexicons", "phrases", ["anger", "complaint"], required: true);
        return set is null ? null : new Compiled(set, trajectory, window);
    }

    private sealed class Compiled(LexiconSet set, EmotionTrajectory trajectory, int window) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            if (trajectory == EmotionTrajectory.Any)
            {
                var any = false;
                foreach (var turn in scope)
                {
                    any |= LexiconMatches.AddEvidence(context, turn, set) > 0;
                }

                return any ? Truth.True : Truth.False;
            }

            if (scope.Length < 2)
            {
                context.AddReason("发言不足 2 轮，无法判断情绪变化");
                return Truth.Unknown;
            }

            var size = Math.Min(window, scope.Length / 2);
            var early = scope[..size];
            var late = scope[^size..];
            var inEarly = AnyHit(context, early);
            var inLate = AnyHit(context, late);
            var hits = trajectory switch
            {
                EmotionTrajectory.Early => inEarly,
                EmotionTrajectory.Late => inLate,
                EmotionTrajectory.Persisted => inEarly && inLate,
                EmotionTrajectory.Rose => !inEarly && inLate,
                _ => inEarly && !inLate,
            };

            // Evidence from the part(s) the answer rests on.
            if (trajectory is EmotionTrajectory.Early or EmotionTrajectory.Persisted or EmotionTrajectory.Calmed)
            {
                AddEvidence(context, early);
            }

            if (trajectory is EmotionTrajectory.Late or EmotionTrajectory.Persisted or EmotionTrajectory.Rose)
            {
                AddEvidence(context, late);
            }

            context.AddReason($"前 {size} 轮{(inEarly ? "有" : "无")}负面情绪，后 {size} 轮{(inLate ? "有" : "无")}负面情绪");
            return hits ? Truth.True : Truth.False;
        }

        private bool AnyHit(EvaluationContext context, ReadOnlySpan<int> turns)
        {
            foreach (var turn in turns)
            {
                if (context.TurnHits(turn, set))
                {
                    return true;
                }
            }

            return false;
        }

        private void AddEvidence(EvaluationContext context, ReadOnlySpan<int> turns)
        {
            foreach (var turn in turns)
            {
                LexiconMatches.AddEvidence(context, turn, set);
            }
        }
    }
}
