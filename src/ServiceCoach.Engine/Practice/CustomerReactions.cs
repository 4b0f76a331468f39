using System.Reflection;
using ServiceCoach.Standards;

namespace ServiceCoach.Practice;

/// <summary>A line the customer says when <see cref="When"/> holds for a reply (an expression over signals).</summary>
public sealed record ReactionLine(Located<string> When, IReadOnlyList<string> Say);

/// <summary>Multipliers on calming (negative) and inflaming (positive) effects for one temperament.</summary>
public sealed record TemperamentFactors(decimal Calming, decimal Inflaming);

/// <summary>
/// How every virtual customer reacts unless a scenario says otherwise: the effect of each signal on
/// the emotion, temperaments, and the generic lines (你这是什么态度？ …). Data, not code: the shipped
/// set is <c>src/ServiceCoach.Engine/Practice/CustomerReactions.yaml</c> (docs/scenarios.md#reactions).
/// Signals the standard in use does not define are ignored, so a team's own standard still works.
/// </summary>
public sealed record CustomerReactions
{
    public const string FileName = "CustomerReactions.yaml";

    /// <summary>The tag that means the agent closed politely (the customer then says goodbye).</summary>
    public required string ClosingSignal { get; init; }

    /// <summary>The tag that means the agent handed the customer on (ends the session as escalated unless it solved the case).</summary>
    public required string TransferSignal { get; init; }

    /// <summary>Emotion change per signal heard in a reply, in file order (negative calms).</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> Effects { get; init; }

    /// <summary>Each further time a calming signal is heard its effect is multiplied by this (the same "我理解" a third time calms little).</summary>
    public required decimal CalmingDecay { get; init; }

    /// <summary>Emotion drop when a need is met (before the temperament factor), unless the need sets its own.</summary>
    public required int NeedRelief { get; init; }

    public required IReadOnlyDictionary<Temperament, TemperamentFactors> Temperaments { get; init; }

    /// <summary>Said in reaction to a reply before need progress is acknowledged (after the scenario's beats).</summary>
    public required IReadOnlyList<ReactionLine> LinesBeforeProgress { get; init; }

    /// <summary>Said when no need progressed, instead of pressing for the open need (e.g. "好，我等着" after a hold).</summary>
    public required IReadOnlyList<ReactionLine> LinesInsteadOfPressing { get; init; }

    public required IReadOnlyList<string> Abandon { get; init; }

    public required IReadOnlyList<string> Escalation { get; init; }

    public required IReadOnlyList<string> Escalated { get; init; }

    public required IReadOnlyList<string> Transferred { get; init; }

    public required IReadOnlyList<string> Farewell { get; init; }

    public required IReadOnlyList<string> Resolution { get; init; }

    public required IReadOnlyList<string> StillUpset { get; init; }

    public required IReadOnlyList<string> TurnLimit { get; init; }

    /// <summary>The shipped reactions (parsed once).</summary>
    public static CustomerReactions Default => LazyDefault.Value;

    /// <summary>The shipped reactions' YAML text.</summary>
    public static string DefaultYaml { get; } = ReadResource();

    private static readonly Lazy<CustomerReactions> LazyDefault = new(() =>
    {
        var problems = new ProblemCollector(FileName);
        var reactions = Parse(DefaultYaml, problems);
        return reactions is not null && !problems.HasProblems
            ? reactions
            : throw new StandardLoadException(problems.Problems);
    });

    /// <summary>Reads reactions from YAML; problems carry file, line and column.</summary>
    public static (CustomerReactions? Reactions, IReadOnlyList<StandardProblem> Problems) Load(string yaml, string fileName = FileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var problems = new ProblemCollector(fileName);
        var reactions = Parse(yaml, problems);
        return (problems.HasProblems ? null : reactions, problems.Problems);
    }

    internal static CustomerReactions? Parse(string yaml, ProblemCollector problems)
    {
        var root = YamlMap.From(StandardLoader.ReadDocument(yaml, problems), problems, "the customer reactions");
        if (root is null)
        {
            return null;
        }

        var signals = root.Map("signals", required: true);
        var closing = signals?.String("closing", required: true);
        var transfer = signals?.String("transfer", required: true);
        signals?.RejectUnknownKeys();

        var effects = new List<KeyValuePair<string, int>>();
        if (root.Map("effects", required: true) is { } effectMap)
        {
            foreach (var (key, _, _) in effectMap.Entries())
            {
                if (effectMap.Int(key, -100, 100) is { } value)
                {
                    effects.Add(new(key, value));
                }
            }
        }

        var decay = root.Decimal("calmingDecay", 0, 1, required: true);
        var relief = root.Int("needRelief", 0, 100, required: true);
        var temperaments = new Dictionary<Temperament, TemperamentFactors>();
        if (root.Map("temperaments", required: true) is { } temperamentMap)
        {
            foreach (var (name, value) in ScenarioLoader.TemperamentNames)
            {
                var entry = temperamentMap.Map(name, required: true);
                var calming = entry?.Decimal("calming", 0, 10, required: true);
                var inflaming = entry?.Decimal("inflaming", 0, 10, required: true);
                entry?.RejectUnknownKeys();
                temperaments[value] = new TemperamentFactors(calming ?? 1, inflaming ?? 1);
            }

            temperamentMap.RejectUnknownKeys();
        }

        var before = ReadLines(root, "linesBeforeProgress");
        var insteadOfPressing = ReadLines(root, "linesInsteadOfPressing");
        var result = new CustomerReactions
        {
            ClosingSignal = closing?.Value ?? "",
            TransferSignal = transfer?.Value ?? "",
            Effects = effects,
            CalmingDecay = decay ?? 0.5m,
            NeedRelief = relief ?? 0,
            Temperaments = temperaments,
            LinesBeforeProgress = before,
            LinesInsteadOfPressing = insteadOfPressing,
            Abandon = Texts(root, "abandon"),
            Escalation = Texts(root, "escalation"),
            Escalated = Texts(root, "escalated"),
            Transferred = Texts(root, "transferred"),
            Farewell = Texts(root, "farewell"),
            Resolution = Texts(root, "resolution"),
            StillUpset = Texts(root, "stillUpset"),
            TurnLimit = Texts(root, "turnLimit"),
        };
        root.RejectUnknownKeys();
        return result;
    }

    private static string[] Texts(YamlMap map, string key) =>
        map.StringList(key, required: true)?.Select(t => t.Value).ToArray() ?? [];

    internal static List<ReactionLine> ReadLines(YamlMap root, string key)
    {
        var lines = new List<ReactionLine>();
        if (root.Sequence(key) is not { } sequence)
        {
            return lines;
        }

        foreach (var item in sequence.Children)
        {
            var entry = YamlMap.From(item, root.Problems, $"an item of '{key}'");
            if (entry is null)
            {
                continue;
            }

            var when = entry.String("when", required: true);
            var say = entry.StringList("say", required: true);
            entry.RejectUnknownKeys();
            if (when is { } w && say is { Count: > 0 })
            {
                lines.Add(new ReactionLine(w, [.. say.Select(s => s.Value)]));
            }
        }

        return lines;
    }

    private static string ReadResource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ServiceCoach.Practice." + FileName)
            ?? throw new InvalidOperationException($"The shipped {FileName} is missing from the engine assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
