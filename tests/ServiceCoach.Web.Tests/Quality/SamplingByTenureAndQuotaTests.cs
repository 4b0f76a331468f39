using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// Sampling rules by agent tenure (the hire date of the staff list) and with a per-team daily quota, on both
/// databases: the form and the API validate them, a resample picks what they say, only from the caller's teams,
/// and the same places every time.
/// </summary>
public sealed class SamplingByTenureAndQuotaTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>supervisor2 leads 售后二组 (agents a-104…a-106); a-101 is in 售后一组.</summary>
    private const string Supervisor = "supervisor2";

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ATenureRule_QueuesNewHiresConversations_NotThoseOfLongServingAgentsOrAgentsWithoutAHireDate(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var today = app.Service<OrganisationTime>().Today(app.Service<TimeProvider>());
        await SetHireDateAsync(app, "a-105", today.AddDays(-10));
        await SetHireDateAsync(app, "a-106", today.AddDays(-400));
        var newHire = ReviewTestApp.UnsampledId("new-hire");
        var veteran = ReviewTestApp.UnsampledId("veteran");
        var unknown = ReviewTestApp.UnsampledId("no-hire-date");
        await app.ImportAndScoreAsync(
            SampleConversations.Copy("s-chat-001", newHire, agent: "a-105", csat: 3),
            SampleConversations.Copy("s-chat-001", veteran, agent: "a-106", csat: 3),
            SampleConversations.Copy("s-chat-001", unknown, agent: $"x-{Guid.NewGuid():N}"[..12], csat: 3));
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);

        var tooLong = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "x", kind = "tenureWithinDays", parameter = "3651" }, Cancel);
        var created = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = $"新人-{Guid.NewGuid():N}", kind = "tenureWithinDays", parameter = "90", enabled = false }, Cancel);
        var rule = (await created.Content.ReadFromJsonAsync<SamplingRuleResponse>(Cancel))!;
        var resampled = await qa.PostAsJsonAsync("/api/v1/reviews/resample", new { ruleId = rule.Id }, Cancel);

        Assert.True(resampled.IsSuccessStatusCode, await resampled.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("tenureWithinDays", rule.Kind);
        var queue = (await qa.GetFromJsonAsync<ReviewPage>($"/api/v1/reviews?rule={rule.Id}&pageSize=200", Cancel))!;
        Assert.Contains(queue.Items, i => i.ConversationId == newHire);
        Assert.DoesNotContain(queue.Items, i => i.ConversationId == veteran);
        Assert.DoesNotContain(queue.Items, i => i.ConversationId == unknown);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AQuotaRule_QueuesAtMostItsQuotaPerTeamAndDay_FirstScoredFirst_AndASupervisorsResampleStaysInTheirTeams(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var day = new DateOnly(2026, 1, 15);
        var ownFirst = ReviewTestApp.UnsampledId("quota-1");
        var ownSecond = ReviewTestApp.UnsampledId("quota-2");
        var ownThird = ReviewTestApp.UnsampledId("quota-3");
        var ownNextDay = ReviewTestApp.UnsampledId("quota-next-day");
        var otherTeam = ReviewTestApp.UnsampledId("quota-other-team");
        await app.ImportAndScoreAsync(
            SampleConversations.Copy("s-chat-001", ownFirst, agent: "a-104", day: day, csat: 3),
            SampleConversations.Copy("s-chat-001", ownSecond, agent: "a-105", day: day, csat: 3),
            SampleConversations.Copy("s-chat-001", ownThird, agent: "a-104", day: day, csat: 3),
            SampleConversations.Copy("s-chat-001", ownNextDay, agent: "a-104", day: day.AddDays(1), csat: 3),
            SampleConversations.Copy("s-chat-001", otherTeam, agent: "a-101", day: day, csat: 3));
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        using var supervisor = await app.ApiClientAsAsync(Supervisor);
        var badQuota = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "x", kind = "csatAtOrBelow", parameter = "3", teamDailyQuota = -1 }, Cancel);
        var rule = (await (await qa.PostAsJsonAsync("/api/v1/sampling-rules",
            new { name = $"quota-{Guid.NewGuid():N}", kind = "csatAtOrBelow", parameter = "3", enabled = false, teamDailyQuota = 2 }, Cancel))
            .Content.ReadFromJsonAsync<SamplingRuleResponse>(Cancel))!;
        var supervisorChange = await supervisor.PutAsJsonAsync($"/api/v1/sampling-rules/{rule.Id}", new { teamDailyQuota = 100 }, Cancel);

        var bySupervisor = await supervisor.PostAsJsonAsync("/api/v1/reviews/resample", new { ruleId = rule.Id }, Cancel);
        var afterSupervisor = await QueuedAsync(qa, rule.Id);
        var byQa = await qa.PostAsJsonAsync("/api/v1/reviews/resample", new { ruleId = rule.Id }, Cancel);
        var again = await qa.PostAsJsonAsync("/api/v1/reviews/resample", new { ruleId = rule.Id }, Cancel);
        var afterQa = await QueuedAsync(qa, rule.Id);

        Assert.Equal(HttpStatusCode.BadRequest, badQuota.StatusCode);
        Assert.Equal(2, rule.TeamDailyQuota);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorChange.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySupervisor.StatusCode);
        // The demo's history is sampled too (two per team and day); on these days only these conversations exist.
        string[] mine = [ownFirst, ownSecond, ownThird, ownNextDay, otherTeam];
        Assert.Equal(Sorted(ownFirst, ownSecond, ownNextDay), Sorted([.. afterSupervisor.Intersect(mine)]));
        Assert.Equal(HttpStatusCode.OK, byQa.StatusCode);
        Assert.Equal(Sorted(ownFirst, ownSecond, ownNextDay, otherTeam), Sorted([.. afterQa.Intersect(mine)]));
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<ResampleResponse>(Cancel))!.Added);
        var list = (await qa.GetFromJsonAsync<SamplingRuleResponse[]>("/api/v1/sampling-rules", Cancel))!;
        Assert.Equal(2, list.Single(r => r.Id == rule.Id).TeamDailyQuota);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnEnabledQuotaRule_CapsWhatTheScoringJobsQueue_CountingWhatEarlierJobsQueuedThatDay(DatabaseProvider provider)
    {
        await using var app = await ServiceCoachApp.StartAsync(provider, seedDemo: false);
        using var admin = await app.ApiClientAsAsync(DemoSeeder.AdminUserName);
        var created = await admin.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "低满意度，每组每天一条", kind = "csatAtOrBelow", parameter = "3", teamDailyQuota = 1 }, Cancel);
        var rule = (await created.Content.ReadFromJsonAsync<SamplingRuleResponse>(Cancel))!;
        var day = new DateOnly(2026, 2, 2);

        await ImportAsync(app, admin,
            SampleConversations.Copy("s-chat-001", "q-1", day: day, csat: 3),
            SampleConversations.Copy("s-chat-001", "q-2", day: day, csat: 3),
            SampleConversations.Copy("s-chat-001", "q-3", day: day.AddDays(1), csat: 3));
        await ImportAsync(app, admin, SampleConversations.Copy("s-chat-001", "q-4", day: day, csat: 3), SampleConversations.Copy("s-chat-001", "q-5", day: day.AddDays(2), csat: 3));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["q-1", "q-3", "q-5"], Sorted([.. await QueuedAsync(admin, rule.Id)]));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheRuleForm_AddsATenureRuleWithAQuota_ChangesAndRemovesTheQuota_AuditsIt_AndRefusesABadQuota(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var name = $"新人复核-{Guid.NewGuid():N}"[..20];
        using var page = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var bad = await page.PostFormAsync("/review/rules", "/review/rules", new()
        {
            ["_handler"] = "add-rule", ["Add.Name"] = name, ["Add.Kind"] = "TenureWithinDays", ["Add.Parameter"] = "90", ["Add.Quota"] = "0",
        });
        var added = await page.PostFormAsync("/review/rules", "/review/rules", new()
        {
            ["_handler"] = "add-rule", ["Add.Name"] = name, ["Add.Kind"] = "TenureWithinDays", ["Add.Parameter"] = "90天", ["Add.Quota"] = "5",
        });
        var badText = await CookieSession.TextAsync(bad);
        var addedText = await CookieSession.TextAsync(added);
        await using var db = await app.DbAsync();
        var rule = await db.SamplingRules.AsNoTracking().SingleAsync(r => r.Name == name, Cancel);
        var changed = await page.PostFormAsync("/review/rules", "/review/rules", new()
        {
            ["_handler"] = $"rule-{rule.Id}", ["Row.Name"] = name, ["Row.Parameter"] = "30", ["Row.Quota"] = "", ["Row.Action"] = "save",
        });
        var changedText = await CookieSession.TextAsync(changed);
        // Switched off again, so it samples nothing for the other tests sharing this app.
        var toggled = await page.PostFormAsync("/review/rules", "/review/rules", new()
        {
            ["_handler"] = $"rule-{rule.Id}", ["Row.Name"] = name, ["Row.Parameter"] = "30", ["Row.Action"] = "toggle",
        });
        var after = await db.SamplingRules.AsNoTracking().SingleAsync(r => r.Id == rule.Id, Cancel);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "samplingRule" && e.EntityId == rule.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.Details }).ToListAsync(Cancel);

        Assert.Contains("每组每天上限必须留空（不限）或是 1 到 10000 之间的整数", badText, StringComparison.Ordinal);
        Assert.Equal(("90", 5), (rule.Parameter, rule.TeamDailyQuota));
        Assert.Contains("入职未满 90 天的客服的所有会话", addedText, StringComparison.Ordinal);
        Assert.Contains("每组每天最多 5 条", addedText, StringComparison.Ordinal);
        Assert.Contains("没有入职日期的客服不会被这类规则选中", addedText, StringComparison.Ordinal);
        Assert.Equal(("30", (int?)null, false), (after.Parameter, after.TeamDailyQuota, after.Enabled));
        Assert.Contains("已停用", await CookieSession.TextAsync(toggled), StringComparison.Ordinal);
        Assert.Contains("每组每天不限", changedText, StringComparison.Ordinal);
        Assert.Equal(["sampling.add", "sampling.update", "sampling.disable"], audit.Select(a => a.Action));
        Assert.Contains("\"TeamDailyQuota\":5", audit[1].Details, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ASupervisor_CannotChangeARulesQuotaThroughTheForm(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        await using var db = await app.DbAsync();
        var rule = await db.SamplingRules.AsNoTracking().OrderBy(r => r.Id).FirstAsync(Cancel);
        using var page = await CookieSession.SignInAsync(app, Supervisor);

        var response = await page.PostFormAsync("/review/rules", "/review/rules", new()
        {
            ["_handler"] = $"rule-{rule.Id}", ["Row.Name"] = rule.Name, ["Row.Parameter"] = rule.Parameter, ["Row.Quota"] = "1", ["Row.Action"] = "save",
        });

        Assert.Contains("只有管理员和质检员可以修改抽样规则", await CookieSession.TextAsync(response), StringComparison.Ordinal);
        Assert.Equal(rule.TeamDailyQuota, (await db.SamplingRules.AsNoTracking().SingleAsync(r => r.Id == rule.Id, Cancel)).TeamDailyQuota);
    }

    private static async Task ImportAsync(ServiceCoachApp app, HttpClient client, params string[] lines)
    {
        var response = await client.PostAsync("/api/v1/conversations", SampleConversations.NdJson(lines), Cancel);
        response.EnsureSuccessStatusCode();
        await app.RunScoringAsync();
    }

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private static async Task<List<string>> QueuedAsync(HttpClient client, int ruleId) =>
        [.. (await client.GetFromJsonAsync<ReviewPage>($"/api/v1/reviews?rule={ruleId}&pageSize=200", Cancel))!.Items.Select(i => i.ConversationId)];

    private static async Task SetHireDateAsync(ServiceCoachApp app, string agentCode, DateOnly hired)
    {
        await using var db = await app.DbAsync();
        var user = await db.Users.SingleAsync(u => u.AgentCode == agentCode, Cancel);
        var profile = await db.LearnerProfiles.SingleOrDefaultAsync(p => p.UserId == user.Id, Cancel);
        if (profile is null)
        {
            db.LearnerProfiles.Add(new LearnerProfile { UserId = user.Id, EmployeeId = $"E-{agentCode}", HireDate = hired });
        }
        else
        {
            profile.HireDate = hired;
        }

        await db.SaveChangesAsync(Cancel);
    }
}
