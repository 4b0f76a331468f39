using System.Globalization;
using System.Text.RegularExpressions;
using ServiceCoach.Conversations;
using ServiceCoach.Standards;
using YamlDotNet.RepresentationModel;

namespace ServiceCoach.Practice;

/// <summary>A scenario loaded and compiled against a standard, or the problems that prevent it.</summary>
public sealed record ScenarioLoadResult(CompiledScenario? Scenario, Scenario? Definition, IReadOnlyList<StandardProblem> Problems)
{
    public bool Succeeded => Scenario is not null && Problems.Count == 0;

    public CompiledScenario GetScenarioOrThrow() => Succeeded ? Scenario! : throw new StandardLoadException(Problems);
}

/// <summary>
/// Loads a practice scenario from YAML (format: docs/scenarios.md), reporting every problem with
/// file, line and column, and compiles its triggers against the standard the customer listens with.
/// </summary>
public static partial class ScenarioLoader
{
    internal static readonly Dictionary<string, Temperament> TemperamentNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["calm"] = Temperament.Calm,
        ["normal"] = Temperament.Normal,
        ["irritable"] = Temperament.Irritable,
    };

    private static readonly Dictionary<string, Channel> ChannelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chat"] = Channel.Chat,
        ["phone"] = Channel.Phone,
        ["email"] = Channel.Email,
    };

    /// <summary>Parses and compiles one scenario against <paramref name="standard"/>, with the given (or the shipped) customer reactions.</summary>
    public static ScenarioLoadResult Load(string yaml, string fileName, CompiledStandard standard, CustomerReactions? reactions = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(standard);
        var problems = new ProblemCollector(fileName);
        var definition = Parse(yaml, problems);
        if (definition is null || problems.HasProblems)
        {
            return new ScenarioLoadResult(null, definition, problems.Problems);
        }

        var compiled = CompiledScenario.Compile(definition, standard, reactions ?? CustomerReactions.Default, problems);
        return new ScenarioLoadResult(problems.HasProblems ? null : compiled, definition, problems.Problems);
    }

    internal static Scenario? Parse(string yaml, ProblemCollector problems)
    {
        var root = YamlMap.From(StandardLoader.ReadDocument(yaml, problems), problems, "the scenario");
        if (root is null)
        {
            return null;
        }

        var id = root.String("id", required: true);
        if (id is { } idValue && !IdPattern().IsMatch(idValue.Value))
        {
            problems.Add(idValue.Location, $"The scenario id '{idValue.Value}' may contain only letters, digits, '.', '_' and '-'.");
        }

        var version = root.Int("version", 1, 1_000_000, required: true);
        var added = ReadDate(root, "added", required: true);
        var title = root.String("title", required: true);
        var category = root.String("category", required: true);
        if (category is { } c && !ScenarioCategories.Exists(c.Value))
        {
            problems.Add(c.Location, $"Unknown category '{c.Value}'. Categories: {string.Join(", ", ScenarioCategories.All.Select(x => x.Id))}.");
        }

        var difficulty = root.Int("difficulty", 1, 3, required: true);
        var channel = root.Enum("channel", ChannelNames);
        var maxTurns = root.Int("maxTurns", 2, 40);
        var maxSentence = root.Int("maxSentenceChars", 5, 500);
        var summary = root.String("summary");
        var briefing = root.String("briefing");
        var persona = ParsePersona(root.Map("persona", required: true), problems);
        var facts = ParseFacts(root.Map("facts"));
        var goal = root.String("goal", required: true);
        var opening = root.StringList("opening", required: true);
        var cues = ParseCues(root.Map("cues"), problems);
        var reactions = ParseReactions(root.Map("reactions"));
        var needs = ParseNeeds(root.Sequence("needs", required: true), root, problems);
        var beats = ParseBeats(root.Sequence("beats"), root, problems);
        var resolution = ParseResolution(root.Map("resolution"));
        var escalation = ParseEscalation(root.Map("escalation"));
        var abandon = root.StringList("abandon");
        var turnLimit = root.StringList("turnLimit");
        var rubric = ParseRubric(root.Sequence("rubric"), root, problems);
        var examples = ParseExamples(root.Map("examples", required: true), maxTurns ?? 10, problems);
        root.RejectUnknownKeys();

        CheckUnique(needs.Select(n => (n.Id, n.Location)), "need", problems);
        CheckUnique(beats.Select(b => (b.Id, b.Location)), "beat", problems);
        CheckUnique(rubric.Select(r => (r.Id, r.Location)), "rubric item", problems);
        if (needs.Count == 0 && root.Has("needs"))
        {
            problems.Add(root.LocationOf("needs"), "A scenario needs at least one need: what the customer must hear before the case is resolved.");
        }

        if (id is null || version is null || added is null || title is null || category is null || difficulty is null ||
            persona is null || goal is null || opening is null || examples is null)
        {
            return null;
        }

        return new Scenario
        {
            Id = id.Value.Value,
            Version = version.Value,
            Added = added.Value,
            Title = title.Value.Value,
            Category = category.Value.Value,
            Difficulty = difficulty.Value,
            Channel = channel ?? Channel.Chat,
            MaxTurns = maxTurns ?? 10,
            MaxSentenceChars = maxSentence,
            Summary = summary?.Value,
            Briefing = briefing?.Value,
            Persona = persona,
            Facts = facts,
            Goal = goal.Value.Value,
            Opening = [.. opening.Select(o => o.Value)],
            Cues = cues,
            Reactions = reactions,
            Needs = needs,
            Beats = beats,
            Resolution = resolution,
            Escalation = escalation,
            Abandon = [.. abandon?.Select(a => a.Value) ?? []],
            TurnLimitLines = [.. turnLimit?.Select(a => a.Value) ?? []],
            Rubric = rubric,
            Examples = examples,
            Location = new SourceLocation(problems.File, 1, 1),
        };
    }

    private static DateOnly? ReadDate(YamlMap map, string key, bool required)
    {
        var text = map.String(key, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Value.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        map.Problems.Add(text.Value.Location, $"'{key}' in {map.Context} must be a date written YYYY-MM-DD, found '{text.Value.Value}'.");
        return null;
    }

    private static Persona? ParsePersona(YamlMap? map, ProblemCollector problems)
    {
        if (map is null)
        {
            return null;
        }

        var name = map.String("name", required: true);
        var tier = map.String("tier");
        if (tier is { } t && t.Value is not ("P1" or "P2" or "P3"))
        {
            problems.Add(t.Location, $"'tier' in {map.Context} must be P1, P2 or P3 (R-CUS-1), found '{t.Value}'.");
        }

        var temperament = map.Enum("temperament", TemperamentNames);
        var emotion = map.Int("emotion", 0, 99, required: true);
        var description = map.String("description");
        map.RejectUnknownKeys();
        return name is null || emotion is null ? null : new Persona(name.Value.Value, tier?.Value, temperament ?? Temperament.Normal, emotion.Value, description?.Value);
    }

    private static List<ScenarioFact> ParseFacts(YamlMap? map)
    {
        var facts = new List<ScenarioFact>();
        if (map is null)
        {
            return facts;
        }

        foreach (var (key, _, _) in map.Entries())
        {
            if (map.String(key) is { } value)
            {
                facts.Add(new ScenarioFact(key, value.Value));
            }
        }

        return facts;
    }

    private static List<ScenarioCue> ParseCues(YamlMap? map, ProblemCollector problems)
    {
        var cues = new List<ScenarioCue>();
        if (map is null)
        {
            return cues;
        }

        foreach (var (key, keyLocation, value) in map.Entries())
        {
            if (!IdPattern().IsMatch(key) || key == SignalCatalog.Ignored)
            {
                problems.Add(keyLocation, $"Cue id '{key}' may contain only letters, digits, '.', '_' and '-', and cannot be '{SignalCatalog.Ignored}'.");
                continue;
            }

            if (value is YamlSequenceNode or YamlScalarNode)
            {
                // Shorthand: a cue is just its phrases.
                var phrases = map.StringList(key, required: true);
                if (phrases is { Count: > 0 })
                {
                    cues.Add(new ScenarioCue(key, key, [.. phrases.Select(p => p.Value)], keyLocation));
                }

                continue;
            }

            var entry = YamlMap.From(value, problems, $"cue '{key}'");
            if (entry is null)
            {
                continue;
            }

            var name = entry.String("name");
            var list = entry.StringList("phrases", required: true);
            entry.RejectUnknownKeys();
            if (list is { Count: > 0 })
            {
                cues.Add(new ScenarioCue(key, name?.Value ?? key, [.. list.Select(p => p.Value)], keyLocation));
            }
        }

        return cues;
    }

    private static List<ScenarioReaction> ParseReactions(YamlMap? map)
    {
        var reactions = new List<ScenarioReaction>();
        if (map is null)
        {
            return reactions;
        }

        foreach (var (key, keyLocation, _) in map.Entries())
        {
            if (map.Int(key, -100, 100) is { } value)
            {
                reactions.Add(new ScenarioReaction(key, value, keyLocation));
            }
        }

        return reactions;
    }

    private static List<CustomerNeed> ParseNeeds(YamlSequenceNode? sequence, YamlMap root, ProblemCollector problems)
    {
        var needs = new List<CustomerNeed>();
        foreach (var item in sequence?.Children ?? [])
        {
            var entry = YamlMap.From(item, problems, "a need");
            if (entry is null)
            {
                continue;
            }

            var id = entry.String("id", required: true);
            var context = id is { } i ? $"need '{i.Value}'" : "a need";
            var name = entry.String("name", required: true);
            var when = entry.String("when", required: true);
            var acceptBelow = entry.Int("acceptBelow", 1, 100);
            var ask = entry.StringList("ask", required: true);
            var ack = entry.StringList("ack");
            var model = entry.String("model", required: true);
            var relief = entry.Int("relief", 0, 100);
            entry.RejectUnknownKeys();
            CheckId(id, context, problems);
            if (id is null || name is null || when is null || ask is null || model is null)
            {
                continue;
            }

            needs.Add(new CustomerNeed(id.Value.Value, name.Value.Value, when.Value, acceptBelow, [.. ask.Select(a => a.Value)],
                [.. ack?.Select(a => a.Value) ?? []], model.Value.Value, relief, entry.Location));
        }

        return needs;
    }

    private static List<Beat> ParseBeats(YamlSequenceNode? sequence, YamlMap root, ProblemCollector problems)
    {
        var beats = new List<Beat>();
        var index = 0;
        foreach (var item in sequence?.Children ?? [])
        {
            index++;
            var entry = YamlMap.From(item, problems, $"beat {index}");
            if (entry is null)
            {
                continue;
            }

            var id = entry.String("id");
            CheckId(id, $"beat {index}", problems);
            var when = entry.String("when", required: true);
            var say = entry.StringList("say", required: true);
            var once = entry.Bool("once");
            entry.RejectUnknownKeys();
            if (when is null || say is null)
            {
                continue;
            }

            beats.Add(new Beat(id?.Value ?? $"beat-{index}", when.Value, [.. say.Select(s => s.Value)], once ?? true, entry.Location));
        }

        return beats;
    }

    private static ResolutionSettings ParseResolution(YamlMap? map)
    {
        if (map is null)
        {
            return new ResolutionSettings();
        }

        var maxEmotion = map.Int("maxEmotion", 0, 100);
        var say = map.StringList("say");
        var farewell = map.StringList("farewell");
        var stillUpset = map.StringList("stillUpset");
        map.RejectUnknownKeys();
        return new ResolutionSettings
        {
            MaxEmotion = maxEmotion ?? 40,
            Say = [.. say?.Select(s => s.Value) ?? []],
            Farewell = [.. farewell?.Select(s => s.Value) ?? []],
            StillUpset = [.. stillUpset?.Select(s => s.Value) ?? []],
        };
    }

    private static EscalationSettings ParseEscalation(YamlMap? map)
    {
        if (map is null)
        {
            return new EscalationSettings();
        }

        var at = map.Int("at", 1, 100);
        var say = map.StringList("say");
        map.RejectUnknownKeys();
        return new EscalationSettings { At = at ?? 90, Say = [.. say?.Select(s => s.Value) ?? []] };
    }

    private static List<RubricItem> ParseRubric(YamlSequenceNode? sequence, YamlMap root, ProblemCollector problems)
    {
        var items = new List<RubricItem>();
        foreach (var item in sequence?.Children ?? [])
        {
            var entry = YamlMap.From(item, problems, "a rubric item");
            if (entry is null)
            {
                continue;
            }

            var id = entry.String("id", required: true);
            var context = id is { } i ? $"rubric item '{i.Value}'" : "a rubric item";
            var name = entry.String("name", required: true);
            var points = entry.Int("points", 1, 100, required: true);
            var when = entry.String("when", required: true);
            var model = entry.String("model");
            entry.RejectUnknownKeys();
            CheckId(id, context, problems);
            if (id is null || name is null || points is null || when is null)
            {
                continue;
            }

            items.Add(new RubricItem(id.Value.Value, name.Value.Value, points.Value, when.Value, model?.Value, entry.Location));
        }

        return items;
    }

    private static ScenarioExamples? ParseExamples(YamlMap? map, int maxTurns, ProblemCollector problems)
    {
        if (map is null)
        {
            return null;
        }

        var good = map.StringList("good", required: true);
        var bad = map.StringList("bad", required: true);
        var badFails = map.StringList("badFails", required: true);
        map.RejectUnknownKeys();
        foreach (var (list, key) in new[] { (good, "good"), (bad, "bad") })
        {
            if (list is not null && list.Count > maxTurns)
            {
                problems.Add(map.LocationOf(key), $"The {key} example has {list.Count} replies but the scenario allows {maxTurns} (maxTurns).");
            }
        }

        return good is null || bad is null || badFails is null
            ? null
            : new ScenarioExamples([.. good.Select(g => g.Value)], [.. bad.Select(b => b.Value)], [.. badFails.Select(b => b.Value)]);
    }

    private static void CheckId(Located<string>? id, string context, ProblemCollector problems)
    {
        if (id is { } i && !IdPattern().IsMatch(i.Value))
        {
            problems.Add(i.Location, $"The id of {context} may contain only letters, digits, '.', '_' and '-'.");
        }
    }

    private static void CheckUnique(IEnumerable<(string Id, SourceLocation Location)> items, string what, ProblemCollector problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, location) in items)
        {
            if (!seen.Add(id))
            {
                problems.Add(location, $"There are two {what}s with the id '{id}'.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();
}
