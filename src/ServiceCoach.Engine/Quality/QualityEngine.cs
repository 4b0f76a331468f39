using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality;

/// <summary>
/// Scores conversations against a compiled standard. Pure and deterministic: the same standard
/// and conversation give the same scorecard on any thread, in any order.
/// </summary>
/// <remarks>
/// Score = the weighted mean of the dimension subtotals (each 100 × points of passed checks ÷
/// points of applicable checks), plus bonus points of passed bonus items, capped at 100, rounded
/// half away from zero to one decimal. A failed fatal check (致命项) sets the score to 0. Checks
/// that are "na" leave the denominator unless the check says <c>na: pass</c>.
/// </remarks>
public sealed class QualityEngine(CompiledStandard standard, long workBudget = QualityEngine.DefaultWorkBudget)
{
    /// <summary>
    /// The work units one conversation may take, by default: one unit is about one character examined
    /// (normalising a turn, comparing bigrams) or one cell of an edit-distance table. An ordinary
    /// conversation takes well under a million; the budget stops a pathological one (a 150,000-character
    /// turn against long edit-distance examples) after a fraction of a second of work.
    /// </summary>
    public const long DefaultWorkBudget = 50_000_000;

    /// <summary>The work units one conversation may take; beyond it <see cref="Score"/> throws <see cref="ScoringBudgetExceededException"/>.</summary>
    public long WorkBudget { get; } = workBudget > 0 ? workBudget : throw new ArgumentOutOfRangeException(nameof(workBudget), "The work budget must be positive.");

    /// <summary>At most this many evidence spans are kept per failed (or na) check, the earliest first.</summary>
    public const int MaxEvidencePerCheck = 20;

    /// <summary>A passed check keeps only a few spans: enough to show why it passed, without quoting every polite word.</summary>
    public const int MaxEvidencePerPassedCheck = 3;

    [ThreadStatic]
    private static EvaluationContext? t_context;

    public CompiledStandard Standard { get; } = standard ?? throw new ArgumentNullException(nameof(standard));

    /// <summary>The index into <see cref="CompiledStandard.Dimensions"/> of each check's dimension (-1 for none), looked up once.</summary>
    private readonly int[] _dimensionOfCheck = DimensionIndices(standard);

    private static int[] DimensionIndices(CompiledStandard standard)
    {
        ArgumentNullException.ThrowIfNull(standard);
        var indices = new int[standard.Checks.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = -1;
            for (var d = 0; d < standard.Dimensions.Length; d++)
            {
                if (standard.Dimensions[d].Id == standard.Checks[i].Definition.Dimension)
                {
                    indices[i] = d;
                    break;
                }
            }
        }

        return indices;
    }

    /// <summary>Scores one conversation.</summary>
    /// <exception cref="ScoringBudgetExceededException">Scoring it took more than <see cref="WorkBudget"/> work units.</exception>
    public Scorecard Score(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var context = t_context ??= new EvaluationContext();
        context.WorkBudget = WorkBudget;
        context.Prepare(Standard, conversation);

        var checks = Standard.Checks;
        var results = new CheckResult[checks.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            context.SetCurrentItem("check", checks[i].Definition.Id);
            results[i] = Evaluate(checks[i], context);
        }

        RiskReason[] reasons = [];
        var risk = Standard.Risk is { } model ? EstimateRisk(model, context, out reasons) : (decimal?)null;
        var tags = DetectTags(context);
        return Total(conversation.Id, results) with
        {
            Tags = tags,
            DissatisfactionRisk = risk,
            RiskReasons = reasons,
            WorkUnits = context.WorkDone,
        };
    }

    /// <summary>At most this many evidence spans are kept per tag and per risk reason, the earliest first.</summary>
    public const int MaxEvidencePerTag = 5;

