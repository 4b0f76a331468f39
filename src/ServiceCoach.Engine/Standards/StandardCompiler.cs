using System.Text.RegularExpressions;
using ServiceCoach.Quality.Operators;
using ServiceCoach.Text;

namespace ServiceCoach.Standards;

/// <summary>
/// What an operator can ask for while it compiles: lexicons and flows by id, inline phrase
/// lists, regexes (compiled linear-time), and the standard's timing.
/// </summary>
internal sealed class StandardCompilation
{
    private readonly List<CompiledLexicon> _lexicons = [];
    private readonly Dictionary<string, int> _lexiconIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledFlow> _flows = new(StringComparer.Ordinal);

    public StandardCompilation(ServiceStandard definition, ProblemCollector problems)
    {
        Definition = definition;
        Problems = problems;
    }

    public ServiceStandard Definition { get; }

    public ProblemCollector Problems { get; }

    public TimingStandard Timing => Definition.Timing;

    public IReadOnlyList<CompiledLexicon> Lexicons => _lexicons;

    public IReadOnlyCollection<CompiledFlow> Flows => _flows.Values;

    public int AddLexicon(string id, string name, IReadOnlyList<LexiconEntry> entries, bool inline)
    {
        var index = _lexicons.Count;
        _lexicons.Add(new CompiledLexicon(index, id, name, [.. entries], inline));
        if (!inline)
        {
            _lexiconIds[id] = index;
        }

        return index;
    }

    public bool HasLexicon(string id) => _lexiconIds.ContainsKey(id);

    /// <summary>Compiles a lexicon's exceptions into an inline lexicon and resolves its negator lexicon.</summary>
    public void AddLexiconRules(LexiconDefinition definition)
    {
        if (!_lexiconIds.TryGetValue(definition.Id, out var index))
        {
            return;
        }

        var lexicon = _lexicons[index];
        if (definition.Exceptions.Count > 0)
        {
            lexicon.ExceptionLexicon = AddLexicon($"{definition.Id}/exceptions", $"{definition.Name} (exceptions)", definition.Exceptions, inline: true);
        }

        if (definition.NegatedBy is { } negatedBy)
        {
            if (negatedBy.Value == definition.Id)
            {
                Problems.Add(negatedBy.Location, $"Lexicon '{definition.Id}' cannot be negated by itself.");
            }
            else if (ResolveLexicons([negatedBy], $"The 'negatedBy' of lexicon '{definition.Id}'") is { Lexicons: [var negators] })
            {
                lexicon.NegatorLexicon = negators;
            }
        }
    }

    /// <summary>Resolves lexicon ids, reporting each unknown id with the closest known one.</summary>
    public LexiconSet? ResolveLexicons(IEnumerable<Located<string>> ids, string context)
    {
        var indices = new List<int>();
        var ok = true;
        foreach (var id in ids)
        {
            if (_lexiconIds.TryGetValue(id.Value, out var index))
            {
                if (!indices.Contains(index))
                {
                    indices.Add(index);
                }

                continue;
            }

            ok = false;
            var hint = Closest(id.Value, _lexiconIds.Keys);
            Problems.Add(id.Location, $"{context} refers to lexicon '{id.Value}', which is not defined." +
                (hint is null ? "" : $" Did you mean '{hint}'?"));
        }

        return ok ? new LexiconSet([.. indices]) : null;
    }

    /// <summary>Lexicons named by 'lexicons' plus an inline lexicon for 'phrases', if given.</summary>
    public LexiconSet? ResolveLexiconsAndPhrases(OperatorArguments arguments, bool required)
    {
        var map = arguments.Map;
        var ids = map.StringList("lexicons") ?? [];
        var phrases = map.StringList("phrases") ?? [];
        if (required && ids.Count == 0 && phrases.Count == 0 && !map.Problems.HasProblems)
        {
            arguments.Problem($"Operator '{arguments.OperatorName}' in condition '{arguments.ConditionId}' needs 'lexicons' or 'phrases'.");
            return null;
        }

        var set = ResolveLexicons(ids, $"Operator '{arguments.OperatorName}' in condition '{arguments.ConditionId}'");
        if (set is null)
        {
            return null;
        }

        if (phrases.Count == 0)
        {
            return set;
        }

        var inline = AddLexicon($"{arguments.ConditionId}/{arguments.OperatorName}", arguments.ConditionId,
            [.. phrases.Select(p => new LexiconEntry(p.Value, null, p.Location))], inline: true);
        return new LexiconSet([.. set.Lexicons, inline]);
    }

