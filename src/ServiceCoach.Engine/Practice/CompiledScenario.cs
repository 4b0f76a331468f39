using ServiceCoach.Quality;
using ServiceCoach.Standards;
using ServiceCoach.Text;

namespace ServiceCoach.Practice;

internal sealed record CompiledLine(ScenarioExpression When, IReadOnlyList<string> Say, string Key);

/// <summary>
/// A scenario compiled against the standard its customer listens with: triggers parsed into
/// expressions over that standard's tags and lexicons, cues in one phrase automaton, the effects on
/// emotion merged from the shipped reactions and the scenario's own. Immutable and thread-safe.
/// </summary>
public sealed class CompiledScenario
{
    private readonly PhraseAutomaton? _cueAutomaton;
    private readonly int[][] _cueOwners;

    private CompiledScenario(
        Scenario definition,
        CompiledStandard standard,
        CustomerReactions reactions,
        SignalCatalog signals,
        ScenarioExpression[] needs,
        ScenarioExpression[] beats,
        ScenarioExpression[] rubric,
        KeyValuePair<string, int>[] effects,
        CompiledLine[] linesBefore,
        CompiledLine[] linesInstead,
        PhraseAutomaton? cueAutomaton,
        int[][] cueOwners)
    {
        Definition = definition;
        Standard = standard;
        Engine = new QualityEngine(standard);
        Reactions = reactions;
        Signals = signals;
        NeedTriggers = needs;
        BeatTriggers = beats;
        RubricTriggers = rubric;
        Effects = effects;
        LinesBefore = linesBefore;
        LinesInstead = linesInstead;
        _cueAutomaton = cueAutomaton;
        _cueOwners = cueOwners;
        Factors = reactions.Temperaments.TryGetValue(definition.Persona.Temperament, out var factors) ? factors : new TemperamentFactors(1, 1);
        ClosingSignal = signals.Contains(reactions.ClosingSignal) ? reactions.ClosingSignal : null;
        TransferSignal = signals.Contains(reactions.TransferSignal) ? reactions.TransferSignal : null;
    }

    public Scenario Definition { get; }

    public string Id => Definition.Id;

    public int Version => Definition.Version;

    /// <summary>The standard the customer hears the learner with, and the transcript is scored with.</summary>
    public CompiledStandard Standard { get; }

    /// <summary>The quality engine over <see cref="Standard"/>: the same Score call as for imported conversations.</summary>
    public QualityEngine Engine { get; }

    public CustomerReactions Reactions { get; }

    internal SignalCatalog Signals { get; }

    internal ScenarioExpression[] NeedTriggers { get; }

    internal ScenarioExpression[] BeatTriggers { get; }

    internal ScenarioExpression[] RubricTriggers { get; }

    /// <summary>The effect of each signal on the emotion: the shipped defaults the standard knows, replaced or extended by the scenario's.</summary>
    internal KeyValuePair<string, int>[] Effects { get; }

    internal CompiledLine[] LinesBefore { get; }

    internal CompiledLine[] LinesInstead { get; }

    internal TemperamentFactors Factors { get; }

    internal string? ClosingSignal { get; }

    internal string? TransferSignal { get; }

    internal int EffectOf(string signal)
    {
        foreach (var (name, effect) in Effects)
        {
            if (name == signal)
            {
                return effect;
            }
        }

        return 0;
    }

    internal bool HasEffect(string signal) => Effects.Any(e => e.Key == signal);

    /// <summary>The ids of the scenario's cues found in a reply (normalised text; negation does not matter: a cue marks a topic).</summary>
    internal List<string> CuesIn(string text)
    {
        var found = new List<string>();
        if (_cueAutomaton is null)
        {
            return found;
        }

        foreach (var match in _cueAutomaton.FindAll(TextNormalizer.Normalize(text)))
        {
            foreach (var cue in _cueOwners[match.PatternId])
            {
                var id = Definition.Cues[cue].Id;
                if (!found.Contains(id))
                {
                    found.Add(id);
                }
            }
        }

        return found;
    }