    /// <summary>
    /// The behaviours one turn shows, heard in the context of the turns before it: the tags that
    /// hold for <paramref name="conversation"/> and have evidence in turn <paramref name="turn"/>
    /// (0-based), each with that turn's spans only. Practice hears a learner's latest reply through
    /// it, with exactly the conditions inspection uses (a greeting counts only in the first reply,
    /// a repetition only against the replies before).
    /// </summary>
    public IReadOnlyList<TagResult> TagsInTurn(Conversation conversation, int turn)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentOutOfRangeException.ThrowIfNegative(turn);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(turn, conversation.Turns.Count);
        var context = new EvaluationContext { CapEvidence = false, WorkBudget = WorkBudget };
        context.Prepare(Standard, conversation);
        var detected = new List<TagResult>();
        foreach (var tag in Standard.Tags)
        {
            if (tag.When.Evaluate(context, static (c, i) => c.EvaluateCondition(i)) != Truth.True)
            {
                continue;
            }

            var spans = new List<EvidenceSpan>();
            foreach (var condition in tag.When.Operands)
            {
                if (context.EvaluateCondition(condition) != Truth.True)
                {
                    continue;
                }

                var (start, count) = context.EvidenceRangeOf(condition);
                for (var i = start; i < start + count; i++)
                {
                    var item = context.Evidence[i];
                    if (item.Turn == turn && !spans.Any(s => s.Start == item.Start && s.Length == item.Length))
                    {
                        spans.Add(new EvidenceSpan(context.TurnAt(turn).Text, turn, item.Start, item.Length, item.Suggestion, item.Note));
                    }
                }
            }

            if (spans.Count > 0)
            {
                detected.Add(new TagResult(tag.Definition.Id, tag.Definition.Name, [.. spans.OrderBy(s => s.Start)]));
            }
        }

