using ServiceCoach.Standards;
using ServiceCoach.Text;

namespace ServiceCoach.Complaints;

/// <summary>
/// Who may own a complaint of a level, approve a compensation option or mediate a conflict, from
/// the front line up (R-CMP-1). Ordered: a higher authority may do whatever a lower one may.
/// </summary>
public enum Authority
{
    /// <summary>一线客服 — the front line.</summary>
    Agent = 1,

    /// <summary>主管.</summary>
    Supervisor = 2,

    /// <summary>经理 — the service manager.</summary>
    Manager = 3,

    /// <summary>危机小组 — the crisis team.</summary>
    CrisisTeam = 4,
}

/// <summary>Which seconds an SLA clock counts.</summary>
public enum ClockMode
{
    /// <summary>Only the working seconds of the team's business calendar.</summary>
    Business,

    /// <summary>Every second, day and night, holidays included.</summary>
    Continuous,
}

/// <summary>
/// One complaint level (普通 / 紧急 / 重大 / 危机). Every limit is in SECONDS and null when the level
/// sets none; <see cref="Clock"/> says which seconds count, <see cref="ClosureClock"/> may differ for
/// closure (a "24-hour" closure is a day, not three working days).
/// </summary>
public sealed record ComplaintLevelDefinition(
    string Id,
    string Name,
    int Rank,
    Authority Authority,
    IReadOnlyList<string> Resources,
    ClockMode Clock,
    int? FirstResponseSeconds,
    int? FirstSolutionSeconds,
    int? UpdateIntervalSeconds,
    int? ClosureSeconds,
    ClockMode ClosureClock,
    SourceLocation Location);

/// <summary>A complaint category (product consult, tech support, after-sales repair …).</summary>
/// <param name="TechnicalFault">Complaints of this category open the technical-fault form and its hand-off clock (R-CMP-5).</param>
public sealed record ComplaintCategoryDefinition(string Id, string Name, bool TechnicalFault, SourceLocation Location);

/// <summary>
/// A customer tier by annual revenue (R-CUS-1). A customer belongs to the first tier (in file
/// order) whose bound the revenue meets: above <see cref="Bound"/> when <see cref="Exclusive"/>,
/// at least <see cref="Bound"/> otherwise.
/// </summary>
public sealed record CustomerTierDefinition(string Id, string Name, decimal Bound, bool Exclusive, string? Service, SourceLocation Location)
{
    public bool Admits(decimal annualRevenue) => Exclusive ? annualRevenue > Bound : annualRevenue >= Bound;
}

/// <summary>
/// A rule that raises a complaint to at least <see cref="LevelId"/>. Every condition given must
/// hold; within a list any one item is enough. Keywords match normalised text (traditional script,
/// full width and case folded), anywhere in the description.
/// </summary>
public sealed record LevelRule(
    string Id,
    string? Description,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<string> Channels,
    int? MinCustomers,
    string LevelId,
    SourceLocation Location);

/// <summary>
/// Escalation by the number of distinct customers complaining about the same problem (R-CMP-1:
/// fewer than 5 → front line, 5–50 → supervisor, more than 50 → crisis).
/// </summary>
/// <param name="MinCustomers">The smallest distinct-customer count that reaches the threshold (written "atLeast: 5" or "moreThan: 50" = 51).</param>
public sealed record CountThreshold(int MinCustomers, string LevelId, string Written, SourceLocation Location);

/// <param name="WindowSeconds">A complaint joins a group only when the group had a member within this many seconds.</param>
/// <param name="Similarity">Minimum similarity (0–1) of description and tags to join a group.</param>
public sealed record EscalationStandard(int WindowSeconds, double Similarity, IReadOnlyList<CountThreshold> Thresholds)
{
    /// <summary>The highest threshold a group of <paramref name="distinctCustomers"/> reaches, or null below the first.</summary>
    public CountThreshold? Reached(int distinctCustomers)
    {
        CountThreshold? best = null;
        foreach (var threshold in Thresholds)
        {
            if (distinctCustomers >= threshold.MinCustomers && (best is null || threshold.MinCustomers > best.MinCustomers))
            {
                best = threshold;
            }
        }

        return best;
    }
}

/// <summary>Extra rules for one step of a handling flow: how many options Resolve offers, how soon "Now" must commit.</summary>
public sealed record StepRule(string FlowId, string StepId, int? MinOptions, int? MaxOptions, int? CommitWithinSeconds, bool RequireCommitment, SourceLocation Location);