    internal static CompiledScenario? Compile(Scenario scenario, CompiledStandard standard, CustomerReactions reactions, ProblemCollector problems)
    {
        var signals = new SignalCatalog(standard, scenario.Cues.Select(c => c.Id));
        foreach (var cue in scenario.Cues)
        {
            if (signals.IsTag(cue.Id))
            {
                problems.Add(cue.Location, $"Cue '{cue.Id}' has the name of a tag of the standard; give it another id.");
            }
        }

        var needIds = scenario.Needs.Select(n => n.Id).ToArray();
        var needs = scenario.Needs.Select(n => ScenarioExpression.Compile(n.When, ExpressionScope.Reply, signals, needIds, problems, $"need '{n.Id}'")).ToArray();
        var beats = scenario.Beats.Select(b => ScenarioExpression.Compile(b.When, ExpressionScope.Reply, signals, needIds, problems, $"beat '{b.Id}'")).ToArray();
        var rubric = scenario.Rubric.Select(r => ScenarioExpression.Compile(r.When, ExpressionScope.Attempt, signals, needIds, problems, $"rubric item '{r.Id}'")).ToArray();

        var effects = reactions.Effects.Where(e => signals.Contains(e.Key)).ToList();
        foreach (var reaction in scenario.Reactions)
        {
            if (!signals.Contains(reaction.Signal))
            {
                problems.Add(reaction.Location, $"In reactions: {signals.Unknown(reaction.Signal)}");
                continue;
            }

            var index = effects.FindIndex(e => e.Key == reaction.Signal);
            if (index >= 0)
            {
                effects[index] = new(reaction.Signal, reaction.Effect);
            }
            else
            {
                effects.Add(new(reaction.Signal, reaction.Effect));
            }
        }

        foreach (var check in scenario.Examples.BadFails)
        {
            if (!signals.CheckExists(check))
            {
                problems.Add(scenario.Location, $"examples.badFails names '{check}', which is not a check of the standard {standard.Id} {standard.Version}.");
            }
        }

        var (automaton, owners) = BuildCues(scenario.Cues);
        if (problems.HasProblems)
        {
            return null;
        }

        return new CompiledScenario(
            scenario, standard, reactions, signals, needs!, beats!, rubric!, [.. effects],
            CompileLibraryLines(reactions.LinesBeforeProgress, signals, needIds, "before"),
            CompileLibraryLines(reactions.LinesInsteadOfPressing, signals, needIds, "instead"),
            automaton, owners);
    }

    /// <summary>The shipped lines that this standard can hear; a line over a tag the standard lacks is left out.</summary>
    private static CompiledLine[] CompileLibraryLines(IReadOnlyList<ReactionLine> lines, SignalCatalog signals, string[] needIds, string group)
    {
        var result = new List<CompiledLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var scratch = new ProblemCollector(CustomerReactions.FileName);
            if (ScenarioExpression.Compile(lines[i].When, ExpressionScope.Reply, signals, needIds, scratch, "the customer reactions") is { } expression)
            {
                result.Add(new CompiledLine(expression, lines[i].Say, $"library-{group}-{i}"));
            }
        }

        return [.. result];
    }

    private static (PhraseAutomaton? Automaton, int[][] Owners) BuildCues(IReadOnlyList<ScenarioCue> cues)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var owners = new List<List<int>>();
        for (var c = 0; c < cues.Count; c++)
        {
            foreach (var phrase in cues[c].Phrases)
            {
                var normalized = TextNormalizer.Normalize(phrase.Trim());
                if (normalized.Length == 0)
                {
                    continue;
                }

                if (!ids.TryGetValue(normalized, out var id))
                {
                    id = ids.Count;
                    ids.Add(normalized, id);
                    owners.Add([]);
                }

                if (!owners[id].Contains(c))
                {
                    owners[id].Add(c);
                }
            }
        }

        if (ids.Count == 0)
        {
            return (null, []);
        }

        var patterns = new string[ids.Count];
        foreach (var (pattern, id) in ids)
        {
            patterns[id] = pattern;
        }

        return (PhraseAutomaton.Build(patterns), [.. owners.Select(o => o.ToArray())]);
    }
}
