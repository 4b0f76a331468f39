using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;
using ServiceCoach.Users;
using ServiceCoach.Web.Insights;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Insights;

public sealed class ReadingTheDashboardTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task EveryFigure_EqualsADirectComputationOverTheStoredScorecards(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var (first, last) = await DemoRangeAsync(app);
        var teams = await TeamIdsAsync(app);

        foreach (var (team, channel) in new (int?, Channel?)[] { (null, null), (null, Channel.Phone), (teams[0], null), (teams[1], Channel.Chat) })
        {
            var query = $"/api/v1/dashboard?from={Day(first)}&to={Day(last)}&minConversations=5" +
                (team is { } t ? $"&team={t}" : "") + (channel is { } c ? $"&channel={c.ToString().ToLowerInvariant()}" : "");

            var dashboard = (await admin.GetFromJsonAsync<DashboardResponse>(query, Cancel))!;
            var expected = await DirectAsync(app, first, last, team is { } id ? [id] : null, channel);

            Assert.True(expected.Cards.Count > 0, $"the demo data has conversations for {query}");
            AssertSameFigures(expected, dashboard, minConversations: 5);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ASupervisor_SeesOnlyTheirOwnTeams(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        const string supervisor = "supervisor1";
        using var client = await app.ApiClientAsAsync(supervisor);
        var (first, last) = await DemoRangeAsync(app);
        int[] own;
        await using (var db = await app.DbAsync())
        {
            var userId = await db.Users.Where(u => u.UserName == supervisor).Select(u => u.Id).SingleAsync(Cancel);
            own = [.. await db.TeamSupervisors.Where(s => s.UserId == userId).Select(s => s.TeamId).ToListAsync(Cancel)];
        }

        var other = (await TeamIdsAsync(app)).First(t => !own.Contains(t));

        var dashboard = (await client.GetFromJsonAsync<DashboardResponse>($"/api/v1/dashboard?from={Day(first)}&to={Day(last)}&minConversations=1", Cancel))!;
        var otherTeam = (await client.GetFromJsonAsync<DashboardResponse>($"/api/v1/dashboard?from={Day(first)}&to={Day(last)}&team={other}", Cancel))!;

        AssertSameFigures(await DirectAsync(app, first, last, own, null), dashboard, minConversations: 1);
        Assert.Equal(own.Order(), dashboard.Teams.Select(t => t.Id).Order());
        Assert.All(dashboard.WorstTeams, t => Assert.Contains(t.TeamId, own));
        Assert.All(dashboard.WorstAgents, a => Assert.Contains(a.TeamId!.Value, own));
        Assert.Equal(0, otherTeam.Totals.Conversations);
        Assert.All(otherTeam.Checks, c => Assert.Equal(0, c.Passed + c.Failed + c.NotApplicable));

        using var page = await CookieSession.SignInAsync(app, supervisor);
        var html = await page.GetPageAsync("/dashboard");
        Assert.DoesNotContain($"<option value=\"{other}\"", html);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AReviewersOverride_MovesTheDashboardFigures(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var day = DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(20_000)); // a day of its own, far from the demo data
        var id = ReviewTestApp.UnsampledId("dashboard-override");
        // s-chat-030 scores 87.2 (B), failing only jargon-ratio, whose 10 points would make it an A.
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", id, day: day));
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var query = $"/api/v1/dashboard?from={Day(day.AddDays(-1))}&to={Day(day.AddDays(1))}";
        var before = (await admin.GetFromJsonAsync<DashboardResponse>(query, Cancel))!;

        var decided = await qa.PostAsJsonAsync($"/api/v1/conversations/{id}/checks/jargon-ratio/decision", new { outcome = "pass", comment = "术语都有解释" }, Cancel);
        var after = (await admin.GetFromJsonAsync<DashboardResponse>(query, Cancel))!;

        decided.EnsureSuccessStatusCode();
        Assert.Equal((1, 87.2), (before.Totals.Conversations, before.Totals.MeanScore!.Value));
        Assert.Equal((1, 100.0), (after.Totals.Conversations, after.Totals.MeanScore!.Value));
        Assert.Equal((0, 1), Counts(before.Checks.Single(c => c.CheckId == "jargon-ratio")));
        Assert.Equal((1, 0), Counts(after.Checks.Single(c => c.CheckId == "jargon-ratio")));
        Assert.Equal((0, 1), (before.Grades.Single(g => g.Grade == "A").Conversations, before.Grades.Single(g => g.Grade == "B").Conversations));
        Assert.Equal((1, 0), (after.Grades.Single(g => g.Grade == "A").Conversations, after.Grades.Single(g => g.Grade == "B").Conversations));
        Assert.Equal(100.0, Assert.Single(after.Weeks, w => w.Figures.Conversations > 0).Figures.MeanScore);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ThePage_DrawsTheFiguresAsAccessibleSvg_NextToTablesWithTheSameFigures(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        using var api = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var figures = (await api.GetFromJsonAsync<DashboardResponse>("/api/v1/dashboard", Cancel))!;

        var html = await session.GetPageAsync("/dashboard");

        Assert.True(figures.Totals.Conversations > 0, "the demo data lies in the last eight weeks");
        Assert.Equal(8, figures.Weeks.Count);
        Assert.Contains($"data-testid=\"conversations\">{figures.Totals.Conversations}<", html);
        Assert.Contains($"data-testid=\"mean-score\">{figures.Totals.MeanScore!.Value.ToString("0.0", CultureInfo.InvariantCulture)}<", html);
        foreach (var chart in new[] { "chart-mean", "chart-fatal", "chart-volume", "chart-grades", "chart-checks" })
        {
            Assert.Contains($"role=\"img\" aria-labelledby=\"{chart}-title {chart}-desc\"", html);
        }

        var worst = figures.Checks.Where(c => c.PassRate is not null && !c.Bonus).MinBy(c => c.PassRate)!;
        Assert.Contains($"<tr id=\"check-{worst.CheckId}\">", html);
        Assert.Contains($"{worst.Name}: {(worst.PassRate!.Value * 100).ToString("0.0", CultureInfo.InvariantCulture)} %", html);
        Assert.DoesNotContain("<script>", html.Replace("<script src=", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnAgent_HasNoDashboard(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.ApiClientAsRoleAsync(Roles.Agent);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var api = await client.GetAsync("/api/v1/dashboard", Cancel);
        var page = await session.Client.GetAsync("/dashboard", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/access-denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/dashboard\"", await session.GetPageAsync("/"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task WrongFilters_AreRefusedPlainly(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.ApiClientAsRoleAsync(Roles.Admin);

        var channel = await client.GetAsync("/api/v1/dashboard?channel=fax", Cancel);
        var range = await client.GetAsync("/api/v1/dashboard?from=2026-05-02&to=2026-05-01", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, channel.StatusCode);
        Assert.Contains("chat, phone or email", await channel.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, range.StatusCode);
    }

    /// <summary>The figures computed the slow way: every stored scorecard in range, its checks read from the engine's JSON with overrides applied.</summary>
    private sealed record Direct(IReadOnlyList<(ScorecardRecord Card, Scorecard Effective)> Cards);

    private static async Task<Direct> DirectAsync(ServiceCoachApp app, DateOnly first, DateOnly last, int[]? teams, Channel? channel)
    {
        await using var db = await app.DbAsync();
        var from = DateTime.SpecifyKind(first.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        var to = DateTime.SpecifyKind(last.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        var cards = await db.Scorecards.AsNoTracking().Where(s => s.DayUtc >= from && s.DayUtc < to).ToListAsync(Cancel);
        cards = [.. cards.Where(s => (teams is null || teams.Contains(s.TeamId ?? 0)) && (channel is null || s.Channel == channel))];
        var overrides = (await db.CheckOverrides.AsNoTracking().ToListAsync(Cancel)).ToLookup(o => o.ScorecardId);
        var catalog = app.Service<StandardCatalog>();
        var result = new List<(ScorecardRecord, Scorecard)>();
        foreach (var card in cards)
        {
            var standard = await catalog.CompiledAsync(card.StandardVersionId, Cancel);
            result.Add((card, ConversationQueries.Effective(standard, ScorecardJson.Parse(card.EngineJson, standard), overrides[card.Id])));
        }

        return new Direct(result);
    }

    private static void AssertSameFigures(Direct expected, DashboardResponse actual, int minConversations)
    {
        var cards = expected.Cards;
        Assert.Equal(cards.Count, actual.Totals.Conversations);
        Assert.Equal(cards.Count(c => c.Card.Fatal), actual.Totals.Fatal);
        AssertMean(cards.Select(c => c.Card.Score), actual.Totals.MeanScore);

        foreach (var grade in actual.Grades)
        {
            Assert.Equal(cards.Count(c => c.Card.Grade == grade.Grade), grade.Conversations);
        }

        Assert.Equal(cards.Count, actual.Grades.Sum(g => g.Conversations));
        var outcomes = cards.SelectMany(c => c.Effective.Checks).GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(outcomes.Keys.Order(StringComparer.Ordinal), actual.Checks.Select(c => c.CheckId).Order(StringComparer.Ordinal));
        foreach (var check in actual.Checks)
        {
            var results = outcomes[check.CheckId];
            Assert.Equal(
                (results.Count(r => r.Outcome == CheckOutcome.Pass), results.Count(r => r.Outcome == CheckOutcome.Fail), results.Count(r => r.Outcome == CheckOutcome.Na)),
                (check.Passed, check.Failed, check.NotApplicable));
        }

        foreach (var week in actual.Weeks)
        {
            var inWeek = cards.Where(c => ISOWeek.GetYear(c.Card.DayUtc) == week.Year && ISOWeek.GetWeekOfYear(c.Card.DayUtc) == week.Week).ToList();
            Assert.Equal((inWeek.Count, inWeek.Count(c => c.Card.Fatal)), (week.Figures.Conversations, week.Figures.Fatal));
            AssertMean(inWeek.Select(c => c.Card.Score), week.Figures.MeanScore);
        }

        Assert.Equal(cards.Count, actual.Weeks.Sum(w => w.Figures.Conversations));
        var agents = cards.Where(c => c.Card.AgentCode is not null)
            .GroupBy(c => (c.Card.AgentCode!, c.Card.TeamId))
            .Where(g => g.Count() >= minConversations)
            .Select(g => (Agent: g.Key.Item1, Conversations: g.Count(), Mean: Rounded(g.Average(c => c.Card.Score))))
            .OrderBy(a => a.Mean).ThenByDescending(a => a.Conversations).ThenBy(a => a.Agent, StringComparer.Ordinal)
            .Take(10)
            .ToList();
        Assert.Equal(agents.Select(a => (a.Agent, a.Conversations)), actual.WorstAgents.Select(a => (a.AgentCode, a.Figures.Conversations)));
        var teams = cards.Where(c => c.Card.TeamId is not null)
            .GroupBy(c => c.Card.TeamId!.Value)
            .Where(g => g.Count() >= minConversations)
            .Select(g => (Team: g.Key, Conversations: g.Count(), Mean: Rounded(g.Average(c => c.Card.Score))))
            .OrderBy(t => t.Mean).ThenByDescending(t => t.Conversations)
            .ToList();
        Assert.Equal(teams.Select(t => (t.Team, t.Conversations)), actual.WorstTeams.Select(t => (t.TeamId, t.Figures.Conversations)));
    }

    /// <summary>The dashboard ranks by the mean it shows: rounded to two decimals.</summary>
    private static double Rounded(double mean) => Math.Round(mean, 2, MidpointRounding.AwayFromZero);

    private static void AssertMean(IEnumerable<double> scores, double? actual)
    {
        var list = scores.ToList();
        if (list.Count == 0)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.True(Math.Abs(list.Average() - actual.Value) <= 0.005 + 1e-9, $"mean {list.Average()} vs dashboard {actual}");
    }

    private static (int Passed, int Failed) Counts(ServiceCoach.Insights.DashboardCheck check) => (check.Passed, check.Failed);

    private static async Task<(DateOnly First, DateOnly Last)> DemoRangeAsync(ServiceCoachApp app)
    {
        await using var db = await app.DbAsync();
        var days = await db.Scorecards.Where(s => s.Conversation!.ExternalId.StartsWith("demo-")).Select(s => s.DayUtc).ToListAsync(Cancel);
        return (DateOnly.FromDateTime(days.Min()), DateOnly.FromDateTime(days.Max()));
    }

    private static async Task<int[]> TeamIdsAsync(ServiceCoachApp app)
    {
        await using var db = await app.DbAsync();
        return [.. await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(Cancel)];
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
