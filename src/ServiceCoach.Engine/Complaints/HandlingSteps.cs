using System.Globalization;
using ServiceCoach.Standards;

namespace ServiceCoach.Complaints;

/// <summary>A handling step the owner recorded (L-U-A-S-F or L-E-A-R-N), with its options and committed time.</summary>
public sealed record RecordedStep(string StepId, DateTimeOffset At, string? Note, IReadOnlyList<string> Options, DateTimeOffset? CommittedAt);

/// <summary>One step of the walk-through: done or not, and what the standard asks of it.</summary>
public sealed record StepProgress(string StepId, string Name, bool Done, RecordedStep? Record, StepRule? Rule);

/// <param name="Next">The first step not done yet, or null when all are.</param>
public sealed record StepWalk(string FlowId, string FlowName, IReadOnlyList<StepProgress> Steps, StepProgress? Next)
{
    public bool Complete => Next is null;
}

/// <summary>
/// The complaint page's walk through the standard's handling flow (R-CMP-3). Steps are recorded
/// in order; Resolve must offer the standard's number of options (2–3), and a step that commits
/// to a time ("Now", ≤ 30 min) must give one within its limit: that time becomes a clock.
/// </summary>
public static class HandlingSteps
{
    public static StepWalk Walk(ComplaintStandard complaints, FlowDefinition flow, IReadOnlyList<RecordedStep> recorded)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(recorded);
        var steps = flow.Steps.Select(s =>
        {
            var record = recorded.LastOrDefault(r => r.StepId == s.Id);
            return new StepProgress(s.Id, s.Name, record is not null, record, complaints.Handling.RuleFor(flow.Id, s.Id));
        }).ToArray();
        return new StepWalk(flow.Id, flow.Name, steps, steps.FirstOrDefault(s => !s.Done));
    }

    /// <summary>
    /// Problems with recording <paramref name="stepId"/> now (empty = it may be recorded). Options
    /// are trimmed; blank and repeated ones do not count.
    /// </summary>
    public static IReadOnlyList<string> Validate(
        ComplaintStandard complaints,
        FlowDefinition flow,
        IReadOnlyList<RecordedStep> recorded,
        string stepId,
        IReadOnlyList<string> options,
        DateTimeOffset? committedAt,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var walk = Walk(complaints, flow, recorded);
        var step = walk.Steps.FirstOrDefault(s => s.StepId == stepId);
        if (step is null)
        {
            return [$"流程「{flow.Name}」没有步骤「{stepId}」。"];
        }

        var problems = new List<string>();
        if (step.Done)
        {
            problems.Add($"「{step.Name}」已经记录过了。");
        }
        else if (walk.Next is { } next && next.StepId != stepId)
        {
            problems.Add($"请先完成「{next.Name}」。");
        }

        if (step.Rule is { } rule)
        {
            var distinct = CleanOptions(options).Count;
            if (rule.MinOptions is { } min && distinct < min)
            {
                problems.Add(rule.MaxOptions is { } m
                    ? $"「{step.Name}」需要给客户 {min}–{m} 个方案，现在是 {distinct} 个。"
                    : $"「{step.Name}」至少需要 {min} 个方案，现在是 {distinct} 个。");
            }

            if (rule.MaxOptions is { } max && distinct > max)
            {
                problems.Add($"「{step.Name}」最多给 {max} 个方案，现在是 {distinct} 个：太多选项会让客户更难决定。");
            }

            if ((rule.RequireCommitment || rule.CommitWithinSeconds is not null) && committedAt is null)
            {
                problems.Add($"「{step.Name}」需要承诺一个具体时间。");
            }

            if (committedAt is { } at)
            {
                if (at <= now)
                {
                    problems.Add("承诺的时间必须晚于现在。");
                }
                else if (rule.CommitWithinSeconds is { } limit && (at - now).TotalSeconds > limit)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"「{step.Name}」承诺的时间不能超过 {Duration(limit)} 之后。"));
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> CleanOptions(IEnumerable<string> options) =>
        [.. options.Select(o => (o ?? "").Trim()).Where(o => o.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>Seconds as a person says them: "30 秒", "30 分钟", "2 小时", "1 天 2 小时".</summary>
    public static string Duration(long seconds)
    {
        var negative = seconds < 0;
        var s = Math.Abs(seconds);
        var text = s switch
        {
            < 60 => $"{s} 秒",
            < 3600 when s % 60 == 0 => $"{s / 60} 分钟",
            < 3600 => $"{s / 60} 分 {s % 60} 秒",
            < 86400 when s % 3600 == 0 => $"{s / 3600} 小时",
            < 86400 => $"{s / 3600} 小时 {s % 3600 / 60} 分",
            _ when s % 86400 == 0 => $"{s / 86400} 天",
            _ => $"{s / 86400} 天 {s % 86400 / 3600} 小时",
        };
        return negative ? "-" + text : text;
    }
}
