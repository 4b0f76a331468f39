using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// A conversation that ended badly: the last non-system turn is by one of <c>lastSpeakers</c>
/// (default: the customer, whose message then went unanswered) and does not say a closing phrase
/// (<c>except</c>/<c>exceptPhrases</c>, default lexicon <c>thanks</c> if defined: "好的谢谢，再见"
/// is a normal last word); or one of the last two turns carries a cut-off marker
/// (<c>lexicons</c>/<c>phrases</c>, default lexicon <c>disconnect</c> if defined: "对方已挂断",
/// "会话已超时"). Looks at the whole conversation whatever the condition's scope; an empty
/// conversation does not hit. Evidence: the last turn, or the cut-off marker.
/// </summary>
internal sealed class AbnormalEndingOperator : ICheckOperator
{
    private static readonly Dictionary<string, Speaker> Speakers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["agent"] = Speaker.Agent,
        ["customer"] = Speaker.Customer,
    };

    public string Name => "abnormalEnding";

    public string Summary => "hits when the conversation ends on an unanswered customer message or with a cut-off marker";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var speakers = arguments.Map.Has("lastSpeakers")
            ? OperatorText.EnumList(arguments, "lastSpeakers", Speakers, required: false)
            : [Speaker.Customer];
        // Both sets are refinements: an explicit empty list switches the default off.
        var except = compilation.ResolveLexiconsAndPhrases(arguments, "except", "exceptPhrases", ["thanks"], required: false, allowEmpty: true);
        var markers = compilation.ResolveLexiconsAndPhrases(arguments, "lexicons", "phrases", ["disconnect"], required: false, allowEmpty: true);
        return speakers is null || except is null || markers is null ? null : new Compiled([.. speakers], except, markers);
    }

    private sealed class Compiled(Speaker[] lastSpeakers, LexiconSet except, LexiconSet markers) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var turns = context.Conversation.Turns;
            var hit = false;
            var last = turns.Count - 1;
            while (last >= 0 && turns[last].Speaker == Speaker.System)
            {
                last--;
            }

            if (last >= 0 && Array.IndexOf(lastSpeakers, turns[last].Speaker) >= 0 && !context.TurnHits(last, except))
            {
                hit = true;
                context.AddTurnEvidence(last, "最后一条消息");
                context.AddReason($"会话以{OperatorText.SpeakerName(turns[last].Speaker)}消息结束，未获回复");
            }

            var cutOff = false;
            for (var t = Math.Max(0, turns.Count - 2); t < turns.Count; t++)
            {
                cutOff |= LexiconMatches.AddEvidence(context, t, markers, "会话中断") > 0;
            }

            if (cutOff)
            {
                hit = true;
                context.AddReason("会话异常中断");
            }

            return hit ? Truth.True : Truth.False;
        }
    }
}