    /// <summary>
    /// Lexicons named by <paramref name="lexiconsKey"/> plus inline phrases under
    /// <paramref name="phrasesKey"/>; when neither key is written, the conventional lexicons of
    /// <paramref name="defaultIds"/> that this standard defines (a standard without a <c>hold</c>
    /// lexicon must not silently get an operator that never sees a hold). When none of them is
    /// defined, a <paramref name="required"/> argument is reported and null returned; otherwise
    /// the result is an empty set. An explicitly empty list is a problem unless
    /// <paramref name="allowEmpty"/> (e.g. <c>holdLexicons: []</c> = "no announced holds").
    /// </summary>
    public LexiconSet? ResolveLexiconsAndPhrases(
        OperatorArguments arguments, string lexiconsKey, string? phrasesKey, IReadOnlyList<string> defaultIds, bool required, bool allowEmpty = false)
    {
        var map = arguments.Map;
        var context = $"Operator '{arguments.OperatorName}' in condition '{arguments.ConditionId}'";
        var written = map.Has(lexiconsKey) || (phrasesKey is not null && map.Has(phrasesKey));
        var before = map.Problems.Problems.Count;
        var ids = map.StringList(lexiconsKey, allowEmpty: allowEmpty) ?? [];
        var phrases = phrasesKey is null ? [] : map.StringList(phrasesKey, allowEmpty: allowEmpty) ?? [];
        if (map.Problems.Problems.Count != before)
        {
            return null;
        }

        if (!written)
        {
            ids = [.. defaultIds.Where(HasLexicon).Select(id => new Located<string>(id, arguments.Location))];
            if (ids.Count == 0)
            {
                if (required)
                {
                    var keys = phrasesKey is null ? $"'{lexiconsKey}'" : $"'{lexiconsKey}' or '{phrasesKey}'";
                    var defaults = string.Join(" or ", defaultIds.Select(id => $"'{id}'"));
                    arguments.Problem($"{context} needs {keys}: the standard defines no lexicon {defaults} to use by default.");
                    return null;
                }

                return new LexiconSet([]);
            }
        }

        var set = ResolveLexicons(ids, context);
        if (set is null || phrases.Count == 0)
        {
            return set;
        }

        var inline = AddLexicon($"{arguments.ConditionId}/{arguments.OperatorName}/{phrasesKey}", arguments.ConditionId,
            [.. phrases.Select(p => new LexiconEntry(p.Value, null, p.Location))], inline: true);
        return new LexiconSet([.. set.Lexicons, inline]);
    }

    public void AddFlow(CompiledFlow flow) => _flows[flow.Id] = flow;

    public CompiledFlow? ResolveFlow(Located<string> id, string context)
    {
        if (_flows.TryGetValue(id.Value, out var flow))
        {
            return flow;
        }

        var hint = Closest(id.Value, _flows.Keys);
        Problems.Add(id.Location, $"{context} refers to flow '{id.Value}', which is not defined." + (hint is null ? "" : $" Did you mean '{hint}'?"));
        return null;
    }

    /// <summary>
    /// Compiles a regex to run on normalised text: non-ASCII literals are normalised the same
    /// way (so a traditional-script pattern matches both scripts), matching ignores case, and
    /// the NonBacktracking engine keeps every match linear in the text length.
    /// </summary>
    public Regex? CompileRegex(Located<string> pattern, string context)
    {
        var normalized = string.Create(pattern.Value.Length, pattern.Value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] < 128 ? source[i] : TextNormalizer.Normalize(source[i]);
            }
        });
        try
        {
            return new Regex(normalized, RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            var message = e is RegexParseException parse ? $"{parse.Error} at position {parse.Offset}" : e.Message;
            Problems.Add(pattern.Location, $"{context}: the regular expression does not compile ({message}).");
            return null;
        }
        catch (NotSupportedException e)
        {
            Problems.Add(pattern.Location, $"{context}: the regular expression uses a construct that cannot run in linear time ({e.Message}); remove backreferences and lookarounds.");
            return null;
        }
    }

    internal static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = YamlMap.EditDistance(key, candidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }
}

