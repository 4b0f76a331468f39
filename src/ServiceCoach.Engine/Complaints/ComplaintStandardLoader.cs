using System.Text.RegularExpressions;
using ServiceCoach.Standards;
using YamlDotNet.RepresentationModel;

namespace ServiceCoach.Complaints;

/// <summary>
/// Reads the <c>complaints:</c> section of a standard (schema: docs/complaints.md) with the same
/// file/line/column problems as the rest of the loader: wrong types, unknown keys (with a hint),
/// references to levels, categories, tiers, flows, steps and lexicons that do not exist.
/// </summary>
internal static partial class ComplaintStandardLoader
{
    private static readonly Dictionary<string, Authority> AuthorityNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["agent"] = Authority.Agent,
        ["一线"] = Authority.Agent,
        ["supervisor"] = Authority.Supervisor,
        ["主管"] = Authority.Supervisor,
        ["manager"] = Authority.Manager,
        ["经理"] = Authority.Manager,
        ["crisis-team"] = Authority.CrisisTeam,
        ["危机小组"] = Authority.CrisisTeam,
    };

    private static readonly Dictionary<string, ClockMode> ClockNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["business"] = ClockMode.Business,
        ["continuous"] = ClockMode.Continuous,
    };

    private static readonly Dictionary<string, FaultSide> FaultNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["company"] = FaultSide.Company,
        ["customer"] = FaultSide.Customer,
        ["third-party"] = FaultSide.ThirdParty,
        ["unknown"] = FaultSide.Unknown,
    };

    private static readonly Dictionary<string, PackagingRequirement> PackagingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unopened"] = PackagingRequirement.Unopened,
        ["intact"] = PackagingRequirement.Intact,
        ["any"] = PackagingRequirement.Any,
    };

    private static readonly Dictionary<string, ShippingPayer> PayerNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["customer"] = ShippingPayer.Customer,
        ["company"] = ShippingPayer.Company,
    };

    private const int Year = 366 * 86_400;

    /// <summary>Parses the section; null when it is absent or too broken to use (the problems say why).</summary>
    public static ComplaintStandard? Parse(YamlMap? map, ProblemCollector problems, IReadOnlyList<FlowDefinition> flows, IReadOnlyList<LexiconDefinition> lexicons)
    {
        if (map is null)
        {
            return null;
        }

        var levels = ParseLevels(map, problems);
        var categories = ParseCategories(map, problems);
        var tiers = ParseTiers(map, problems);
        var context = new References(levels, categories, tiers, problems);
        var rules = ParseRules(map, context);
        var escalation = ParseEscalation(map.Map("escalation", required: true), context);
        var handling = ParseHandling(map.Map("handling"), flows, problems);
        var handoff = 600;
        if (map.Map("technicalFault") is { } fault)
        {
            handoff = fault.Int("handoffSeconds", 1, Year, required: true) ?? handoff;
            fault.RejectUnknownKeys();
        }

        var conflicts = ParseConflicts(map, problems);
        var followUp = new FollowUpStandard(86_400, 4);
        if (map.Map("followUp") is { } follow)
        {
            followUp = new FollowUpStandard(follow.Int("afterSeconds", 0, Year) ?? followUp.AfterSeconds, follow.Int("satisfiedAtLeast", 1, 5) ?? followUp.SatisfiedAtLeast);
            follow.RejectUnknownKeys();
        }

        var compensation = ParseCompensation(map.Map("compensation", required: true), context);
        var returns = ParseReturns(map.Map("returns"), problems);
        var template = ParseTemplate(map.Map("crisisTemplate"), lexicons, problems);
        map.RejectUnknownKeys();

        if (levels.Count == 0 || tiers.Count == 0 || escalation is null || compensation is null)
        {
            return null;
        }

        return new ComplaintStandard(levels, categories, tiers, rules, escalation, handling, handoff, conflicts, followUp, compensation, returns, template);
    }

    private static List<ComplaintLevelDefinition> ParseLevels(YamlMap map, ProblemCollector problems)
    {
        var levels = new List<ComplaintLevelDefinition>();
        if (map.Sequence("levels", required: true) is not { } nodes)
        {
            return levels;
        }

        foreach (var node in nodes.Children)
        {
            var entry = YamlMap.From(node, problems, "a complaint level");
            if (entry is null)
            {
                continue;
            }

            var id = Id(entry, problems);
            var name = entry.String("name", required: true);
            var authority = entry.Enum("authority", AuthorityNames, required: true);
            var resources = entry.StringList("resources", allowEmpty: true)?.Select(r => r.Value).ToArray() ?? [];
            var clock = entry.Enum("clock", ClockNames) ?? ClockMode.Business;
            var firstResponse = entry.Int("firstResponseSeconds", 1, Year);
            var firstSolution = entry.Int("firstSolutionSeconds", 1, Year);
            var update = entry.Int("updateIntervalSeconds", 1, Year);
            var closure = entry.Int("closureSeconds", 1, Year);
            var closureClock = entry.Enum("closureClock", ClockNames) ?? clock;
            entry.RejectUnknownKeys();
            if (id is null || name is null || authority is null)
            {
                continue;
            }

            if (levels.Any(l => l.Id == id.Value.Value || l.Name == name.Value.Value))
            {
                problems.Add(id.Value.Location, $"Duplicate complaint level '{id.Value.Value}' ({name.Value.Value}).");
                continue;
            }

            if (levels.Count > 0 && authority < levels[^1].Authority)
            {
                problems.Add(entry.LocationOf("authority"), $"Level '{id.Value.Value}' has a lower authority than the level before it; list levels from the lowest to the highest.");
            }

            levels.Add(new ComplaintLevelDefinition(id.Value.Value, name.Value.Value, levels.Count + 1, authority.Value, resources, clock,
                firstResponse, firstSolution, update, closure, closureClock, entry.Location));
        }

        if (nodes.Children.Count == 0)
        {
            problems.Add(map.LocationOf("levels"), "'levels' in the complaints section must list at least one level.");
        }

        return levels;
    }

    private static List<ComplaintCategoryDefinition> ParseCategories(YamlMap map, ProblemCollector problems)
    {
        var categories = new List<ComplaintCategoryDefinition>();
        foreach (var entry in Items(map, "categories", "a complaint category", problems, required: true))
        {
            var id = Id(entry, problems);
            var name = entry.String("name", required: true);
            var technical = entry.Bool("technicalFault") ?? false;
            entry.RejectUnknownKeys();
            if (id is null || name is null)
            {
                continue;
            }

            if (categories.Any(c => c.Id == id.Value.Value))
            {
                problems.Add(id.Value.Location, $"Duplicate complaint category '{id.Value.Value}'.");
                continue;
            }

            categories.Add(new ComplaintCategoryDefinition(id.Value.Value, name.Value.Value, technical, entry.Location));
        }

        return categories;
    }

    private static List<CustomerTierDefinition> ParseTiers(YamlMap map, ProblemCollector problems)
    {
        var tiers = new List<CustomerTierDefinition>();
        foreach (var entry in Items(map, "tiers", "a customer tier", problems, required: true))
        {
            var id = Id(entry, problems);
            var name = entry.String("name");
            var above = entry.Decimal("above", 0);
            var atLeast = entry.Decimal("atLeast", 0);
            var service = entry.String("service")?.Value;
            entry.RejectUnknownKeys();
            if (id is null)
            {
                continue;
            }

            if ((above is null) == (atLeast is null))
            {
                problems.Add(entry.Location, $"Tier '{id.Value.Value}' needs exactly one of 'above: AMOUNT' or 'atLeast: AMOUNT' (annual revenue).");
                continue;
            }

            var bound = (above ?? atLeast)!.Value;
            if (tiers.Count > 0 && bound > tiers[^1].Bound)
            {
                problems.Add(entry.Location, $"Tier '{id.Value.Value}' has a higher bound than the tier before it; list tiers from the highest revenue down.");
            }

            tiers.Add(new CustomerTierDefinition(id.Value.Value, name?.Value ?? id.Value.Value, bound, above is not null, service, entry.Location));
        }

        if (tiers.Count > 0 && !(tiers[^1] is { Exclusive: false, Bound: 0 }))
        {
            problems.Add(tiers[^1].Location, "The last tier must be 'atLeast: 0' so that every customer has a tier.");
        }

        return tiers;
    }

    private static List<LevelRule> ParseRules(YamlMap map, References refs)
    {
        var rules = new List<LevelRule>();
        foreach (var entry in Items(map, "rules", "a level rule", refs.Problems))
        {
            var id = Id(entry, refs.Problems);
            var description = entry.String("description")?.Value;
            var keywords = entry.StringList("keywords")?.Select(k => k.Value).ToArray() ?? [];
            var categories = refs.Categories(entry.StringList("categories"));
            var tiers = refs.Tiers(entry.StringList("tiers"));
            var channels = entry.StringList("channels")?.Select(c => c.Value).ToArray() ?? [];
            var minCustomers = entry.Int("minCustomers", 1, 1_000_000);
            var level = refs.Level(entry.String("level", required: true));
            entry.RejectUnknownKeys();
            if (id is null || level is null)
            {
                continue;
            }

            if (keywords.Length + categories.Count + tiers.Count + channels.Length == 0 && minCustomers is null)
            {
                refs.Problems.Add(entry.Location, $"Rule '{id.Value.Value}' has no condition (keywords, categories, tiers, channels or minCustomers); it would raise every complaint.");
                continue;
            }

            rules.Add(new LevelRule(id.Value.Value, description, keywords, categories, tiers, channels, minCustomers, level, entry.Location));
        }

        return rules;
    }

    private static EscalationStandard? ParseEscalation(YamlMap? map, References refs)
    {
        if (map is null)
        {
            return null;
        }

        var window = map.Int("windowSeconds", 60, Year, required: true);
        var similarity = map.Decimal("similarity", 0, 1) ?? 0.35m;
        var thresholds = new List<CountThreshold>();
        foreach (var entry in Items(map, "thresholds", "an escalation threshold", refs.Problems, required: true))
        {
            var atLeast = entry.Int("atLeast", 1, 1_000_000);
            var moreThan = entry.Int("moreThan", 0, 1_000_000);
            var level = refs.Level(entry.String("level", required: true));
            entry.RejectUnknownKeys();
            if ((atLeast is null) == (moreThan is null))
            {
                refs.Problems.Add(entry.Location, "An escalation threshold needs exactly one of 'atLeast: N' or 'moreThan: N' (distinct customers).");
                continue;
            }

            if (level is null)
            {
                continue;
            }

            var min = atLeast ?? checked(moreThan!.Value + 1);
            if (thresholds.Count > 0 && min <= thresholds[^1].MinCustomers)
            {
                refs.Problems.Add(entry.Location, "Escalation thresholds must go up: each needs more customers than the one before.");
            }

            thresholds.Add(new CountThreshold(min, level, atLeast is not null ? $"≥ {atLeast} 人" : $"> {moreThan} 人", entry.Location));
        }

        map.RejectUnknownKeys();
        return window is null ? null : new EscalationStandard(window.Value, (double)similarity, thresholds);
    }

    private static HandlingStandard ParseHandling(YamlMap? map, IReadOnlyList<FlowDefinition> flows, ProblemCollector problems)
    {
        if (map is null)
        {
            return new HandlingStandard(flows.Any(f => f.Id == "lusaf") ? ["lusaf"] : [.. flows.Take(1).Select(f => f.Id)], []);
        }

        var flowIds = new List<string>();
        foreach (var flowId in map.StringList("flows", required: true) ?? [])
        {
            if (flows.All(f => f.Id != flowId.Value))
            {
                problems.Add(flowId.Location, $"The complaints section names flow '{flowId.Value}', which the standard does not define. Flows: {string.Join(", ", flows.Select(f => f.Id))}.");
                continue;
            }

            flowIds.Add(flowId.Value);
        }

        var rules = new List<StepRule>();
        foreach (var entry in Items(map, "steps", "a handling step rule", problems))
        {
            var flowId = entry.String("flow", required: true);
            var stepId = entry.String("step", required: true);
            var minOptions = entry.Int("minOptions", 0, 20);
            var maxOptions = entry.Int("maxOptions", 1, 20);
            var commitWithin = entry.Int("commitWithinSeconds", 1, Year);
            var requireCommitment = entry.Bool("requireCommitment") ?? false;
            entry.RejectUnknownKeys();
            if (flowId is null || stepId is null)
            {
                continue;
            }

            var flow = flows.FirstOrDefault(f => f.Id == flowId.Value.Value);
            if (flow is null)
            {
                problems.Add(flowId.Value.Location, $"Unknown flow '{flowId.Value.Value}'. Flows: {string.Join(", ", flows.Select(f => f.Id))}.");
                continue;
            }

            if (flow.Steps.All(s => s.Id != stepId.Value.Value))
            {
                problems.Add(stepId.Value.Location, $"Flow '{flow.Id}' has no step '{stepId.Value.Value}'. Steps: {string.Join(", ", flow.Steps.Select(s => s.Id))}.");
                continue;
            }

            if (minOptions is not null && maxOptions is not null && minOptions > maxOptions)
            {
                problems.Add(entry.Location, $"minOptions ({minOptions}) is above maxOptions ({maxOptions}).");
            }

            rules.Add(new StepRule(flow.Id, stepId.Value.Value, minOptions, maxOptions, commitWithin, requireCommitment, entry.Location));
        }

        map.RejectUnknownKeys();
        return new HandlingStandard(flowIds, rules);
    }

    private static List<ConflictStage> ParseConflicts(YamlMap map, ProblemCollector problems)
    {
        if (!map.Has("conflicts"))
        {
            var none = new SourceLocation(problems.File, 0, 0);
            return
            [
                new ConflictStage("negotiate", "一线协商", 1800, Authority.Agent, none),
                new ConflictStage("mediate", "主管调解", 7200, Authority.Supervisor, none),
                new ConflictStage("arbitrate", "第三方仲裁", null, Authority.Manager, none),
            ];
        }

        var stages = new List<ConflictStage>();
        foreach (var entry in Items(map, "conflicts", "a conflict stage", problems))
        {
            var id = Id(entry, problems);
            var name = entry.String("name", required: true);
            var limit = entry.Int("limitSeconds", 1, Year);
            var authority = entry.Enum("authority", AuthorityNames) ?? Authority.Agent;
            entry.RejectUnknownKeys();
            if (id is not null && name is not null)
            {
                stages.Add(new ConflictStage(id.Value.Value, name.Value.Value, limit, authority, entry.Location));
            }
        }

        return stages;
    }

    private static CompensationTree? ParseCompensation(YamlMap? map, References refs)
    {
        if (map is null)
        {
            return null;
        }

        var currency = map.String("currency")?.Value ?? "CNY";
        var tree = map.Sequence("tree", required: true);
        map.RejectUnknownKeys();
        if (tree is null)
        {
            return null;
        }

        var branches = ParseBranches(tree, "the compensation tree", refs);
        return branches is null ? null : new CompensationTree(currency, branches);
    }

    private static List<CompensationBranch>? ParseBranches(YamlSequenceNode sequence, string context, References refs)
    {
        var branches = new List<CompensationBranch>();
        var problems = refs.Problems;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var entry = YamlMap.From(sequence.Children[i], problems, $"a branch of {context}");
            if (entry is null)
            {
                continue;
            }

            var label = entry.String("label")?.Value;
            var hasIf = entry.Has("if");
            var hasElse = entry.Has("else");
            var hasThen = entry.Has("then");
            if (hasElse == hasIf || hasElse == hasThen)
            {
                problems.Add(entry.Location, $"Each branch of {context} is either 'if: {{…}}' with 'then:', or a final 'else:'.");
                entry.RejectUnknownKeys();
                continue;
            }

            CompensationCondition? condition = null;
            if (hasIf && ParseCondition(entry.Map("if", required: true), refs) is { } parsed)
            {
                condition = parsed;
            }

            var body = entry.Node(hasIf ? "then" : "else")!;
            entry.RejectUnknownKeys();
            var where = label is null ? context : $"'{label}' of {context}";
            if (hasElse && i != sequence.Children.Count - 1)
            {
                problems.Add(entry.Location, $"'else' must be the last branch of {context}; the branches after it could never be taken.");
            }

            if (body is YamlSequenceNode nested)
            {
                var children = ParseBranches(nested, where, refs);
                if (children is not null)
                {
                    branches.Add(new CompensationBranch(label, condition, children, null, entry.Location));
                }
            }
            else if (ParseOutcome(YamlMap.From(body, problems, $"the outcome of {where}"), refs) is { } outcome)
            {
                branches.Add(new CompensationBranch(label, condition, null, outcome, entry.Location));
            }
        }

        if (sequence.Children.Count == 0 || sequence.Children[^1] is not YamlMappingNode last || !last.Children.Keys.Any(k => k is YamlScalarNode { Value: "else" }))
        {
            problems.Add(YamlMap.At(sequence, problems.File), $"{Capitalize(context)} must end with an 'else:' branch, so that every complaint reaches a decision.");
            return null;
        }

        return branches;
    }

    private static CompensationCondition? ParseCondition(YamlMap? map, References refs)
    {
        if (map is null)
        {
            return null;
        }

        var levels = refs.Levels(map.StringList("levels"));
        var tiers = refs.Tiers(map.StringList("tiers"));
        var faults = new List<FaultSide>();
        foreach (var fault in map.StringList("faults") ?? [])
        {
            if (FaultNames.TryGetValue(fault.Value, out var side))
            {
                faults.Add(side);
            }
            else
            {
                refs.Problems.Add(fault.Location, $"Unknown fault side '{fault.Value}'; expected {string.Join(", ", FaultNames.Keys)}.");
            }
        }

        var repeat = map.Bool("repeat");
        var lossAtLeast = map.Decimal("lossAtLeast", 0);
        var lossBelow = map.Decimal("lossBelow", 0);
        map.RejectUnknownKeys();
        if (levels.Count + tiers.Count + faults.Count == 0 && repeat is null && lossAtLeast is null && lossBelow is null)
        {
            refs.Problems.Add(map.Location, "An 'if' needs at least one of levels, tiers, faults, repeat, lossAtLeast, lossBelow (or write 'else').");
        }

        return new CompensationCondition(levels, tiers, faults, repeat, lossAtLeast, lossBelow);
    }

    private static CompensationOutcome? ParseOutcome(YamlMap? map, References refs)
    {
        if (map is null)
        {
            return null;
        }

        var escalate = map.Enum("escalate", AuthorityNames);
        var note = map.String("note")?.Value;
        var options = new List<CompensationOption>();
        foreach (var entry in Items(map, "options", "a compensation option", refs.Problems, required: escalate is null))
        {
            var name = entry.String("name", required: true);
            var amount = entry.Decimal("amount", 0);
            var percent = entry.Decimal("percentOfLoss", 0, 1000);
            var max = entry.Decimal("max", 0);
            var authority = entry.Enum("authority", AuthorityNames, required: true);
            entry.RejectUnknownKeys();
            if (amount is not null && percent is not null)
            {
                refs.Problems.Add(entry.Location, "An option has either a fixed 'amount' or a 'percentOfLoss', not both.");
            }

            if (max is not null && percent is null)
            {
                refs.Problems.Add(entry.LocationOf("max"), "'max' caps a 'percentOfLoss'; this option has none.");
            }

            if (name is not null && authority is not null)
            {
                options.Add(new CompensationOption(name.Value.Value, amount, percent, max, authority.Value));
            }
        }

        map.RejectUnknownKeys();
        return new CompensationOutcome(options, escalate, note);
    }

    private static ReturnsStandard ParseReturns(YamlMap? map, ProblemCollector problems)
    {
        if (map is null)
        {
            return new ReturnsStandard("", []);
        }

        var address = map.String("returnAddress", required: true)?.Value ?? "";
        var categories = new List<ReturnCategory>();
        foreach (var entry in Items(map, "categories", "a returns category", problems, required: true))
        {
            var id = Id(entry, problems);
            var name = entry.String("name", required: true);
            var noReason = entry.Int("noReasonDays", 0, 365);
            var packaging = entry.Enum("packaging", PackagingNames) ?? PackagingRequirement.Intact;
            var shipping = entry.Enum("noReasonShipping", PayerNames) ?? ShippingPayer.Customer;
            var qualityReturn = entry.Int("qualityReturnDays", 0, 3650, required: true);
            var qualityExchange = entry.Int("qualityExchangeDays", 0, 3650, required: true);
            var note = entry.String("note")?.Value;
            entry.RejectUnknownKeys();
            if (id is null || name is null || qualityReturn is null || qualityExchange is null)
            {
                continue;
            }

            if (qualityExchange < qualityReturn)
            {
                problems.Add(entry.LocationOf("qualityExchangeDays"), $"Category '{id.Value.Value}': the exchange window ({qualityExchange} days) is shorter than the return window ({qualityReturn}); an exchange is never harder to get than a return.");
            }

            categories.Add(new ReturnCategory(id.Value.Value, name.Value.Value, noReason, packaging, shipping, qualityReturn.Value, qualityExchange.Value, note, entry.Location));
        }

        map.RejectUnknownKeys();
        return new ReturnsStandard(address, categories);
    }

    private static CrisisTemplateStandard ParseTemplate(YamlMap? map, IReadOnlyList<LexiconDefinition> lexicons, ProblemCollector problems)
    {
        var none = new SourceLocation(problems.File, 0, 0);
        if (map is null)
        {
            return new CrisisTemplateStandard(
            [
                new TemplateSection("apology", "道歉", 30, [], none),
                new TemplateSection("solution", "解决方案", 50, [], none),
                new TemplateSection("commitment", "承诺", 20, [], none),
            ], 10);
        }

        var tolerance = map.Decimal("tolerancePercent", 0, 100) ?? 10;
        var sections = new List<TemplateSection>();
        foreach (var entry in Items(map, "sections", "a crisis template section", problems, required: true))
        {
            var id = Id(entry, problems);
            var name = entry.String("name", required: true);
            var target = entry.Decimal("targetPercent", 0, 100, required: true);
            var sectionLexicons = new List<string>();
            foreach (var lexicon in entry.StringList("lexicons") ?? [])
            {
                if (lexicons.All(l => l.Id != lexicon.Value))
                {
                    problems.Add(lexicon.Location, $"Crisis template section names lexicon '{lexicon.Value}', which the standard does not define.");
                }
                else
                {
                    sectionLexicons.Add(lexicon.Value);
                }
            }

            entry.RejectUnknownKeys();
            if (id is not null && name is not null && target is not null)
            {
                sections.Add(new TemplateSection(id.Value.Value, name.Value.Value, target.Value, sectionLexicons, entry.Location));
            }
        }

        if (sections.Count > 0 && sections.Sum(s => s.TargetPercent) != 100)
        {
            problems.Add(map.LocationOf("sections"), $"The crisis template's targetPercent values add up to {sections.Sum(s => s.TargetPercent)}, not 100.");
        }

        map.RejectUnknownKeys();
        return new CrisisTemplateStandard(sections, tolerance);
    }

    /// <summary>The mappings of a list key, each reported at its own place when it is not a mapping.</summary>
    private static IEnumerable<YamlMap> Items(YamlMap map, string key, string what, ProblemCollector problems, bool required = false)
    {
        if (map.Sequence(key, required) is not { } sequence)
        {
            yield break;
        }

        foreach (var node in sequence.Children)
        {
            if (YamlMap.From(node, problems, what) is { } entry)
            {
                yield return entry;
            }
        }
    }

    private static Located<string>? Id(YamlMap entry, ProblemCollector problems)
    {
        var id = entry.String("id", required: true);
        if (id is { } value && !IdPattern().IsMatch(value.Value))
        {
            problems.Add(value.Location, $"The id '{value.Value}' may contain only letters, digits, '.', '_' and '-'.");
        }

        return id;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();

    /// <summary>Resolves names and ids of levels, categories and tiers, reporting unknown ones where they are written.</summary>
    private sealed class References(List<ComplaintLevelDefinition> levels, List<ComplaintCategoryDefinition> categories, List<CustomerTierDefinition> tiers, ProblemCollector problems)
    {
        public ProblemCollector Problems => problems;

        public string? Level(Located<string>? written)
        {
            if (written is not { } w)
            {
                return null;
            }

            var level = levels.FirstOrDefault(l => string.Equals(l.Id, w.Value, StringComparison.OrdinalIgnoreCase) || l.Name == w.Value);
            if (level is null)
            {
                problems.Add(w.Location, $"Unknown complaint level '{w.Value}'. Levels: {string.Join(", ", levels.Select(l => $"{l.Id} ({l.Name})"))}.");
            }

            return level?.Id;
        }

        public IReadOnlyList<string> Levels(IReadOnlyList<Located<string>>? written) =>
            [.. (written ?? []).Select(w => Level(w)).OfType<string>()];

        public List<string> Categories(IReadOnlyList<Located<string>>? written) => Resolve(written, "complaint category",
            w => categories.FirstOrDefault(c => string.Equals(c.Id, w, StringComparison.OrdinalIgnoreCase) || c.Name == w)?.Id, categories.Select(c => c.Id));

        public List<string> Tiers(IReadOnlyList<Located<string>>? written) => Resolve(written, "customer tier",
            w => tiers.FirstOrDefault(t => string.Equals(t.Id, w, StringComparison.OrdinalIgnoreCase) || t.Name == w)?.Id, tiers.Select(t => t.Id));

        private List<string> Resolve(IReadOnlyList<Located<string>>? written, string what, Func<string, string?> find, IEnumerable<string> known)
        {
            var result = new List<string>();
            foreach (var w in written ?? [])
            {
                if (find(w.Value) is { } id)
                {
                    result.Add(id);
                }
                else
                {
                    problems.Add(w.Location, $"Unknown {what} '{w.Value}'. Known: {string.Join(", ", known)}.");
                }
            }

            return result;
        }
    }
}
