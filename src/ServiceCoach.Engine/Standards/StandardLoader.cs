using System.Text.RegularExpressions;
using ServiceCoach.Conversations;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ServiceCoach.Standards;

/// <summary>The result of loading a standard: the compiled standard, or the problems that prevent it.</summary>
public sealed record StandardLoadResult(CompiledStandard? Standard, ServiceStandard? Definition, IReadOnlyList<StandardProblem> Problems)
{
    public bool Succeeded => Standard is not null && Problems.Count == 0;

    /// <summary>The compiled standard, or an exception listing every problem.</summary>
    public CompiledStandard GetStandardOrThrow() => Succeeded ? Standard! : throw new StandardLoadException(Problems);
}

/// <summary>
/// Loads a service standard from YAML (schema: docs/standard.md), reporting every problem it can
/// find with file, line and column, then compiles it.
/// </summary>
public static partial class StandardLoader
{
    /// <summary>How deep lists and maps may nest in a standard file (the shipped standard needs 6).</summary>
    public const int MaxNestingDepth = 64;

    private static readonly Dictionary<string, Severity> SeverityNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["重"] = Severity.Major,
        ["major"] = Severity.Major,
        ["high"] = Severity.Major,
        ["中"] = Severity.Moderate,
        ["moderate"] = Severity.Moderate,
        ["medium"] = Severity.Moderate,
        ["轻"] = Severity.Minor,
        ["minor"] = Severity.Minor,
        ["low"] = Severity.Minor,
    };

    private static readonly Dictionary<string, NaHandling> NaNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["exclude"] = NaHandling.Exclude,
        ["pass"] = NaHandling.Pass,
    };

    internal static readonly Dictionary<string, RoleScope> RoleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["any"] = RoleScope.Any,
        ["agent"] = RoleScope.Agent,
        ["customer"] = RoleScope.Customer,
        ["system"] = RoleScope.System,
    };

    private static readonly Dictionary<string, Channel> ChannelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chat"] = Channel.Chat,
        ["phone"] = Channel.Phone,
        ["email"] = Channel.Email,
    };

    public static StandardLoadResult Load(string yaml, string fileName = "standard.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var problems = new ProblemCollector(fileName);
        var definition = Parse(yaml, problems);
        if (definition is null)
        {
            return new StandardLoadResult(null, definition, problems.Problems);
        }

        // Compiled even when the parse found problems, so one upload reports every problem (an unknown
        // condition in a check as well as a misspelt key), not only the first stage's.
        var compiled = StandardCompiler.Compile(definition, problems);
        return new StandardLoadResult(problems.HasProblems ? null : compiled, definition, problems.Problems);
    }

    internal static ServiceStandard? Parse(string yaml, ProblemCollector problems)
    {
        var root = YamlMap.From(ReadDocument(yaml, problems), problems, "the standard");
        if (root is null)
        {
            return null;
        }

        var id = root.String("id", required: true);
        if (id is { } idValue && !IdPattern().IsMatch(idValue.Value))
        {
            problems.Add(idValue.Location, $"The standard id '{idValue.Value}' may contain only letters, digits, '.', '_' and '-'.");
        }

        var version = root.String("version", required: true);
        var name = root.String("name", required: true);
        var locale = root.String("locale", required: true);
        var description = root.Text("description");
        var timing = ParseTiming(root.Map("timing"), problems);
        var lexicons = ParseLexicons(root.Map("lexicons", required: true), problems);
        var flows = ParseFlows(root.Map("flows"), problems);
        var conditions = ParseConditions(root.Map("conditions", required: true), problems);
        var tags = ParseTags(root.Map("tags"), problems);
        var risk = ParseRisk(root.Map("dissatisfactionRisk"), problems);
        var scorecard = ParseScorecard(root.Map("scorecard", required: true), problems);
        var complaints = Complaints.ComplaintStandardLoader.Parse(root.Map("complaints"), problems, flows, lexicons);
        root.RejectUnknownKeys();

        if (id is null || version is null || name is null || locale is null || scorecard is null)
        {
            return null;
        }

        return new ServiceStandard(
            id.Value.Value, version.Value.Value, name.Value.Value, locale.Value.Value, description?.Text.Value,
            timing, lexicons, flows, conditions, scorecard)
        {
            DescriptionTranslations = description?.Translations ?? StandardText.None,
            Complaints = complaints,
            Tags = tags,
            DissatisfactionRisk = risk,
        };
    }

    /// <summary>
    /// Parses YAML text that must hold exactly one document (a standard, a scenario); syntax errors
    /// become problems with line and column, and the result is null.
    /// </summary>
    internal static YamlNode? ReadDocument(string yaml, ProblemCollector problems)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new FlowTrackingParser(new Parser(scanner));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : e.Message;
            problems.Add(checked((int)e.Start.Line), checked((int)e.Start.Column), $"YAML syntax: {CleanYamlMessage(message)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) inside an unclosed [ … ] or { … }.
            var at = parser.InnermostOpenFlow ?? scanner.CurrentPosition;
            problems.Add(checked((int)at.Line), checked((int)at.Column), "YAML syntax: this '[' or '{' is never closed (or a quote inside it is unbalanced).");
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            problems.Add(1, 1, stream.Documents.Count == 0 ? "The file is empty." : "The file must hold exactly one YAML document.");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    private static List<TagDefinition> ParseTags(YamlMap? map, ProblemCollector problems)
    {
        var result = new List<TagDefinition>();
        if (map is null)
        {
            return result;
        }

        foreach (var (key, keyLocation, value) in map.Entries())
        {
            if (!IdPattern().IsMatch(key))
            {
                problems.Add(keyLocation, $"Tag id '{key}' may contain only letters, digits, '.', '_' and '-'.");
            }

            var entry = YamlMap.From(value, problems, $"tag '{key}'");
            if (entry is null)
            {
                continue;
            }

            var name = entry.Text("name");
            var description = entry.String("description");
            var when = entry.String("when", required: true);
            entry.RejectUnknownKeys();
            if (when is { } w)
            {
                result.Add(new TagDefinition(key, name?.Text.Value ?? key, description?.Value, w, keyLocation)
                {
                    NameTranslations = name?.Translations ?? StandardText.None,
                });
            }
        }

        return result;
    }

    private static RiskDefinition? ParseRisk(YamlMap? map, ProblemCollector problems)
    {
        if (map is null)
        {
            return null;
        }

        var bias = map.Decimal("bias", -100, 100, required: true);
        var signals = new List<RiskSignalDefinition>();
        if (map.Map("signals", required: true) is { } signalMap)
        {
            foreach (var (key, keyLocation, value) in signalMap.Entries())
            {
                if (!IdPattern().IsMatch(key))
                {
                    problems.Add(keyLocation, $"Risk signal id '{key}' may contain only letters, digits, '.', '_' and '-'.");
                }

                var entry = YamlMap.From(value, problems, $"risk signal '{key}'");
                if (entry is null)
                {
                    continue;
                }

                var when = entry.String("when", required: true);
                var weight = entry.Decimal("weight", -100, 100, required: true);
                var reason = entry.String("reason", required: true);
                entry.RejectUnknownKeys();
                if (when is { } w && weight is { } wt && reason is { } r)
                {
                    signals.Add(new RiskSignalDefinition(key, w, wt, r.Value, keyLocation));
                }
            }
        }

        map.RejectUnknownKeys();
        return bias is { } b ? new RiskDefinition(b, signals, map.Location) : null;
    }

    private static string CleanYamlMessage(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we already give the location.
        var at = message.LastIndexOf("): ", StringComparison.Ordinal);
        return at >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(at + 3)..] : message;
    }

    private static TimingStandard ParseTiming(YamlMap? map, ProblemCollector problems)
    {
        if (map is null)
        {
            return TimingStandard.Empty;
        }

        var defaults = ParseLimits(map.Map("defaults")) ?? ResponseLimits.None;
        var channels = new Dictionary<Channel, ResponseLimits>();
        PhoneAnswering? answering = null;
        if (map.Map("channels") is { } channelMap)
        {
            foreach (var (key, keyLocation, value) in channelMap.Entries())
            {
                if (!ChannelNames.TryGetValue(key, out var channel))
                {
                    problems.Add(keyLocation, $"Unknown channel '{key}' in timing.channels; expected chat, phone or email.");
                    continue;
                }

                var channelEntry = YamlMap.From(value, problems, $"timing.channels.{key}");
                if (channelEntry is null)
                {
                    continue;
                }

                if (channel == Channel.Phone)
                {
                    var rings = channelEntry.Int("answerRings", 1, 20);
                    var secondsPerRing = channelEntry.Int("secondsPerRing", 1, 60);
                    if (rings is not null)
                    {
                        answering = new PhoneAnswering(rings.Value, secondsPerRing ?? 5);
                    }
                }

                channels[channel] = ParseLimits(channelEntry) ?? ResponseLimits.None;
            }

            channelMap.RejectUnknownKeys();
        }

        var classes = new List<InquiryClassDefinition>();
        if (map.Map("inquiryClasses") is { } classMap)
        {
            foreach (var (key, _, value) in classMap.Entries())
            {
                var entry = YamlMap.From(value, problems, $"inquiry class '{key}'");
                if (entry is null)
                {
                    continue;
                }

                var name = entry.String("name")?.Value ?? key;
                var categories = entry.StringList("categories", allowEmpty: true)?.Select(c => c.Value).ToArray() ?? [];
                var limits = ParseLimits(entry) ?? ResponseLimits.None;
                classes.Add(new InquiryClassDefinition(key, name, categories, limits));
            }
        }

        SpeechRateBand? speechRate = null;
        if (map.Map("speechRate") is { } rateMap)
        {
            var min = rateMap.Int("minCharsPerMinute", 1, 2000, required: true);
            var max = rateMap.Int("maxCharsPerMinute", 1, 2000, required: true);
            rateMap.RejectUnknownKeys();
            if (min is not null && max is not null)
            {
                if (min > max)
                {
                    problems.Add(rateMap.Location, $"timing.speechRate: minCharsPerMinute ({min}) is above maxCharsPerMinute ({max}).");
                }
                else
                {
                    speechRate = new SpeechRateBand(min.Value, max.Value);
                }
            }
        }

        map.RejectUnknownKeys();
        return new TimingStandard(defaults, channels, classes, answering, speechRate);
    }

    /// <summary>Reads the limit keys of a mapping and rejects any other key.</summary>
    private static ResponseLimits? ParseLimits(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        const int Day = 86_400;
        var limits = new ResponseLimits(
            map.Int("firstResponseSeconds", 0, 7 * Day),
            map.Int("responseSeconds", 0, 7 * Day),
            map.Int("firstSolutionSeconds", 0, 7 * Day),
            map.Int("silenceSeconds", 0, Day));
        map.RejectUnknownKeys();
        return limits;
    }

    private static List<LexiconDefinition> ParseLexicons(YamlMap? map, ProblemCollector problems)
    {
        var result = new List<LexiconDefinition>();
        if (map is null)
        {
            return result;
        }

        foreach (var (key, keyLocation, value) in map.Entries())
        {
            if (!IdPattern().IsMatch(key))
            {
                problems.Add(keyLocation, $"Lexicon id '{key}' may contain only letters, digits, '.', '_' and '-'.");
            }

            var entry = YamlMap.From(value, problems, $"lexicon '{key}'");
            if (entry is null)
            {
                continue;
            }

            var name = entry.String("name")?.Value ?? key;
            var description = entry.String("description")?.Value;
            var requireSuggestions = entry.Bool("requireSuggestions") ?? false;
            var phrases = ParsePhrases(entry, "phrases", $"lexicon '{key}'", requireSuggestions, required: true, problems);
            var exceptions = ParsePhrases(entry, "exceptions", $"the exceptions of lexicon '{key}'", requireSuggestions: false, required: false, problems);
            var negatedBy = entry.String("negatedBy");
            entry.RejectUnknownKeys();
            if (phrases.Count == 0 && entry.Has("phrases"))
            {
                problems.Add(entry.LocationOf("phrases"), $"Lexicon '{key}' is empty: list at least one phrase.");
            }

            result.Add(new LexiconDefinition(key, name, description, requireSuggestions, phrases, keyLocation)
            {
                Exceptions = exceptions,
                NegatedBy = negatedBy,
            });
        }

        return result;
    }

    /// <summary>Phrases are plain texts or mappings {text, suggestion}.</summary>
    private static List<LexiconEntry> ParsePhrases(YamlMap owner, string key, string context, bool requireSuggestions, bool required, ProblemCollector problems)
    {
        var result = new List<LexiconEntry>();
        var sequence = owner.Sequence(key, required);
        if (sequence is null)
        {
            return result;
        }

        foreach (var item in sequence.Children)
        {
            var location = YamlMap.At(item, problems.File);
            switch (item)
            {
                case YamlScalarNode { Value: { } text } when !string.IsNullOrWhiteSpace(text):
                    if (requireSuggestions)
                    {
                        problems.Add(location, $"Phrase '{text}' in {context} needs a suggested rewrite: write it as {{text: \"{text}\", suggestion: \"...\"}}.");
                    }

                    result.Add(new LexiconEntry(text, null, location));
                    break;
                case YamlMappingNode:
                    var entry = YamlMap.From(item, problems, $"a phrase of {context}")!;
                    var phrase = entry.String("text", required: true);
                    var suggestion = entry.String("suggestion", required: requireSuggestions);
                    entry.RejectUnknownKeys();
                    if (phrase is not null)
                    {
                        result.Add(new LexiconEntry(phrase.Value.Value, suggestion?.Value, location));
                    }

                    break;
                default:
                    problems.Add(location, $"Each phrase of {context} must be text or {{text, suggestion}}, found {YamlMap.Describe(item)}.");
                    break;
            }
        }

        return result;
    }

    private static List<FlowDefinition> ParseFlows(YamlMap? map, ProblemCollector problems)
    {
        var result = new List<FlowDefinition>();
        if (map is null)
        {
            return result;
        }

        foreach (var (key, keyLocation, value) in map.Entries())
        {
            var entry = YamlMap.From(value, problems, $"flow '{key}'");
            if (entry is null)
            {
                continue;
            }

            var name = entry.String("name")?.Value ?? key;
            var description = entry.String("description")?.Value;
            var steps = new List<FlowStepDefinition>();
            var stepIds = new HashSet<string>(StringComparer.Ordinal);
            if (entry.Sequence("steps", required: true) is { } stepNodes)
            {
                foreach (var stepNode in stepNodes.Children)
                {
                    var step = YamlMap.From(stepNode, problems, $"a step of flow '{key}'");
                    if (step is null)
                    {
                        continue;
                    }

                    var stepId = step.String("id", required: true);
                    var stepContext = $"step '{stepId?.Value}' of flow '{key}'";
                    var stepName = step.String("name")?.Value ?? stepId?.Value ?? "";
                    var role = step.Enum("role", RoleNames) ?? RoleScope.Agent;
                    var lexicons = step.StringList("lexicons") ?? [];
                    var phrases = ParsePhrases(step, "phrases", stepContext, requireSuggestions: false, required: false, problems);
                    step.RejectUnknownKeys();
                    if (stepId is null)
                    {
                        continue;
                    }

                    if (!stepIds.Add(stepId.Value.Value))
                    {
                        problems.Add(stepId.Value.Location, $"Duplicate step id '{stepId.Value.Value}' in flow '{key}'.");
                    }

                    if (lexicons.Count == 0 && phrases.Count == 0)
                    {
                        problems.Add(step.Location, $"{Capitalize(stepContext)} needs 'lexicons' or 'phrases' to be recognised by.");
                    }

                    steps.Add(new FlowStepDefinition(stepId.Value.Value, stepName, role, lexicons, phrases, step.Location));
                }

                if (stepNodes.Children.Count == 0)
                {
                    problems.Add(entry.LocationOf("steps"), $"Flow '{key}' has no steps.");
                }
            }

            entry.RejectUnknownKeys();
            result.Add(new FlowDefinition(key, name, description, steps, keyLocation));
        }

        return result;
    }

    private static List<ConditionDefinition> ParseConditions(YamlMap? map, ProblemCollector problems)
    {
        var result = new List<ConditionDefinition>();
        if (map is null)
        {
            return result;
        }

        foreach (var (key, keyLocation, value) in map.Entries())
        {
            if (!IdPattern().IsMatch(key))
            {
                problems.Add(keyLocation, $"Condition id '{key}' may contain only letters, digits, '.', '_' and '-'.");
            }

            var entry = YamlMap.From(value, problems, $"condition '{key}'");
            if (entry is null)
            {
                continue;
            }

            var context = $"condition '{key}'";
            var name = entry.Text("name");
            var description = entry.Text("description");
            var role = entry.Enum("role", RoleNames) ?? RoleScope.Any;
            var turns = ParseTurnRange(entry.Map("turns"), problems);
            var anchor = ParseAnchor(entry.Map("anchor"), problems);
            var operators = ParseOperators(entry, context, problems);
            var expression = entry.String("expression");
            entry.RejectUnknownKeys();
            result.Add(new ConditionDefinition(key, description?.Text.Value, role, turns, anchor, operators, expression, keyLocation)
            {
                Name = name?.Text.Value,
                NameTranslations = name?.Translations ?? StandardText.None,
                DescriptionTranslations = description?.Translations ?? StandardText.None,
            });
        }

        return result;
    }

    private static List<OperatorDefinition> ParseOperators(YamlMap entry, string context, ProblemCollector problems)
    {
        var operators = new List<OperatorDefinition>();
        var sequence = entry.Sequence("operators", required: true);
        if (sequence is null)
        {
            return operators;
        }

        foreach (var item in sequence.Children)
        {
            var location = YamlMap.At(item, problems.File);
            if (item is YamlScalarNode { Value: { } bare } && !string.IsNullOrWhiteSpace(bare))
            {
                // "- privacy" is shorthand for an operator with no arguments.
                operators.Add(new OperatorDefinition(bare, location) { Arguments = new YamlMappingNode() });
                continue;
            }

            if (item is not YamlMappingNode { Children.Count: 1 } mapping)
            {
                problems.Add(location, $"Each operator of {context} must be one 'name: {{arguments}}' entry, found {YamlMap.Describe(item)}.");
                continue;
            }

            var (nameNode, argumentsNode) = mapping.Children.First();
            var name = (nameNode as YamlScalarNode)?.Value ?? "";
            YamlMappingNode? arguments = argumentsNode switch
            {
                YamlMappingNode m => m,
                YamlScalarNode { Value: null or "" } => new YamlMappingNode(),
                _ => null,
            };
            if (arguments is null)
            {
                problems.Add(YamlMap.At(argumentsNode, problems.File), $"The arguments of operator '{name}' in {context} must be a mapping, found {YamlMap.Describe(argumentsNode)}.");
                continue;
            }

            operators.Add(new OperatorDefinition(name, YamlMap.At(nameNode, problems.File))
            {
                Arguments = arguments,
                ArgumentsText = FormatArguments(arguments),
            });
        }

        if (sequence.Children.Count == 0)
        {
            problems.Add(entry.LocationOf("operators"), $"{Capitalize(context)} has no operators.");
        }

        return operators;
    }

    private static string FormatArguments(YamlMappingNode node)
    {
        var parts = node.Children.Select(kv => $"{kv.Key}: {FormatNode(kv.Value)}");
        return string.Join(", ", parts);
    }

    private static string FormatNode(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlSequenceNode sequence => "[" + string.Join(", ", sequence.Children.Select(FormatNode)) + "]",
        YamlMappingNode mapping => "{" + FormatArguments(mapping) + "}",
        _ => "",
    };

    private static TurnRange? ParseTurnRange(YamlMap? map, ProblemCollector problems)
    {
        if (map is null)
        {
            return null;
        }

        var first = map.Int("first", 1, 10_000);
        var last = map.Int("last", 1, 10_000);
        var from = map.Int("from", -10_000, 10_000);
        var to = map.Int("to", -10_000, 10_000);
        map.RejectUnknownKeys();
        var styles = (first is null ? 0 : 1) + (last is null ? 0 : 1) + (from is null && to is null ? 0 : 1);
        if (styles > 1)
        {
            problems.Add(map.Location, "'turns' takes one of: first: N, last: N, or from: A / to: B.");
        }

        if (from == 0 || to == 0)
        {
            problems.Add(map.Location, "Turn positions are 1-based (1 = first) or negative from the end (-1 = last); 0 is not a position.");
        }

        if (styles == 0)
        {
            problems.Add(map.Location, "'turns' is empty: give first: N, last: N, or from: A / to: B.");
        }

        return new TurnRange(first, last, from, to);
    }

    private static AnchorDefinition? ParseAnchor(YamlMap? map, ProblemCollector problems)
    {
        if (map is null)
        {
            return null;
        }

        var after = map.String("after");
        var before = map.String("before");
        var within = map.Int("within", 1, 10_000);
        map.RejectUnknownKeys();
        if ((after is null) == (before is null))
        {
            problems.Add(map.Location, "'anchor' takes exactly one of after: CONDITION or before: CONDITION.");
            return null;
        }

        return new AnchorDefinition((after ?? before)!.Value, after is not null, within);
    }

    private static ScorecardDefinition? ParseScorecard(YamlMap? map, ProblemCollector problems)
    {
        if (map is null)
        {
            return null;
        }

        var naHandling = map.Enum("naHandling", NaNames) ?? NaHandling.Exclude;

        var dimensions = new List<DimensionDefinition>();
        if (map.Sequence("dimensions", required: true) is { } dimensionNodes)
        {
            foreach (var node in dimensionNodes.Children)
            {
                var entry = YamlMap.From(node, problems, "a scorecard dimension");
                if (entry is null)
                {
                    continue;
                }

                var id = entry.String("id", required: true);
                var name = entry.Text("name");
                var weight = entry.Decimal("weight", 0, 1000, required: true);
                entry.RejectUnknownKeys();
                if (id is null || weight is null)
                {
                    continue;
                }

                if (dimensions.Any(d => d.Id == id.Value.Value))
                {
                    problems.Add(id.Value.Location, $"Duplicate dimension id '{id.Value.Value}'.");
                }

                dimensions.Add(new DimensionDefinition(id.Value.Value, name?.Text.Value ?? id.Value.Value, weight.Value, entry.Location) { NameTranslations = name?.Translations ?? StandardText.None });
            }

            if (dimensions.Count > 0 && dimensions.Sum(d => d.Weight) <= 0)
            {
                problems.Add(map.LocationOf("dimensions"), "The dimension weights add up to zero.");
            }
        }

        var grades = new List<GradeBand>();
        if (map.Sequence("grades", required: true) is { } gradeNodes)
        {
            foreach (var node in gradeNodes.Children)
            {
                var entry = YamlMap.From(node, problems, "a grade band");
                if (entry is null)
                {
                    continue;
                }

                var id = entry.String("id", required: true);
                var name = entry.Text("name");
                var min = entry.Decimal("min", 0, 100, required: true);
                entry.RejectUnknownKeys();
                if (id is null || min is null)
                {
                    continue;
                }

                if (grades.Any(g => g.Id == id.Value.Value))
                {
                    problems.Add(id.Value.Location, $"Duplicate grade id '{id.Value.Value}'.");
                }
                else if (grades.Any(g => g.Min == min))
                {
                    problems.Add(entry.Location, $"Two grades start at {min}.");
                }

                grades.Add(new GradeBand(id.Value.Value, name?.Text.Value ?? id.Value.Value, min.Value, entry.Location) { NameTranslations = name?.Translations ?? StandardText.None });
            }

            if (grades.Count > 0 && grades.All(g => g.Min > 0))
            {
                problems.Add(map.LocationOf("grades"), "No grade starts at 0, so a low score would have no grade: add a band with min: 0.");
            }
        }

        var checks = new List<CheckDefinition>();
        if (map.Sequence("checks", required: true) is { } checkNodes)
        {
            foreach (var node in checkNodes.Children)
            {
                var check = ParseCheck(node, dimensions, problems);
                if (check is null)
                {
                    continue;
                }

                if (checks.Any(c => c.Id == check.Id))
                {
                    problems.Add(check.Location, $"Duplicate check id '{check.Id}'.");
                }

                checks.Add(check);
            }

            if (checkNodes.Children.Count == 0)
            {
                problems.Add(map.LocationOf("checks"), "The scorecard has no checks.");
            }
        }

        map.RejectUnknownKeys();
        return new ScorecardDefinition(dimensions, checks, grades.OrderByDescending(g => g.Min).ToArray(), naHandling);
    }

    private static CheckDefinition? ParseCheck(YamlNode node, List<DimensionDefinition> dimensions, ProblemCollector problems)
    {
        var entry = YamlMap.From(node, problems, "a check");
        if (entry is null)
        {
            return null;
        }

        var id = entry.String("id", required: true);
        var context = $"check '{id?.Value}'";
        var name = entry.Text("name");
        var dimension = entry.String("dimension", required: true);
        var points = entry.Decimal("points", 0, 1000, required: true);
        var severity = entry.Enum("severity", SeverityNames) ?? Severity.Moderate;
        var fatal = entry.Bool("fatal") ?? false;
        var bonus = entry.Bool("bonus") ?? false;
        var pass = entry.String("pass");
        var fail = entry.String("fail");
        var applicable = entry.String("applicable");
        var na = entry.Enum("na", NaNames);
        var message = entry.Text("message");
        var suggestion = entry.Text("suggestion");
        var description = entry.Text("description");
        entry.RejectUnknownKeys();

        if (id is not null && !IdPattern().IsMatch(id.Value.Value))
        {
            problems.Add(id.Value.Location, $"Check id '{id.Value.Value}' may contain only letters, digits, '.', '_' and '-'.");
        }

        if ((pass is null) == (fail is null))
        {
            problems.Add(entry.Location, $"{Capitalize(context)} needs exactly one of 'pass: EXPRESSION' (passes when true) or 'fail: EXPRESSION' (fails when true).");
        }

        if (dimension is not null && dimensions.Count > 0 && dimensions.All(d => d.Id != dimension.Value.Value))
        {
            problems.Add(dimension.Value.Location, $"{Capitalize(context)} names dimension '{dimension.Value.Value}', which the scorecard does not define. Dimensions: {string.Join(", ", dimensions.Select(d => d.Id))}.");
        }

        if (fatal && bonus)
        {
            problems.Add(entry.Location, $"{Capitalize(context)} cannot be both fatal and a bonus item.");
        }

        if (id is null || dimension is null || points is null || (pass ?? fail) is null)
        {
            return null;
        }

        return new CheckDefinition(
            id.Value.Value, name?.Text.Value ?? id.Value.Value, dimension.Value.Value, points.Value, severity, fatal, bonus,
            pass is not null ? CheckMode.PassWhen : CheckMode.FailWhen, (pass ?? fail)!.Value, applicable, na,
            message?.Text.Value, suggestion?.Text.Value, description?.Text.Value, entry.Location)
        {
            NameTranslations = name?.Translations ?? StandardText.None,
            DescriptionTranslations = description?.Translations ?? StandardText.None,
            MessageTranslations = message?.Translations ?? StandardText.None,
            SuggestionTranslations = suggestion?.Translations ?? StandardText.None,
        };
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// Remembers where each open [ … ] or { … } started, to point at an unclosed one, and refuses
    /// collections nested deeper than <see cref="MaxNestingDepth"/>: YamlDotNet builds its node tree
    /// recursively, so a file of 100,000 '[' would otherwise overflow the stack and end the process.
    /// </summary>
    private sealed class FlowTrackingParser(IParser inner) : IParser
    {
        // One entry per open collection; null for block style, so ends always pop their own start.
        private readonly Stack<Mark?> _open = new();

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public Mark? InnermostOpenFlow => _open.FirstOrDefault(m => m is not null);

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            switch (inner.Current)
            {
                case YamlDotNet.Core.Events.SequenceStart start:
                    _open.Push(start.Style == YamlDotNet.Core.Events.SequenceStyle.Flow ? start.Start : null);
                    RefuseDeeperThanTheLimit(start);
                    break;
                case YamlDotNet.Core.Events.MappingStart start:
                    _open.Push(start.Style == YamlDotNet.Core.Events.MappingStyle.Flow ? start.Start : null);
                    RefuseDeeperThanTheLimit(start);
                    break;
                case YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd when _open.Count > 0:
                    _open.Pop();
                    break;
            }

            return moved;
        }

        private void RefuseDeeperThanTheLimit(YamlDotNet.Core.Events.ParsingEvent start)
        {
            if (_open.Count > MaxNestingDepth)
            {
                throw new YamlException(start.Start, start.End, $"lists and maps are nested more than {MaxNestingDepth} levels deep; a standard needs far fewer.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();
}