/// <summary>Turns a parsed <see cref="ServiceStandard"/> into a <see cref="CompiledStandard"/>, reporting semantic problems.</summary>
internal static class StandardCompiler
{
    public static CompiledStandard? Compile(ServiceStandard definition, ProblemCollector problems)
    {
        var compilation = new StandardCompilation(definition, problems);
        foreach (var lexicon in definition.Lexicons)
        {
            compilation.AddLexicon(lexicon.Id, lexicon.Name, lexicon.Entries, inline: false);
        }

        // Exceptions and negators are resolved after every lexicon exists (a lexicon may name one defined below it).
        foreach (var lexicon in definition.Lexicons)
        {
            compilation.AddLexiconRules(lexicon);
        }

        foreach (var flow in definition.Flows)
        {
            var steps = new List<CompiledFlowStep>();
            foreach (var step in flow.Steps)
            {
                var set = compilation.ResolveLexicons(step.Lexicons, $"Step '{step.Id}' of flow '{flow.Id}'") ?? new LexiconSet([]);
                if (step.Phrases.Count > 0)
                {
                    var inline = compilation.AddLexicon($"{flow.Id}/{step.Id}", step.Name, step.Phrases, inline: true);
                    set = new LexiconSet([.. set.Lexicons, inline]);
                }

                steps.Add(new CompiledFlowStep(step.Id, step.Name, step.Role, set));
            }

            compilation.AddFlow(new CompiledFlow(flow.Id, flow.Name, [.. steps]));
        }

        var conditionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Conditions.Count; i++)
        {
            if (!conditionIndex.TryAdd(definition.Conditions[i].Id, i))
            {
                problems.Add(definition.Conditions[i].Location, $"Duplicate condition id '{definition.Conditions[i].Id}'.");
            }
        }

        var conditions = new CompiledCondition?[definition.Conditions.Count];
        for (var i = 0; i < definition.Conditions.Count; i++)
        {
            conditions[i] = CompileCondition(i, definition.Conditions[i], conditionIndex, compilation);
        }

        ReportAnchorCycles(definition, conditionIndex, problems);

        var checks = new List<CompiledCheck>();
        foreach (var check in definition.Scorecard.Checks)
        {
            var expression = ParseExpression(check.Expression, conditionIndex, $"Check '{check.Id}'", "condition", problems);
            var applicable = check.Applicable is { } a
                ? ParseExpression(a, conditionIndex, $"The 'applicable' of check '{check.Id}'", "condition", problems)
                : null;
            if (expression is not null && (check.Applicable is null || applicable is not null))
            {
                checks.Add(new CompiledCheck(check, expression, applicable, check.NaHandling ?? definition.Scorecard.NaHandling));
            }
        }