        return detected;
    }

    private TagResult[] DetectTags(EvaluationContext context)
    {
        var tags = Standard.Tags;
        if (tags.Length == 0)
        {
            return [];
        }

        var detected = new List<TagResult>(tags.Length);
        foreach (var tag in tags)
        {
            context.SetCurrentItem("tag", tag.Definition.Id);
            if (tag.When.Evaluate(context, static (c, i) => c.EvaluateCondition(i)) == Truth.True)
            {
                detected.Add(new TagResult(tag.Definition.Id, tag.Definition.Name, CollectEvidence(tag.When, context, MaxEvidencePerTag, onlyTrue: true)));
            }
        }

        return [.. detected];
    }

    private static decimal EstimateRisk(CompiledRisk risk, EvaluationContext context, out RiskReason[] reasons)
    {
        var logit = (double)risk.Bias;
        var held = new List<RiskReason>();
        foreach (var signal in risk.Signals)
        {
            context.SetCurrentItem("risk signal", signal.Definition.Id);
            if (signal.When.Evaluate(context, static (c, i) => c.EvaluateCondition(i)) == Truth.True)
            {
                logit += (double)signal.Definition.Weight;
                held.Add(new RiskReason(signal.Definition.Id, signal.Definition.Reason, signal.Definition.Weight,
                    CollectEvidence(signal.When, context, MaxEvidencePerTag, onlyTrue: true)));
            }
        }

        // Strongest first; the standard's order breaks ties, so the order is stable.
        reasons = [.. held.OrderByDescending(r => r.Weight)];
        return Math.Round((decimal)(1.0 / (1.0 + Math.Exp(-logit))), 3, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The scorecard with some check outcomes replaced by a reviewer's decision: points,
    /// dimension subtotals, score, grade and the fatal flag are recomputed with the same
    /// arithmetic, so an override counts in every figure. Evidence is kept; the reason says
    /// the outcome was overridden.
    /// </summary>
    public Scorecard ApplyOverrides(Scorecard scorecard, IReadOnlyDictionary<string, CheckOutcome> overrides)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        ArgumentNullException.ThrowIfNull(overrides);
        if (scorecard.StandardId != Standard.Id || scorecard.StandardVersion != Standard.Version)
        {
            throw new ArgumentException(
                $"The scorecard was made with {scorecard.StandardId} {scorecard.StandardVersion}, not {Standard.Id} {Standard.Version}.", nameof(scorecard));
        }

        var results = new CheckResult[Standard.Checks.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var check = Standard.Checks[i];
            var original = scorecard.Checks.FirstOrDefault(c => c.Id == check.Definition.Id)
                ?? throw new ArgumentException($"The scorecard has no result for check '{check.Definition.Id}'.", nameof(scorecard));
            if (!overrides.TryGetValue(original.Id, out var outcome) || outcome == original.Outcome)
            {
                results[i] = original;
                continue;
            }

            var points = outcome switch
            {
                CheckOutcome.Pass => original.MaxPoints,
                CheckOutcome.Na when check.NaHandling == NaHandling.Pass && !original.Bonus => original.MaxPoints,
                _ => 0m,
            };
            results[i] = original with
            {
                Outcome = outcome,
                Points = points,
                Reason = $"人工复核改判为 {ScorecardJsonNames.Outcome(outcome)} (overridden by a reviewer; engine said {ScorecardJsonNames.Outcome(original.Outcome)})",
                Suggestion = outcome == CheckOutcome.Fail ? original.Suggestion ?? check.Definition.Suggestion : null,
            };
        }

        return Total(scorecard.ConversationId, results) with
        {
            Tags = scorecard.Tags,
            DissatisfactionRisk = scorecard.DissatisfactionRisk,
            RiskReasons = scorecard.RiskReasons,
        };
    }

    private static CheckResult Evaluate(CompiledCheck check, EvaluationContext context)
    {
        var definition = check.Definition;
        var applicable = check.Applicable?.Evaluate(context, static (c, i) => c.EvaluateCondition(i)) ?? Truth.True;
        var value = applicable == Truth.True
            ? check.Expression.Evaluate(context, static (c, i) => c.EvaluateCondition(i))
            : Truth.Unknown;

        CheckOutcome outcome;
        if (applicable != Truth.True || value == Truth.Unknown)
        {
            outcome = CheckOutcome.Na;
        }
        else
        {
            var holds = value == Truth.True;
            outcome = (check.Definition.Mode == CheckMode.PassWhen) == holds ? CheckOutcome.Pass : CheckOutcome.Fail;
        }

        // Evidence explains the check's own expression, which is only evaluated when the check applies.
        var evidence = applicable == Truth.True
            ? CollectEvidence(check.Expression, context, outcome == CheckOutcome.Pass ? MaxEvidencePerPassedCheck : MaxEvidencePerCheck)
            : [];
        string? reason = null;
        string? suggestion = null;
        if (outcome == CheckOutcome.Fail)
        {
            reason = JoinReasons(definition.Message, check.Expression, context);
            suggestion = JoinSuggestions(evidence) ?? definition.Suggestion;
        }
        else if (outcome == CheckOutcome.Na)
        {
            reason = applicable == Truth.False
                ? "不适用于本会话 (not applicable)"
                : JoinReasons(null, applicable == Truth.Unknown ? check.Applicable! : check.Expression, context) ?? "无法判断 (cannot be decided from the data)";
        }

        var awarded = outcome switch
        {
            CheckOutcome.Pass => definition.Points,
            CheckOutcome.Na when check.NaHandling == NaHandling.Pass && !definition.Bonus => definition.Points,
            _ => 0m,
        };

        return new CheckResult(
            definition.Id, definition.Name, definition.Dimension, outcome, awarded, definition.Points,
            definition.Severity, definition.Fatal, definition.Bonus, evidence, suggestion, reason)
        {
            // Only failures need to say why the check applied; the conditions are already evaluated, so this reads their evidence.
            Trigger = outcome == CheckOutcome.Fail && check.Applicable is { } applies ? CustomerTrigger(applies, context) : null,
        };
    }

    /// <summary>
    /// The earliest customer-turn evidence of the applicability conditions that held, widened to a
    /// quote of at most <see cref="CheckResult.TriggerQuoteLength"/> characters around it; null when none.
    /// </summary>
    private static EvidenceSpan? CustomerTrigger(BooleanExpression applicable, EvaluationContext context)
    {
        EvidenceItem? best = null;
        foreach (var condition in applicable.Operands)
        {
            if (context.EvaluateCondition(condition) != Truth.True)
            {
                continue;
            }

            var (start, count) = context.EvidenceRangeOf(condition);
            for (var i = start; i < start + count; i++)
            {
                var item = context.Evidence[i];
                if (context.TurnAt(item.Turn).Speaker == Speaker.Customer
                    && (best is not { } b || item.Turn < b.Turn || (item.Turn == b.Turn && item.Start < b.Start)))
                {
                    best = item;
                }
            }
        }

        if (best is not { } found)
        {
            return null;
        }

        var text = context.TurnAt(found.Turn).Text;
        var (quoteStart, quoteEnd) = QuoteAround(text, found.Start, found.Start + found.Length, CheckResult.TriggerQuoteLength);
        return new EvidenceSpan(text, found.Turn, quoteStart, quoteEnd - quoteStart, null, null);
    }

    /// <summary>[start, end) of at most <paramref name="max"/> characters of <paramref name="text"/> around the match, never splitting a surrogate pair.</summary>
    internal static (int Start, int End) QuoteAround(string text, int matchStart, int matchEnd, int max)
    {
        matchStart = Math.Clamp(matchStart, 0, text.Length);
        matchEnd = Math.Clamp(matchEnd, matchStart, text.Length);
        if (text.Length <= max)
        {
            return (0, text.Length);
        }

        var start = matchStart;
        var end = Math.Min(matchEnd, matchStart + max);
        var spare = max - (end - start);
        start = Math.Max(0, start - (spare / 2));
        end = Math.Min(text.Length, start + max);
        start = Math.Max(0, end - max);
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start++;
        }

        if (end < text.Length && end > start && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    private static EvidenceSpan[] CollectEvidence(BooleanExpression expression, EvaluationContext context, int limit, bool onlyTrue = false)
    {
        var items = context.EvidenceScratch;
        items.Clear();
        foreach (var condition in expression.Operands)
        {
            // A tag's evidence shows what was found; a condition that did not hold explains nothing there.
            if (onlyTrue && context.EvaluateCondition(condition) != Truth.True)
            {
                continue;
            }

            var (start, count) = context.EvidenceRangeOf(condition);
            for (var i = start; i < start + count; i++)
            {
                items.Add(context.Evidence[i]);
            }
        }

        if (items.Count == 0)
        {
            return [];
        }

        items.Sort(EvidenceOrder.Instance);
        var spans = new List<EvidenceSpan>(Math.Min(items.Count, limit));
        EvidenceItem? previous = null;
        foreach (var item in items)
        {
            if (previous is { } p && p.Turn == item.Turn && p.Start == item.Start && p.Length == item.Length)
            {
                continue;
            }

            previous = item;
            spans.Add(new EvidenceSpan(context.TurnAt(item.Turn).Text, item.Turn, item.Start, item.Length, item.Suggestion, item.Note));
            if (spans.Count == limit)
            {
                break;
            }
        }

        return [.. spans];
    }

    private sealed class EvidenceOrder : IComparer<EvidenceItem>
    {
        public static readonly EvidenceOrder Instance = new();

        public int Compare(EvidenceItem a, EvidenceItem b) =>
            a.Turn != b.Turn ? a.Turn.CompareTo(b.Turn) : a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length);
    }

    /// <summary>Each distinct "「said」→「better」" of the evidence, in order, joined with "；"; null when no span suggests anything.</summary>
    private static string? JoinSuggestions(EvidenceSpan[] evidence)
    {
        List<string>? suggestions = null;
        foreach (var span in evidence)
        {
            if (span.Suggestion is null)
            {
                continue;
            }

            var text = $"「{span.Text}」→「{span.Suggestion}」";
            suggestions ??= new List<string>(evidence.Length);
            if (!suggestions.Contains(text))
            {
                suggestions.Add(text);
            }
        }

        return suggestions is null ? null : string.Join("；", suggestions);
    }

    private static string? JoinReasons(string? message, BooleanExpression expression, EvaluationContext context)
    {
        var reasons = new List<string>();
        if (message is not null)
        {
            reasons.Add(message);
        }

        foreach (var condition in expression.Operands)
        {
            var (start, count) = context.ReasonRangeOf(condition);
            for (var i = start; i < start + count; i++)
            {
                if (!reasons.Contains(context.Reasons[i]))
                {
                    reasons.Add(context.Reasons[i]);
                }
            }
        }

        return reasons.Count == 0 ? null : string.Join("；", reasons);
    }

    private Scorecard Total(string conversationId, CheckResult[] results)
    {
        var dimensions = Standard.Dimensions;
        var earned = new decimal[dimensions.Length];
        var possible = new decimal[dimensions.Length];
        var bonus = 0m;
        var fatal = false;
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            var check = Standard.Checks[i];
            if (result.Fatal && result.Outcome == CheckOutcome.Fail)
            {
                fatal = true;
            }

            if (result.Bonus)
            {
                bonus += result.Outcome == CheckOutcome.Pass ? result.MaxPoints : 0m;
                continue;
            }

            var d = _dimensionOfCheck[i];
            if (result.Outcome == CheckOutcome.Na && check.NaHandling == NaHandling.Exclude)
            {
                continue;
            }

            possible[d] += result.MaxPoints;
            earned[d] += result.Points;
        }

        var dimensionResults = new DimensionResult[dimensions.Length];
        decimal weighted = 0m, weights = 0m;
        for (var d = 0; d < dimensions.Length; d++)
        {
            decimal? score = possible[d] > 0 ? Math.Round(100m * earned[d] / possible[d], 1, MidpointRounding.AwayFromZero) : null;
            dimensionResults[d] = new DimensionResult(dimensions[d].Id, dimensions[d].Name, dimensions[d].Weight, score, earned[d], possible[d]);
            if (possible[d] > 0 && dimensions[d].Weight > 0)
            {
                weighted += dimensions[d].Weight * 100m * earned[d] / possible[d];
                weights += dimensions[d].Weight;
            }
        }

        var total = weights > 0 ? weighted / weights : 100m;
        total = Math.Min(100m, total + bonus);
        if (fatal)
        {
            total = 0m;
        }

        total = Math.Round(total, 1, MidpointRounding.AwayFromZero);
        var grade = Standard.GradeFor(total);
        return new Scorecard(conversationId, Standard.Id, Standard.Version, total, grade.Id, grade.Name, fatal, results, dimensionResults);
    }
}
