using ServiceCoach.Standards;

namespace ServiceCoach.Practice;

/// <summary>
/// The names a scenario may listen for: the standard's tags (what a reply does, as inspection hears
/// it), the standard's lexicons as <c>lexicon:id</c>, the scenario's own cues, <c>ignored</c>
/// (the reply addressed nothing the customer could recognise) and <c>long-sentences</c>.
/// </summary>
internal sealed class SignalCatalog
{
    public const string Ignored = "ignored";

    public const string LexiconPrefix = "lexicon:";

    /// <summary>A sentence of the reply is longer than the scenario's <c>maxSentenceChars</c> (an elderly customer loses the thread).</summary>
    public const string LongSentences = "long-sentences";

    private readonly CompiledStandard _standard;
    private readonly HashSet<string> _tags;
    private readonly HashSet<string> _cues;

    public SignalCatalog(CompiledStandard standard, IEnumerable<string> cueIds)
    {
        _standard = standard;
        _tags = [.. standard.TagDefinitions.Select(t => t.Id)];
        _cues = [.. cueIds];
    }

    public CompiledStandard Standard => _standard;

    public bool IsTag(string name) => _tags.Contains(name);

    public bool IsCue(string name) => _cues.Contains(name);

    public bool Contains(string name) =>
        name == Ignored || name == LongSentences || _tags.Contains(name) || _cues.Contains(name) ||
        (name.StartsWith(LexiconPrefix, StringComparison.Ordinal) && _standard.FindLexicon(name[LexiconPrefix.Length..]) is not null);

    public bool CheckExists(string id) => _standard.CheckDefinitions.Any(c => c.Id == id);

    /// <summary>A message for an unknown signal, with the closest known name when there is one.</summary>
    public string Unknown(string name)
    {
        if (name.StartsWith(LexiconPrefix, StringComparison.Ordinal))
        {
            return $"'{name}': the standard {_standard.Id} {_standard.Version} has no lexicon '{name[LexiconPrefix.Length..]}'.";
        }

        var known = _tags.Concat(_cues).Append(Ignored).Append(LongSentences).ToArray();
        var closest = known.MinBy(k => YamlMap.EditDistance(k, name));
        var hint = closest is not null && YamlMap.EditDistance(closest, name) <= Math.Max(2, name.Length / 3) ? $" Did you mean '{closest}'?" : "";
        return $"'{name}' is neither a tag of the standard {_standard.Id} {_standard.Version}, a cue of this scenario, 'ignored', 'long-sentences' nor 'lexicon:<id>'.{hint}";
    }
}