        var tags = new List<CompiledTag>();
        var tagIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in definition.Tags)
        {
            if (!tagIds.Add(tag.Id))
            {
                problems.Add(tag.Location, $"Duplicate tag id '{tag.Id}'.");
            }

            if (ParseExpression(tag.When, conditionIndex, $"Tag '{tag.Id}'", "condition", problems) is { } when)
            {
                tags.Add(new CompiledTag(tag, when));
            }
        }

        CompiledRisk? risk = null;
        if (definition.DissatisfactionRisk is { } riskDefinition)
        {
            var signals = new List<CompiledRiskSignal>();
            foreach (var signal in riskDefinition.Signals)
            {
                if (ParseExpression(signal.When, conditionIndex, $"Risk signal '{signal.Id}'", "condition", problems) is { } when)
                {
                    signals.Add(new CompiledRiskSignal(signal, when));
                }
            }

            risk = new CompiledRisk(riskDefinition.Bias, [.. signals]);
        }

        if (problems.HasProblems)
        {
            return null;
        }

        var (automaton, ownerStart, owners) = BuildAutomaton(compilation.Lexicons);
        return new CompiledStandard(
            definition, [.. compilation.Lexicons], automaton, ownerStart, owners,
            [.. compilation.Flows], conditions.Select(c => c!).ToArray(), [.. checks], [.. tags], risk);
    }

    private static CompiledCondition? CompileCondition(int index, ConditionDefinition condition, Dictionary<string, int> conditionIndex, StandardCompilation compilation)
    {
        var problems = compilation.Problems;
        var operators = new List<ICompiledOperator?>();
        foreach (var use in condition.Operators)
        {
            var kind = OperatorRegistry.Find(use.Name);
            if (kind is null)
            {
                var hint = StandardCompilation.Closest(use.Name, OperatorRegistry.All.Select(o => o.Name));
                problems.Add(use.Location, $"Unknown operator '{use.Name}' in condition '{condition.Id}'." +
                    (hint is null ? $" Operators: {string.Join(", ", OperatorRegistry.All.Select(o => o.Name))}." : $" Did you mean '{hint}'?"));
                operators.Add(null);
                continue;
            }

            // The bare form "- silence" gets an empty argument mapping that exists nowhere in the
            // file; a missing required argument is then reported at the operator's name, not at 1:1.
            var argumentsLocation = use.Arguments is { Children.Count: 0 } ? use.Location : (SourceLocation?)null;
            var map = YamlMap.From(use.Arguments, problems, $"operator '{use.Name}' in condition '{condition.Id}'", argumentsLocation)!;
            var arguments = new OperatorArguments(map, use.Name, condition.Id);
            var before = problems.Problems.Count;
            var compiled = kind.Compile(arguments, compilation);
            map.RejectUnknownKeys();
            operators.Add(problems.Problems.Count == before ? compiled : null);
        }

        BooleanExpression? expression;
        if (condition.Expression is { } text)
        {
            expression = ParseExpression(text, name =>
                int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= operators.Count ? n - 1 : null,
                $"The expression of condition '{condition.Id}'", $"operator number (1 to {operators.Count})", problems);
        }
        else
        {
            expression = BooleanExpression.AllOf(operators.Count);
        }

        CompiledAnchor? anchor = null;
        if (condition.Anchor is { } a)
        {
            if (conditionIndex.TryGetValue(a.ConditionId.Value, out var anchorIndex))
            {
                anchor = new CompiledAnchor(anchorIndex, a.After, a.Within);
            }
            else
            {
                var hint = StandardCompilation.Closest(a.ConditionId.Value, conditionIndex.Keys);
                problems.Add(a.ConditionId.Location, $"The anchor of condition '{condition.Id}' refers to condition '{a.ConditionId.Value}', which is not defined." +
                    (hint is null ? "" : $" Did you mean '{hint}'?"));
            }
        }

        if (expression is null || operators.Any(o => o is null) || (condition.Anchor is not null && anchor is null))
        {
            return null;
        }

        return new CompiledCondition(index, condition.Id, condition.Role, condition.Turns, anchor, [.. operators.Select(o => o!)], expression);
    }

    private static BooleanExpression? ParseExpression(Located<string> text, Dictionary<string, int> names, string context, string operandKind, ProblemCollector problems) =>
        ParseExpression(text, name => names.TryGetValue(name, out var i) ? i : null, context, operandKind, problems);

    private static BooleanExpression? ParseExpression(Located<string> text, Func<string, int?> resolve, string context, string operandKind, ProblemCollector problems)
    {
        var expression = BooleanExpression.TryParse(text.Value, resolve, out var error);
        if (expression is null)
        {
            // The column points at the offending character when the expression sits on one line.
            var column = text.Location.Column + error.Position;
            var message = error.Message.EndsWith("is not defined here.", StringComparison.Ordinal)
                ? error.Message.Replace("is not defined here.", $"is not a known {operandKind}.", StringComparison.Ordinal)
                : error.Message;
            problems.Add(text.Location with { Column = column }, $"{context}: {message}");
        }

        return expression;
    }

    private static void ReportAnchorCycles(ServiceStandard definition, Dictionary<string, int> conditionIndex, ProblemCollector problems)
    {
        foreach (var condition in definition.Conditions)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { condition.Id };
            var current = condition;
            while (current.Anchor is { } anchor && conditionIndex.TryGetValue(anchor.ConditionId.Value, out var next))
            {
                current = definition.Conditions[next];
                if (!seen.Add(current.Id))
                {
                    problems.Add(condition.Location, $"Condition '{condition.Id}' is anchored on itself through a cycle ({string.Join(" → ", seen)} → {current.Id}).");
                    break;
                }
            }
        }
    }

    private static (PhraseAutomaton Automaton, int[] OwnerStart, PatternOwner[] Owners) BuildAutomaton(IReadOnlyList<CompiledLexicon> lexicons)
    {
        var patternIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var ownersByPattern = new List<List<PatternOwner>>();
        foreach (var lexicon in lexicons)
        {
            for (var e = 0; e < lexicon.Entries.Length; e++)
            {
                var normalized = TextNormalizer.Normalize(lexicon.Entries[e].Text.Trim());
                if (normalized.Length == 0)
                {
                    continue;
                }

                if (!patternIds.TryGetValue(normalized, out var id))
                {
                    id = patternIds.Count;
                    patternIds.Add(normalized, id);
                    ownersByPattern.Add([]);
                }

                // A phrase listed twice in one lexicon (or in both scripts) counts once.
                if (!ownersByPattern[id].Any(o => o.Lexicon == lexicon.Index))
                {
                    ownersByPattern[id].Add(new PatternOwner(lexicon.Index, e));
                }
            }
        }

        var ownerStart = new int[ownersByPattern.Count + 1];
        var owners = new List<PatternOwner>();
        for (var p = 0; p < ownersByPattern.Count; p++)
        {
            ownerStart[p] = owners.Count;
            owners.AddRange(ownersByPattern[p]);
        }

        ownerStart[^1] = owners.Count;
        var patterns = new string[patternIds.Count];
        foreach (var (pattern, id) in patternIds)
        {
            patterns[id] = pattern;
        }

        return (PhraseAutomaton.Build(patterns), ownerStart, [.. owners]);
    }
}
