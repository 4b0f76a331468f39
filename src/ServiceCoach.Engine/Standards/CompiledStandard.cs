using ServiceCoach.Conversations;
using ServiceCoach.Quality.Operators;
using ServiceCoach.Text;

namespace ServiceCoach.Standards;

/// <summary>A set of lexicons an operator or flow step listens to (usually one to three).</summary>
internal sealed class LexiconSet(int[] lexicons)
{
    public int[] Lexicons { get; } = lexicons;

    /// <summary>Bit i set for lexicon i &lt; 64; <see cref="HasLargeIndex"/> when any lexicon is beyond.</summary>
    public ulong Mask { get; } = lexicons.Where(l => l < 64).Aggregate(0UL, (mask, l) => mask | (1UL << l));

    public bool HasLargeIndex { get; } = lexicons.Any(l => l >= 64);

    public bool Contains(int lexicon)
    {
        foreach (var l in Lexicons)
        {
            if (l == lexicon)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A pattern belongs to one or more lexicon entries (a phrase can be in two lexicons).</summary>
internal readonly record struct PatternOwner(int Lexicon, int Entry);

internal sealed record CompiledLexicon(int Index, string Id, string Name, LexiconEntry[] Entries, bool Inline)
{
    /// <summary>The inline lexicon of this lexicon's exceptions, or -1.</summary>
    public int ExceptionLexicon { get; set; } = -1;

    /// <summary>The lexicon of negators that cancel a hit right after them, or -1.</summary>
    public int NegatorLexicon { get; set; } = -1;

    public bool HasRules => ExceptionLexicon >= 0 || NegatorLexicon >= 0;
}

internal sealed record CompiledFlowStep(string Id, string Name, RoleScope Role, LexiconSet Lexicons);

internal sealed record CompiledFlow(string Id, string Name, CompiledFlowStep[] Steps);

internal sealed record CompiledAnchor(int Condition, bool After, int? Within);

internal sealed record CompiledCondition(
    int Index,
    string Id,
    RoleScope Role,
    TurnRange? Turns,
    CompiledAnchor? Anchor,
    ICompiledOperator[] Operators,
    BooleanExpression Expression);

internal sealed record CompiledCheck(
    CheckDefinition Definition,
    BooleanExpression Expression,
    BooleanExpression? Applicable,
    NaHandling NaHandling);

internal sealed record CompiledTag(TagDefinition Definition, BooleanExpression When);

internal sealed record CompiledRiskSignal(RiskSignalDefinition Definition, BooleanExpression When);

internal sealed record CompiledRisk(decimal Bias, CompiledRiskSignal[] Signals);

/// <summary>What one utterance says in terms of the standard: lexicon phrases and flow steps it hits.</summary>
public sealed record UtteranceAnalysis(IReadOnlyList<LexiconHit> LexiconHits, IReadOnlyList<FlowStepHit> FlowSteps)
{
    public bool Hits(string lexiconId) => LexiconHits.Any(h => h.LexiconId == lexiconId);

    public bool HitsStep(string flowId, string stepId) => FlowSteps.Any(s => s.FlowId == flowId && s.StepId == stepId);
}

/// <param name="Start">UTF-16 offset into the original utterance.</param>
public sealed record LexiconHit(string LexiconId, string Phrase, int Start, int Length, string? Suggestion);

public sealed record FlowStepHit(string FlowId, string StepId, string StepName, int Start, int Length);

/// <summary>
/// An immutable, compiled service standard: all phrases of all lexicons in one automaton,
/// regexes compiled once, expressions pre-parsed. Thread-safe; build it once and share it.
/// </summary>
public sealed class CompiledStandard
{
    private readonly int[] _ownerStart;
    private readonly PatternOwner[] _owners;

    internal CompiledStandard(
        ServiceStandard definition,
        CompiledLexicon[] lexicons,
        PhraseAutomaton automaton,
        int[] ownerStart,
        PatternOwner[] owners,
        CompiledFlow[] flows,
        CompiledCondition[] conditions,
        CompiledCheck[] checks,
        CompiledTag[] tags,
        CompiledRisk? risk)
    {
        Tags = tags;
        Risk = risk;
        Definition = definition;
        Lexicons = lexicons;
        Automaton = automaton;
        _ownerStart = ownerStart;
        _owners = owners;
        Flows = flows;
        Conditions = conditions;
        Checks = checks;
        Grades = [.. definition.Scorecard.Grades.OrderByDescending(g => g.Min)];
        Dimensions = [.. definition.Scorecard.Dimensions];
    }

    public ServiceStandard Definition { get; }

    public string Id => Definition.Id;

    public string Version => Definition.Version;

    public string Name => Definition.Name;

    public TimingStandard Timing => Definition.Timing;

    /// <summary>The checks in file order.</summary>
    public IReadOnlyList<CheckDefinition> CheckDefinitions => Definition.Scorecard.Checks;

    public int PatternCount => Automaton.PatternCount;

    internal PhraseAutomaton Automaton { get; }

    internal CompiledLexicon[] Lexicons { get; }

    internal CompiledFlow[] Flows { get; }

    internal CompiledCondition[] Conditions { get; }

    internal CompiledCheck[] Checks { get; }

    internal CompiledTag[] Tags { get; }

    internal CompiledRisk? Risk { get; }

    /// <summary>The behaviours (tags) the standard detects, in file order.</summary>
    public IReadOnlyList<TagDefinition> TagDefinitions => Definition.Tags;

    internal GradeBand[] Grades { get; }

    internal DimensionDefinition[] Dimensions { get; }

    internal ReadOnlySpan<PatternOwner> OwnersOf(int patternId) =>
        _owners.AsSpan(_ownerStart[patternId], _ownerStart[patternId + 1] - _ownerStart[patternId]);

    /// <summary>
    /// The lexicons (index &lt; 64) a pattern belongs to, as bits: whether a hit matters to an
    /// operator is then one AND instead of a scan of owners × lexicons. Standards with more than
    /// 64 lexicons fall back to the scan for the rest.
    /// </summary>
    internal ulong[] PatternLexiconMask => _patternMask ??= BuildPatternMasks();

    private ulong[]? _patternMask;

    private ulong[] BuildPatternMasks()
    {
        var masks = new ulong[Automaton.PatternCount];
        for (var p = 0; p < masks.Length; p++)
        {
            foreach (var owner in OwnersOf(p))
            {
                if (owner.Lexicon < 64)
                {
                    masks[p] |= 1UL << owner.Lexicon;
                }
            }
        }

        return masks;
    }

    /// <summary>The grade band for a score (bands are sorted by descending minimum; the lowest starts at 0).</summary>
    public GradeBand GradeFor(decimal score)
    {
        foreach (var band in Grades)
        {
            if (score >= band.Min)
            {
                return band;
            }
        }

        return Grades[^1];
    }

    /// <summary>
    /// Which lexicons and flow steps one utterance hits (normalised like conversations, so
    /// traditional script counts). Used by the practice simulator to react to a learner's reply.
    /// </summary>
    public UtteranceAnalysis AnalyzeUtterance(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = TextNormalizer.Normalize(text);
        var lexiconHits = new List<LexiconHit>();
        var steps = new List<FlowStepHit>();
        foreach (var match in Automaton.FindAll(normalized))
        {
            foreach (var owner in OwnersOf(match.PatternId))
            {
                var lexicon = Lexicons[owner.Lexicon];
                if (!lexicon.Inline)
                {
                    lexiconHits.Add(new LexiconHit(lexicon.Id, text.Substring(match.Start, match.Length), match.Start, match.Length, lexicon.Entries[owner.Entry].Suggestion));
                }

                foreach (var flow in Flows)
                {
                    foreach (var step in flow.Steps)
                    {
                        if (step.Lexicons.Contains(owner.Lexicon) && !steps.Any(s => s.FlowId == flow.Id && s.StepId == step.Id))
                        {
                            steps.Add(new FlowStepHit(flow.Id, step.Id, step.Name, match.Start, match.Length));
                        }
                    }
                }
            }
        }

        return new UtteranceAnalysis(lexiconHits, steps);
    }

    /// <summary>Phrases of one lexicon as written, for display; empty when the lexicon does not exist.</summary>
    public IReadOnlyList<LexiconEntry> PhrasesOf(string lexiconId) =>
        Lexicons.FirstOrDefault(l => l.Id == lexiconId && !l.Inline)?.Entries ?? [];

    internal int? FindLexicon(string id)
    {
        foreach (var lexicon in Lexicons)
        {
            if (!lexicon.Inline && lexicon.Id == id)
            {
                return lexicon.Index;
            }
        }

        return null;
    }

    internal static bool RoleMatches(RoleScope role, Speaker speaker) => role switch
    {
        RoleScope.Any => true,
        RoleScope.Agent => speaker == Speaker.Agent,
        RoleScope.Customer => speaker == Speaker.Customer,
        RoleScope.System => speaker == Speaker.System,
        _ => false,
    };
}
