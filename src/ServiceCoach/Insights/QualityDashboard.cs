using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Insights;

/// <summary>What the dashboard shows; every filter optional.</summary>
public sealed record DashboardFilter
{
    /// <summary>First day included (a day in the organisation's time zone, <see cref="OrganisationTime"/>); default: the Monday seven weeks before this week's, so eight ISO weeks show.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day included (organisation's time zone); default: today there.</summary>
    public DateOnly? To { get; init; }

    public int? TeamId { get; init; }

    public Channel? Channel { get; init; }

    /// <summary>An agent or team enters the "worst" lists only with at least this many conversations; default <see cref="QualityDashboard.DefaultMinConversations"/>.</summary>
    public int? MinConversations { get; init; }
}

/// <summary>Conversations, mean score and fatal failures of a set of conversations.</summary>
/// <param name="MeanScore">Mean effective score, rounded to two decimals; null without conversations.</param>
public sealed record DashboardFigures(int Conversations, double? MeanScore, int Fatal)
{
    /// <summary>Share of conversations with a failed fatal check, 0–1.</summary>
    public double? FatalRate => Conversations == 0 ? null : (double)Fatal / Conversations;

    internal static DashboardFigures From(int conversations, double scoreSum, int fatal) =>
        new(conversations, conversations == 0 ? null : Math.Round(scoreSum / conversations, 2, MidpointRounding.AwayFromZero), fatal);
}

/// <summary>A check's outcomes; the pass rate counts only the conversations where it applied.</summary>
public sealed record DashboardCheck(string CheckId, string Name, int Passed, int Failed, int NotApplicable)
{
    /// <summary>Passed ÷ (passed + failed), 0–1; null when the check never applied.</summary>
    public double? PassRate => Passed + Failed == 0 ? null : (double)Passed / (Passed + Failed);

    /// <summary>A bonus check (加分项): "passed" means the bonus was earned, and not earning it is no failure.</summary>
    public bool Bonus { get; init; }
}

public sealed record DashboardGrade(string Grade, string Name, int Conversations);

/// <summary>One ISO 8601 week (Monday to Sunday) of the trend.</summary>
public sealed record DashboardWeek(int Year, int Week, DateOnly Monday, DashboardFigures Figures)
{
    /// <summary>"2026-W47".</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Year}-W{Week:00}");
}

public sealed record DashboardAgent(string AgentCode, int? TeamId, string? TeamName, DashboardFigures Figures);

public sealed record DashboardTeam(int TeamId, string TeamName, DashboardFigures Figures);

public sealed record DashboardTeamOption(int Id, string Name);

/// <summary>The dashboard for one filter, as one viewer may see it.</summary>
/// <param name="From">First day included (organisation's time zone).</param>
/// <param name="To">Last day included (organisation's time zone).</param>
/// <param name="Teams">The teams the viewer may filter by.</param>
public sealed record QualityDashboardResult(
    DateOnly From, DateOnly To, int? TeamId, Channel? Channel, int MinConversations,
    DashboardFigures Totals,
    IReadOnlyList<DashboardCheck> Checks,
    IReadOnlyList<DashboardGrade> Grades,
    IReadOnlyList<DashboardWeek> Weeks,
    IReadOnlyList<DashboardAgent> WorstAgents,
    IReadOnlyList<DashboardTeam> WorstTeams,
    IReadOnlyList<DashboardTeamOption> Teams);

/// <summary>
/// Team-wide quality figures (R-QA-2, R-TEAM-1) read ONLY from the daily rollups, which the
/// scoring jobs and reviewers' overrides keep current, so the cost depends on days × teams ×
/// agents in the range, not on the number of conversations. Supervisors see their own teams;
/// admins, QA inspectors and trainers see everything; agents have no dashboard.
/// </summary>
public sealed class QualityDashboard(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock, OrganisationTime organisationTime)
{
    public const int DefaultWeeks = 8;
    public const int DefaultMinConversations = 10;

    /// <summary>The longest range one request may cover: five years of weeks is already a long page.</summary>
    public const int MaxDays = 5 * 366;

    /// <summary>How many agents and teams the "worst" lists show.</summary>
    public const int WorstCount = 10;

