using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Practice;

/// <summary>
/// What one learner reply was heard to do: the standard's tags with evidence in that reply (heard
/// in the context of the conversation before it, exactly as inspection hears an agent), the
/// standard's lexicons it hits, and the scenario's cues.
/// </summary>
/// <param name="Turn">0-based index of the reply in the transcript.</param>
public sealed record HeardReply(int Turn, string Text, IReadOnlyList<TagResult> Tags, IReadOnlyList<LexiconHit> LexiconHits, IReadOnlyList<string> Cues)
{
    /// <summary>True when the reply addressed nothing the customer could recognise (set by the customer).</summary>
    public bool Ignored { get; init; }

    /// <summary>Characters in the reply's longest sentence (split at 。！？!?；; and line breaks; spaces not counted).</summary>
    public int LongestSentence { get; init; }

    /// <summary>True when <see cref="LongestSentence"/> exceeds the scenario's <c>maxSentenceChars</c>.</summary>
    public bool LongSentences { get; init; }

    /// <summary>Every signal name heard: tag ids, cue ids, <c>lexicon:id</c>, and <c>ignored</c>.</summary>
    public IEnumerable<string> Signals =>
        Tags.Select(t => t.Id)
            .Concat(Cues)
            .Concat(LexiconHits.Select(h => SignalCatalog.LexiconPrefix + h.LexiconId).Distinct())
            .Concat(Ignored ? [SignalCatalog.Ignored] : [])
            .Concat(LongSentences ? [SignalCatalog.LongSentences] : []);

    public bool Has(string signal) =>
        signal == SignalCatalog.Ignored ? Ignored
        : signal == SignalCatalog.LongSentences ? LongSentences
        : signal.StartsWith(SignalCatalog.LexiconPrefix, StringComparison.Ordinal)
            ? LexiconHits.Any(h => h.LexiconId.AsSpan().SequenceEqual(signal.AsSpan(SignalCatalog.LexiconPrefix.Length)))
            : Tags.Any(t => t.Id == signal) || Cues.Contains(signal);

    /// <summary>Hears the agent turn <paramref name="turn"/> of <paramref name="conversation"/> (the turns after it are ignored).</summary>
    public static HeardReply Hear(CompiledScenario scenario, Conversation conversation, int turn)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(conversation);
        var upTo = turn + 1 == conversation.Turns.Count ? conversation : conversation with { Turns = [.. conversation.Turns.Take(turn + 1)] };
        var text = conversation.Turns[turn].Text;
        var longest = Longest(text);
        return new HeardReply(
            turn,
            text,
            scenario.Engine.TagsInTurn(upTo, turn),
            scenario.Standard.AnalyzeUtterance(text).LexiconHits,
            scenario.CuesIn(text))
        {
            LongestSentence = longest,
            LongSentences = scenario.Definition.MaxSentenceChars is { } max && longest > max,
        };
    }

    private static int Longest(string text)
    {
        int longest = 0, current = 0;
        foreach (var c in text)
        {
            if (c is '。' or '！' or '？' or '!' or '?' or '；' or ';' or '\n' or '…')
            {
                longest = Math.Max(longest, current);
                current = 0;
            }
            else if (!char.IsWhiteSpace(c))
            {
                current++;
            }
        }

        return Math.Max(longest, current);
    }
}
