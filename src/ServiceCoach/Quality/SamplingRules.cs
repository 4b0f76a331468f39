using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>A sampling rule with how many conversations it has queued and how many still wait.</summary>
public sealed record SamplingRuleView(int Id, string Name, SamplingKind Kind, string Parameter, bool Enabled, int Pending, int Total, int? TeamDailyQuota = null);

/// <summary>How many agents a tenure rule can see: those with a hire date in the staff list, and those without.</summary>
public sealed record TenureCoverage(int AgentsWithHireDate, int AgentsWithoutHireDate);

/// <summary>The outcome of adding or changing a rule: the rule, or what was wrong with the input.</summary>
public sealed record SamplingRuleResult(SamplingRule? Rule, IReadOnlyList<InputProblem> Problems)
{
    public bool Succeeded => Rule is not null && Problems.Count == 0;
}

/// <summary>
/// The rules that fill the review queue (R-QA-3/4): list, add, change, enable and disable — each
/// change audited. Parameters are validated with plain messages: a percent is 0–100, a grade must
/// exist in the active standard, a CSAT limit is 1–5, a tenure 1–3650 days, a per-team daily quota
/// empty (no cap) or 1–10000.
/// </summary>
public sealed class SamplingRules(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    public async Task<IReadOnlyList<SamplingRuleView>> ListAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.ReviewItems.AsNoTracking().Where(r => r.SamplingRuleId != null)
            .GroupBy(r => r.SamplingRuleId!.Value)
            .Select(g => new { Rule = g.Key, Total = g.Count(), Pending = g.Count(r => r.State == ReviewState.Pending) })
            .ToDictionaryAsync(x => x.Rule, cancellationToken);
        var rules = await db.SamplingRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return [.. rules.Select(r => new SamplingRuleView(r.Id, r.Name, r.Kind, r.Parameter, r.Enabled,
            counts.TryGetValue(r.Id, out var c) ? c.Pending : 0, c?.Total ?? 0, r.TeamDailyQuota))];
    }

    /// <summary>How many agents (users with an agent code) have a hire date, which tenure rules need, and how many do not.</summary>
    public async Task<TenureCoverage> TenureCoverageAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agents = await db.Users.AsNoTracking().CountAsync(u => u.AgentCode != null, cancellationToken);
        var withHireDate = await (from u in db.Users.AsNoTracking()
                                  where u.AgentCode != null
                                  where db.LearnerProfiles.Any(p => p.UserId == u.Id && p.HireDate != null)
                                  select u.Id).CountAsync(cancellationToken);
        return new TenureCoverage(withHireDate, agents - withHireDate);
    }

    public Task<SamplingRuleResult> AddAsync(Viewer viewer, string? name, SamplingKind kind, string? parameter, CancellationToken cancellationToken = default) =>
        AddAsync(viewer, name, kind, parameter, teamDailyQuota: null, cancellationToken);

    /// <param name="teamDailyQuota">At most this many conversations per team and day ("" or null: no cap).</param>
    public async Task<SamplingRuleResult> AddAsync(Viewer viewer, string? name, SamplingKind kind, string? parameter, string? teamDailyQuota, CancellationToken cancellationToken = default)
    {
        DemandManage(viewer);
        var (cleanName, cleanParameter, problems) = await ValidateAsync(name, kind, parameter, cancellationToken);
        var (quota, quotaProblem) = ValidateQuota(teamDailyQuota);
        if (quotaProblem is not null)
        {
            problems = [.. problems, quotaProblem];
        }

        if (problems.Count > 0)
        {
            return new SamplingRuleResult(null, problems);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rule = new SamplingRule { Name = cleanName, Kind = kind, Parameter = cleanParameter, Enabled = true, TeamDailyQuota = quota };
        db.SamplingRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "sampling.add", "samplingRule", Id(rule.Id), new { rule.Name, kind = rule.Kind.ToString(), rule.Parameter, rule.TeamDailyQuota });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SamplingRuleResult(rule, []);
    }

    /// <summary>Changes a rule's name and parameter (its kind stays: a different kind is a different rule); its quota stays.</summary>
    public async Task<SamplingRuleResult> UpdateAsync(Viewer viewer, int id, string? name, string? parameter, CancellationToken cancellationToken = default)
    {
        DemandManage(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.SamplingRules.AsNoTracking().Where(r => r.Id == id).Select(r => r.TeamDailyQuota).ToListAsync(cancellationToken);
        var quota = current.Count == 0 ? null : current[0]?.ToString(CultureInfo.InvariantCulture);
        return await UpdateAsync(viewer, id, name, parameter, quota, cancellationToken);
    }

    /// <summary>Changes a rule's name, parameter and per-team daily quota ("" or null: no cap).</summary>
    public async Task<SamplingRuleResult> UpdateAsync(Viewer viewer, int id, string? name, string? parameter, string? teamDailyQuota, CancellationToken cancellationToken = default)
    {
        DemandManage(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rule = await db.SamplingRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new KeyNotFoundException($"Sampling rule {id} does not exist.");
        var (cleanName, cleanParameter, problems) = await ValidateAsync(name, rule.Kind, parameter, cancellationToken);
        var (quota, quotaProblem) = ValidateQuota(teamDailyQuota);
        if (quotaProblem is not null)
        {
            problems = [.. problems, quotaProblem];
        }

        if (problems.Count > 0)
        {
            return new SamplingRuleResult(rule, problems);
        }

        if (cleanName == rule.Name && cleanParameter == rule.Parameter && quota == rule.TeamDailyQuota)
        {
            return new SamplingRuleResult(rule, []);
        }

        AuditLog.Record(db, clock, viewer, "sampling.update", "samplingRule", Id(id), new
        {
            from = new { rule.Name, rule.Parameter, rule.TeamDailyQuota },
            to = new { Name = cleanName, Parameter = cleanParameter, TeamDailyQuota = quota },
        });
        rule.Name = cleanName;
        rule.Parameter = cleanParameter;
        rule.TeamDailyQuota = quota;
        await db.SaveChangesAsync(cancellationToken);
        return new SamplingRuleResult(rule, []);
    }

    public async Task SetEnabledAsync(Viewer viewer, int id, bool enabled, CancellationToken cancellationToken = default)
    {
        DemandManage(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rule = await db.SamplingRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new KeyNotFoundException($"Sampling rule {id} does not exist.");
        if (rule.Enabled == enabled)
        {
            return;
        }

        rule.Enabled = enabled;
        AuditLog.Record(db, clock, viewer, enabled ? "sampling.enable" : "sampling.disable", "samplingRule", Id(id), new { rule.Name });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Checks a rule's input; returns the values to store (the name trimmed, the parameter in its
    /// canonical form: "5" not " 5 %", the grade's id as the standard spells it) and the problems.
    /// </summary>
    public async Task<(string Name, string Parameter, IReadOnlyList<InputProblem> Problems)> ValidateAsync(
        string? name, SamplingKind kind, string? parameter, CancellationToken cancellationToken = default)
    {
        var problems = new List<InputProblem>();
        var cleanName = (name ?? "").Trim();
        if (cleanName.Length == 0)
        {
            problems.Add(new InputProblem("name", "请填写规则名称。", "Give the rule a name."));
        }
        else if (cleanName.Length > MaxNameLength)
        {
            problems.Add(new InputProblem("name", $"规则名称最多 {MaxNameLength} 个字。", $"The name can be at most {MaxNameLength} characters."));
        }

        var raw = (parameter ?? "").Trim();
        var clean = "";
        switch (kind)
        {
            case SamplingKind.AllFatal:
                break;
            case SamplingKind.RandomPercent:
                if (double.TryParse(raw.TrimEnd('%', '％').Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100)
                {
                    clean = percent.ToString("0.##", CultureInfo.InvariantCulture);
                }
                else
                {
                    problems.Add(new InputProblem("parameter", $"抽样比例必须是 0 到 100 之间的数字（例如 5 表示 5%），而不是「{raw}」。",
                        $"The sampling percent must be a number from 0 to 100 (e.g. 5 for 5 %), not \"{raw}\"."));
                }

                break;
            case SamplingKind.GradeAtOrBelow:
                var (_, standard) = await standards.ActiveAsync(cancellationToken);
                var grades = standard.Definition.Scorecard.Grades.OrderByDescending(g => g.Min).Select(g => g.Id).ToList();
                if (grades.FirstOrDefault(g => string.Equals(g, raw, StringComparison.OrdinalIgnoreCase)) is { } grade)
                {
                    clean = grade;
                }
                else
                {
                    var list = string.Join(", ", grades);
                    problems.Add(new InputProblem("parameter", $"当前标准中没有等级「{raw}」；可选等级：{list}。",
                        $"The active standard has no grade \"{raw}\"; its grades are {list}."));
                }

                break;
            case SamplingKind.CsatAtOrBelow:
                if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var csat) && csat is >= 1 and <= 5)
                {
                    clean = csat.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    problems.Add(new InputProblem("parameter", $"满意度上限必须是 1 到 5 之间的整数，而不是「{raw}」。",
                        $"The CSAT limit must be a whole number from 1 to 5, not \"{raw}\"."));
                }

                break;
            case SamplingKind.Tag:
            {
                var (_, active) = await standards.ActiveAsync(cancellationToken);
                var tags = active.TagDefinitions.Select(t => t.Id).ToList();
                if (tags.FirstOrDefault(t => string.Equals(t, raw, StringComparison.OrdinalIgnoreCase)) is { } tag)
                {
                    clean = tag;
                }
                else
                {
                    var list = string.Join(", ", tags);
                    problems.Add(new InputProblem("parameter", $"当前标准中没有行为标签「{raw}」；可选标签：{list}。",
                        $"The active standard has no behaviour tag \"{raw}\"; its tags are {list}."));
                }

                break;
            }

            case SamplingKind.CheckFailed:
            {
                var (_, active) = await standards.ActiveAsync(cancellationToken);
                var checks = active.CheckDefinitions.Select(c => c.Id).ToList();
                if (checks.FirstOrDefault(c => string.Equals(c, raw, StringComparison.OrdinalIgnoreCase)) is { } check)
                {
                    clean = check;
                }
                else
                {
                    problems.Add(new InputProblem("parameter", $"当前标准中没有检查项「{raw}」；请填写检查项 id，例如 {checks.FirstOrDefault()}。",
                        $"The active standard has no check \"{raw}\"; give a check id, e.g. {checks.FirstOrDefault()}."));
                }

                break;
            }

            case SamplingKind.TenureWithinDays:
                if (int.TryParse(raw.TrimEnd('天').Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= Sampling.MaxTenureDays)
                {
                    clean = days.ToString(CultureInfo.InvariantCulture);
                }
                else
                {
                    problems.Add(new InputProblem("parameter", $"入职天数必须是 1 到 {Sampling.MaxTenureDays} 之间的整数（例如 90 表示入职未满 90 天），而不是「{raw}」。",
                        $"The tenure must be a whole number of days from 1 to {Sampling.MaxTenureDays} (e.g. 90 for agents in their first 90 days), not \"{raw}\"."));
                }

                break;
            case SamplingKind.RiskAtLeast:
                if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var risk) && risk is >= 0 and <= 1)
                {
                    clean = risk.ToString("0.###", CultureInfo.InvariantCulture);
                }
                else
                {
                    problems.Add(new InputProblem("parameter", $"不满意风险下限必须是 0 到 1 之间的数字（例如 0.6），而不是「{raw}」。",
                        $"The dissatisfaction risk must be a number from 0 to 1 (e.g. 0.6), not \"{raw}\"."));
                }

                break;
            default:
                problems.Add(new InputProblem("kind", "未知的抽样方式。", "Unknown kind of rule."));
                break;
        }

        return (cleanName, clean, problems);
    }

    /// <summary>A per-team daily quota: empty means no cap, otherwise a whole number from 1 to <see cref="Sampling.MaxTeamDailyQuota"/>.</summary>
    public static (int? Quota, InputProblem? Problem) ValidateQuota(string? quota)
    {
        var raw = (quota ?? "").Trim();
        if (raw.Length == 0)
        {
            return (null, null);
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= Sampling.MaxTeamDailyQuota
            ? (value, null)
            : (null, new InputProblem("teamDailyQuota", $"每组每天上限必须留空（不限）或是 1 到 {Sampling.MaxTeamDailyQuota} 之间的整数，而不是「{raw}」。",
                $"The per-team daily quota must be empty (no cap) or a whole number from 1 to {Sampling.MaxTeamDailyQuota}, not \"{raw}\"."));
    }

    internal static void Demand(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.Review))
        {
            throw new UnauthorizedAccessException("Only reviewers may manage the review queue.");
        }
    }

    /// <summary>Changing a rule changes what is sampled in every team: only admins and QA inspectors may.</summary>
    internal static void DemandManage(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageSamplingRules))
        {
            throw new UnauthorizedAccessException("Only administrators and QA inspectors may change the sampling rules; they apply to every team.");
        }
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