    public async Task<QualityDashboardResult> GetAsync(Viewer viewer, DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        if (!viewer.Can(Policies.ViewDashboards))
        {
            throw new UnauthorizedAccessException("Only supervisors, QA inspectors, trainers and admins see dashboards.");
        }

        if (!TryResolveRange(filter, out var from, out var to, out var problem))
        {
            throw new ArgumentException(problem, nameof(filter));
        }

        var minConversations = Math.Max(1, filter.MinConversations ?? DefaultMinConversations);
        var fromDay = DateTime.SpecifyKind(from.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        var toExclusiveDay = DateTime.SpecifyKind(to.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teamNames = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new DashboardTeamOption(t.Id, t.Name)).ToListAsync(cancellationToken);
        var visibleTeams = viewer.SeesEverything ? teamNames : [.. teamNames.Where(t => viewer.IsInRole(Roles.Supervisor) && viewer.TeamIds.Contains(t.Id))];

        // Which TeamId values the figures may include: null = all (team 0, "no team", included).
        int[]? teams = viewer.SeesEverything ? null : [.. visibleTeams.Select(t => t.Id)];
        if (filter.TeamId is { } team)
        {
            teams = teams is null || teams.Contains(team) ? [team] : [];
        }

        var (checkNames, gradeBands, bonusChecks) = await NamesAsync(cancellationToken);
        var weeks = WeeksOf(from, to);
        if (teams is { Length: 0 })
        {
            return new QualityDashboardResult(from, to, filter.TeamId, filter.Channel, minConversations, DashboardFigures.From(0, 0, 0),
                [], [.. gradeBands.Select(b => new DashboardGrade(b.Id, b.Name, 0))], weeks, [], [], visibleTeams);
        }

        var agentRows = db.DailyAgentRollups.AsNoTracking().Where(r => r.DayUtc >= fromDay && r.DayUtc < toExclusiveDay);
        var gradeRows = db.DailyGradeRollups.AsNoTracking().Where(r => r.DayUtc >= fromDay && r.DayUtc < toExclusiveDay);
        var checkRows = db.DailyCheckRollups.AsNoTracking().Where(r => r.DayUtc >= fromDay && r.DayUtc < toExclusiveDay);
        if (teams is [var single])
        {
            agentRows = agentRows.Where(r => r.TeamId == single);
            gradeRows = gradeRows.Where(r => r.TeamId == single);
            checkRows = checkRows.Where(r => r.TeamId == single);
        }
        else if (teams is not null)
        {
            agentRows = agentRows.Where(r => teams.Contains(r.TeamId));
            gradeRows = gradeRows.Where(r => teams.Contains(r.TeamId));
            checkRows = checkRows.Where(r => teams.Contains(r.TeamId));
        }

        if (filter.Channel is { } channel)
        {
            agentRows = agentRows.Where(r => r.Channel == channel);
            gradeRows = gradeRows.Where(r => r.Channel == channel);
            checkRows = checkRows.Where(r => r.Channel == channel);
        }

        var byDayAndTeam = await agentRows
            .GroupBy(r => new { r.DayUtc, r.TeamId })
            .Select(g => new { g.Key.DayUtc, g.Key.TeamId, Conversations = g.Sum(r => r.Conversations), ScoreSum = g.Sum(r => r.ScoreSum), Fatal = g.Sum(r => r.Fatal) })
            .ToListAsync(cancellationToken);
        var byAgent = await agentRows
            .Where(r => r.AgentCode != "")
            .GroupBy(r => new { r.AgentCode, r.TeamId })
            .Select(g => new { g.Key.AgentCode, g.Key.TeamId, Conversations = g.Sum(r => r.Conversations), ScoreSum = g.Sum(r => r.ScoreSum), Fatal = g.Sum(r => r.Fatal) })
            .ToListAsync(cancellationToken);
        var byCheck = await checkRows
            .GroupBy(r => r.CheckId)
            .Select(g => new { CheckId = g.Key, Passed = g.Sum(r => r.Passed), Failed = g.Sum(r => r.Failed), Na = g.Sum(r => r.NotApplicable) })
            .ToListAsync(cancellationToken);
        var byGrade = await gradeRows
            .GroupBy(r => r.Grade)
            .Select(g => new { Grade = g.Key, Conversations = g.Sum(r => r.Conversations) })
            .ToListAsync(cancellationToken);

        var totals = DashboardFigures.From(byDayAndTeam.Sum(r => r.Conversations), byDayAndTeam.Sum(r => r.ScoreSum), byDayAndTeam.Sum(r => r.Fatal));

        var perWeek = byDayAndTeam
            .GroupBy(r => WeekKey(DateOnly.FromDateTime(r.DayUtc)))
            .ToDictionary(g => g.Key, g => DashboardFigures.From(g.Sum(r => r.Conversations), g.Sum(r => r.ScoreSum), g.Sum(r => r.Fatal)));
        var trend = weeks.Select(w => perWeek.TryGetValue((w.Year, w.Week), out var figures) ? w with { Figures = figures } : w).ToList();

        var nameOf = teamNames.ToDictionary(t => t.Id, t => t.Name);
        var worstTeams = byDayAndTeam
            .Where(r => r.TeamId != 0)
            .GroupBy(r => r.TeamId)
            .Select(g => new DashboardTeam(g.Key, nameOf.GetValueOrDefault(g.Key) ?? $"#{g.Key}", DashboardFigures.From(g.Sum(r => r.Conversations), g.Sum(r => r.ScoreSum), g.Sum(r => r.Fatal))))
            .Where(t => t.Figures.Conversations >= minConversations)
            .OrderBy(t => t.Figures.MeanScore).ThenByDescending(t => t.Figures.Conversations).ThenBy(t => t.TeamName, StringComparer.Ordinal)
            .Take(WorstCount)
            .ToList();
        var worstAgents = byAgent
            .Select(a => new DashboardAgent(a.AgentCode, a.TeamId == 0 ? null : a.TeamId, a.TeamId == 0 ? null : nameOf.GetValueOrDefault(a.TeamId), DashboardFigures.From(a.Conversations, a.ScoreSum, a.Fatal)))
            .Where(a => a.Figures.Conversations >= minConversations)
            .OrderBy(a => a.Figures.MeanScore).ThenByDescending(a => a.Figures.Conversations).ThenBy(a => a.AgentCode, StringComparer.Ordinal)
            .Take(WorstCount)
            .ToList();

        var checkOrder = checkNames.Keys.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index, StringComparer.Ordinal);
        var checks = byCheck
            .Where(c => c.Passed + c.Failed + c.Na > 0)
            .Select(c => new DashboardCheck(c.CheckId, checkNames.GetValueOrDefault(c.CheckId) ?? c.CheckId, c.Passed, c.Failed, c.Na) { Bonus = bonusChecks.Contains(c.CheckId) })
            .OrderBy(c => checkOrder.GetValueOrDefault(c.CheckId, int.MaxValue)).ThenBy(c => c.CheckId, StringComparer.Ordinal)
            .ToList();

        var gradeCounts = byGrade.ToDictionary(g => g.Grade, g => g.Conversations, StringComparer.Ordinal);
        var grades = gradeBands.Select(b => new DashboardGrade(b.Id, b.Name, gradeCounts.GetValueOrDefault(b.Id)))
            .Concat(byGrade.Where(g => g.Conversations != 0 && gradeBands.All(b => b.Id != g.Grade)).OrderBy(g => g.Grade, StringComparer.Ordinal).Select(g => new DashboardGrade(g.Grade, g.Grade, g.Conversations)))
            .ToList();

        return new QualityDashboardResult(from, to, filter.TeamId, filter.Channel, minConversations, totals, checks, grades, trend, worstAgents, worstTeams, visibleTeams);
    }

