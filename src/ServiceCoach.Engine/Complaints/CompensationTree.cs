using System.Globalization;
using ServiceCoach.Standards;

namespace ServiceCoach.Complaints;

/// <summary>Whose fault the loss was, as the owner judged it.</summary>
public enum FaultSide
{
    /// <summary>我方 — our product, service or process.</summary>
    Company,

    /// <summary>客户 — the customer's own mistake.</summary>
    Customer,

    /// <summary>第三方 — a carrier, a platform, a supplier.</summary>
    ThirdParty,

    /// <summary>待查 — not yet known.</summary>
    Unknown,
}

/// <summary>
/// A branch condition. Every part given must hold; a list holds when the input is any of its
/// items. Amounts are in the tree's currency (yuan by default), with <see cref="LossAtLeast"/>
/// inclusive and <see cref="LossBelow"/> exclusive, so adjacent bands do not overlap.
/// </summary>
public sealed record CompensationCondition(
    IReadOnlyList<string> Levels,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<FaultSide> Faults,
    bool? Repeat,
    decimal? LossAtLeast,
    decimal? LossBelow)
{
    public bool Matches(CompensationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return (Levels.Count == 0 || Levels.Contains(input.LevelId, StringComparer.OrdinalIgnoreCase))
            && (Tiers.Count == 0 || Tiers.Contains(input.TierId, StringComparer.OrdinalIgnoreCase))
            && (Faults.Count == 0 || Faults.Contains(input.Fault))
            && (Repeat is null || Repeat == input.Repeat)
            && (LossAtLeast is null || input.Loss >= LossAtLeast)
            && (LossBelow is null || input.Loss < LossBelow);
    }

    /// <summary>The condition as a person reads it ("等级 ∈ {重大, 危机} 且 损失 ≥ 500").</summary>
    public string Describe(ComplaintStandard? standard = null)
    {
        var parts = new List<string>();
        if (Levels.Count > 0)
        {
            parts.Add($"等级 ∈ {{{string.Join(", ", Levels.Select(l => standard?.Level(l)?.Name ?? l))}}}");
        }

        if (Tiers.Count > 0)
        {
            parts.Add($"客户层级 ∈ {{{string.Join(", ", Tiers)}}}");
        }

        if (Faults.Count > 0)
        {
            parts.Add($"责任方 ∈ {{{string.Join(", ", Faults.Select(CompensationNames.Fault))}}}");
        }

        if (Repeat is { } repeat)
        {
            parts.Add(repeat ? "重复投诉" : "首次投诉");
        }

        if (LossAtLeast is { } min)
        {
            parts.Add($"损失 ≥ {min.ToString("0.##", CultureInfo.InvariantCulture)}");
        }

        if (LossBelow is { } max)
        {
            parts.Add($"损失 < {max.ToString("0.##", CultureInfo.InvariantCulture)}");
        }

        return parts.Count == 0 ? "（总是）" : string.Join(" 且 ", parts);
    }
}

/// <summary>
/// A compensation option. Its amount is <see cref="Amount"/>, or <see cref="PercentOfLoss"/> of the
/// loss capped at <see cref="Max"/>; neither means a non-monetary option (an apology letter, a repair).
/// </summary>
public sealed record CompensationOption(string Name, decimal? Amount, decimal? PercentOfLoss, decimal? Max, Authority Authority)
{
    public decimal? AmountFor(decimal loss)
    {
        if (Amount is { } fixedAmount)
        {
            return fixedAmount;
        }

        if (PercentOfLoss is not { } percent)
        {
            return null;
        }

        var amount = Math.Round(loss * percent / 100m, 2, MidpointRounding.AwayFromZero);
        return Max is { } cap && amount > cap ? cap : amount;
    }
}

/// <param name="Escalate">When set, the whole decision needs approval by this authority (unless the owner has it).</param>
public sealed record CompensationOutcome(IReadOnlyList<CompensationOption> Options, Authority? Escalate, string? Note);

/// <summary>
/// One branch of the tree: when <see cref="When"/> holds (null = "else"), either the nested
/// <see cref="Branches"/> are tried or <see cref="Outcome"/> is the decision.
/// </summary>
public sealed record CompensationBranch(
    string? Label,
    CompensationCondition? When,
    IReadOnlyList<CompensationBranch>? Branches,
    CompensationOutcome? Outcome,
    SourceLocation Location);

/// <summary>What the owner knows when deciding compensation (R-CMP-2).</summary>
/// <param name="Loss">The customer's loss in the tree's currency.</param>
public sealed record CompensationInput(string LevelId, string TierId, decimal Loss, FaultSide Fault, bool Repeat);

/// <summary>A branch the evaluation tested, in order; <see cref="Matched"/> ones form the path taken.</summary>
public sealed record CompensationPathStep(int Depth, string Label, string Condition, bool Matched);

/// <param name="Amount">Null for a non-monetary option.</param>
/// <param name="WithinAuthority">The owner may grant it; otherwise it needs approval by <see cref="Authority"/>.</param>
public sealed record OfferedOption(string Name, decimal? Amount, Authority Authority, bool WithinAuthority);

/// <summary>The tree's answer: the path taken and the options, each marked within the owner's authority or not.</summary>
public sealed record CompensationDecision(
    IReadOnlyList<CompensationPathStep> Path,
    IReadOnlyList<OfferedOption> Options,
    bool NeedsApproval,
    Authority? Approver,
    string? Note,
    string Currency);

/// <summary>
/// The compensation decision tree of the standard (R-CMP-2). Each list of branches is tried in
/// order and the first that holds is taken; the loader requires every list to end in "else", so
/// every input reaches exactly one outcome.
/// </summary>
public sealed record CompensationTree(string Currency, IReadOnlyList<CompensationBranch> Branches)
{
    /// <param name="owner">The authority of the person deciding: options above it need approval.</param>
    public CompensationDecision Evaluate(CompensationInput input, Authority owner, ComplaintStandard? standard = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var path = new List<CompensationPathStep>();
        var branches = Branches;
        var depth = 0;
        while (true)
        {
            CompensationBranch? taken = null;
            foreach (var branch in branches)
            {
                var matched = branch.When is null || branch.When.Matches(input);
                path.Add(new CompensationPathStep(depth, branch.Label ?? "", branch.When?.Describe(standard) ?? "否则", matched));
                if (matched)
                {
                    taken = branch;
                    break;
                }
            }

            if (taken is null)
            {
                // Only a tree built in code without a final "else" gets here; the loader forbids it.
                return new CompensationDecision(path, [], true, Authority.Supervisor, "没有匹配的分支，请主管决定。", Currency);
            }

            if (taken.Outcome is { } outcome)
            {
                return Decide(path, outcome, input, owner);
            }

            branches = taken.Branches ?? [];
            depth++;
        }
    }

    private CompensationDecision Decide(List<CompensationPathStep> path, CompensationOutcome outcome, CompensationInput input, Authority owner)
    {
        var options = outcome.Options
            .Select(o => new OfferedOption(o.Name, o.AmountFor(input.Loss), o.Authority, o.Authority <= owner))
            .ToArray();
        if (outcome.Escalate is { } escalate && escalate > owner)
        {
            return new CompensationDecision(path, [.. options.Select(o => o with { WithinAuthority = false })], true, escalate, outcome.Note, Currency);
        }

        var needsApproval = options.Length > 0 && options.All(o => !o.WithinAuthority);
        Authority? approver = needsApproval ? options.Min(o => o.Authority) : null;
        return new CompensationDecision(path, options, needsApproval, approver, outcome.Note, Currency);
    }
}

/// <summary>Chinese display names of the complaint enums (the engine's reports are Chinese first).</summary>
public static class CompensationNames
{
    public static string Fault(FaultSide fault) => fault switch
    {
        FaultSide.Company => "我方",
        FaultSide.Customer => "客户",
        FaultSide.ThirdParty => "第三方",
        _ => "待查",
    };

    public static string Authority(Authority authority) => authority switch
    {
        Complaints.Authority.Agent => "一线客服",
        Complaints.Authority.Supervisor => "主管",
        Complaints.Authority.Manager => "经理",
        _ => "危机小组",
    };
}