/// <param name="Flows">Flow ids of the standard the complaint page may walk; the first is the default.</param>
public sealed record HandlingStandard(IReadOnlyList<string> Flows, IReadOnlyList<StepRule> StepRules)
{
    public StepRule? RuleFor(string flowId, string stepId) =>
        StepRules.FirstOrDefault(r => r.FlowId == flowId && r.StepId == stepId);
}

/// <summary>A stage of team-conflict handling (R-CMP-10): front line ≤ 30 min, supervisor ≤ 2 h, then arbitration.</summary>
/// <param name="LimitSeconds">Null: the last stage, no clock.</param>
public sealed record ConflictStage(string Id, string Name, int? LimitSeconds, Authority Authority, SourceLocation Location);

/// <param name="AfterSeconds">A follow-up call is due this many seconds after closure.</param>
/// <param name="SatisfiedAtLeast">On the 5-point scale, this rating or above counts as satisfied for CSAT.</param>
public sealed record FollowUpStandard(int AfterSeconds, int SatisfiedAtLeast);

/// <summary>One section of the crisis communication template (R-CMP-4) and its target share of the text in percent.</summary>
public sealed record TemplateSection(string Id, string Name, decimal TargetPercent, IReadOnlyList<string> Lexicons, SourceLocation Location);

public sealed record CrisisTemplateStandard(IReadOnlyList<TemplateSection> Sections, decimal TolerancePercent);

/// <summary>
/// The <c>complaints:</c> section of a standard (schema: docs/complaints.md). Optional: a standard
/// without it uses the shipped default's.
/// </summary>
public sealed record ComplaintStandard(
    IReadOnlyList<ComplaintLevelDefinition> Levels,
    IReadOnlyList<ComplaintCategoryDefinition> Categories,
    IReadOnlyList<CustomerTierDefinition> Tiers,
    IReadOnlyList<LevelRule> Rules,
    EscalationStandard Escalation,
    HandlingStandard Handling,
    int TechnicalFaultHandoffSeconds,
    IReadOnlyList<ConflictStage> ConflictStages,
    FollowUpStandard FollowUp,
    CompensationTree Compensation,
    ReturnsStandard Returns,
    CrisisTemplateStandard CrisisTemplate)
{
    /// <summary>The lowest level: where every complaint starts before rules raise it.</summary>
    public ComplaintLevelDefinition Lowest => Levels[0];

    /// <summary>A level by id or by name (普通), or null.</summary>
    public ComplaintLevelDefinition? Level(string? idOrName)
    {
        if (idOrName is null)
        {
            return null;
        }

        return Levels.FirstOrDefault(l => string.Equals(l.Id, idOrName, StringComparison.OrdinalIgnoreCase))
            ?? Levels.FirstOrDefault(l => l.Name == idOrName);
    }

    /// <summary>A level, or the lowest when the id is unknown (a stored complaint whose level a later standard dropped).</summary>
    public ComplaintLevelDefinition LevelOrLowest(string? idOrName) => Level(idOrName) ?? Lowest;

    public ComplaintCategoryDefinition? Category(string? idOrName) =>
        idOrName is null ? null : Categories.FirstOrDefault(c => string.Equals(c.Id, idOrName, StringComparison.OrdinalIgnoreCase) || c.Name == idOrName);

    public CustomerTierDefinition? Tier(string? idOrName) =>
        idOrName is null ? null : Tiers.FirstOrDefault(t => string.Equals(t.Id, idOrName, StringComparison.OrdinalIgnoreCase) || t.Name == idOrName);

    /// <summary>The tier for an annual revenue (R-CUS-1), or the last tier when none admits it.</summary>
    public CustomerTierDefinition TierFor(decimal annualRevenue) =>
        Tiers.FirstOrDefault(t => t.Admits(annualRevenue)) ?? Tiers[^1];

    /// <summary>The lowest level whose authority is at least <paramref name="authority"/>, or the highest level.</summary>
    public ComplaintLevelDefinition LowestLevelFor(Authority authority) =>
        Levels.FirstOrDefault(l => l.Authority >= authority) ?? Levels[^1];

    internal static string Fold(string text) => TextNormalizer.Normalize(text);
}