    /// <summary>
    /// The days a filter covers: its own, or by default the eight ISO weeks up to today. False,
    /// with the reason, for a range that starts after it ends, is longer than <see cref="MaxDays"/>
    /// or ends on the calendar's last day (the day after it must exist).
    /// </summary>
    public bool TryResolveRange(DashboardFilter filter, out DateOnly from, out DateOnly to, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var today = organisationTime.Today(clock);
        to = filter.To ?? today;
        problem = null;
        if (to == DateOnly.MaxValue)
        {
            from = to;
            problem = $"'to' ({to:yyyy-MM-dd}) is the calendar's last day; choose an earlier one.";
            return false;
        }

        from = filter.From ?? (to.DayNumber < 7 * DefaultWeeks ? DateOnly.MinValue : MondayOf(to).AddDays(-7 * (DefaultWeeks - 1)));
        if (from > to)
        {
            problem = $"The range starts ({from:yyyy-MM-dd}) after it ends ({to:yyyy-MM-dd}).";
        }
        else if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            problem = $"The range from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is longer than {MaxDays} days; ask for at most five years at a time.";
        }

        return problem is null;
    }

    /// <summary>Check names and grade bands of the active standard: the names and order the dashboard shows.</summary>
    private async Task<(Dictionary<string, string> Checks, IReadOnlyList<(string Id, string Name)> Grades, HashSet<string> Bonus)> NamesAsync(CancellationToken cancellationToken)
    {
        var (_, standard) = await standards.ActiveAsync(cancellationToken);
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        var bonus = new HashSet<string>(StringComparer.Ordinal);
        foreach (var check in standard.CheckDefinitions)
        {
            checks.TryAdd(check.Id, check.Name);
            if (check.Bonus)
            {
                bonus.Add(check.Id);
            }
        }

        return (checks, [.. standard.Definition.Scorecard.Grades.OrderByDescending(g => g.Min).Select(g => (g.Id, g.Name))], bonus);
    }

    private static (int Year, int Week) WeekKey(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return (ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));
    }

    private static DateOnly MondayOf(DateOnly day)
    {
        var (year, week) = WeekKey(day);
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
    }

    /// <summary>Every ISO week that overlaps [from, to], with no conversations yet.</summary>
    private static List<DashboardWeek> WeeksOf(DateOnly from, DateOnly to)
    {
        var weeks = new List<DashboardWeek>();
        for (var monday = MondayOf(from); monday <= to; monday = monday.AddDays(7))
        {
            var (y, w) = WeekKey(monday);
            weeks.Add(new DashboardWeek(y, w, monday, DashboardFigures.From(0, 0, 0)));
        }

        return weeks;
    }
}
