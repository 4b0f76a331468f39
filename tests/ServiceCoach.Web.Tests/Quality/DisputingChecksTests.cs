using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

public sealed class DisputingChecksTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task UpheldDispute_MakesTheCheckPass_MovesScoreGradeAndRollups_AndIsAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = app.UserWithRole(Roles.Agent);
        var id = ReviewTestApp.UnsampledId("uphold");
        // A day of its own, so the rollup rows hold this conversation alone.
        var day = new DateTime(2025, 2, 3, 0, 0, 0, DateTimeKind.Utc);
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", id, agent: agent, day: DateOnly.FromDateTime(day)));
        var before = await FiguresAsync(app, day, agent);
        Assert.Equal((87.2, "B", 0, 1), (before.Score, before.Grade, before.JargonPassed, before.JargonFailed));

        // The agent contests the failed check from the conversation page.
        using var agentPage = await CookieSession.SignInAsync(app, agent);
        Assert.Contains("对「术语占比 ≤ 5%」提出申诉", await agentPage.GetPageAsync($"/conversations/{id}"));
        var raised = await agentPage.PostFormAsync($"/conversations/{id}", $"/conversations/{id}/checks/jargon-ratio/disputes", new() { ["reason"] = "术语后面都跟了解释" });
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        Assert.Contains("dispute=raised", raised.Headers.Location!.ToString());

        // A QA inspector sees it with the evidence, and upholds it.
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var open = (await qa.GetFromJsonAsync<DisputePage>("/api/v1/disputes?state=open&pageSize=200", Cancel))!;
        var dispute = Assert.Single(open.Items, d => d.ConversationId == id);
        Assert.Equal(("jargon-ratio", "fail", "术语后面都跟了解释", agent), (dispute.CheckId, dispute.CheckOutcome, dispute.Reason, dispute.AgentId));
        var decided = await qa.PostAsJsonAsync($"/api/v1/disputes/{dispute.Id}/decision", new { decision = "uphold", comment = "同意，术语已解释" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var upheld = (await decided.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!;
        Assert.Equal(("upheld", "pass"), (upheld.State, upheld.CheckOutcome));

        var after = await FiguresAsync(app, day, agent);
        Assert.Equal((100.0, "A", 1, 0), (after.Score, after.Grade, after.JargonPassed, after.JargonFailed));
        Assert.Equal(before.AgentScoreSum + 12.8, after.AgentScoreSum, 6);
        Assert.Equal((before.GradeB - 1, before.GradeA + 1), (after.GradeB, after.GradeA));
        await using (var db = await app.DbAsync())
        {
            var disputeId = dispute.Id.ToString(CultureInfo.InvariantCulture);
            var actions = await db.AuditEntries.Where(a => a.EntityType == "dispute" && a.EntityId == disputeId).Select(a => a.Action).ToListAsync(Cancel);
            Assert.Equal(new[] { "dispute.raise", "dispute.uphold" }, actions.Order(StringComparer.Ordinal));
            var scorecardId = after.ScorecardId.ToString(CultureInfo.InvariantCulture);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "check.override" && a.EntityId == scorecardId && a.UserName == app.UserWithRole(Roles.QaInspector), Cancel));
        }

        // The agent sees the decision, on the API and on the page.
        using var agentApi = await app.ApiClientAsAsync(agent);
        var mine = (await agentApi.GetFromJsonAsync<DisputeResponse>($"/api/v1/disputes/{dispute.Id}", Cancel))!;
        Assert.Equal(("upheld", "同意，术语已解释"), (mine.State, mine.DecisionComment));
        Assert.Contains("同意，术语已解释", await agentPage.GetPageAsync("/disputes"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task RejectedDispute_OnTheDisputesPage_ChangesNothingButTheDispute(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = app.UserWithRole(Roles.Agent);
        var id = ReviewTestApp.UnsampledId("reject");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", id, agent: agent));
        using var agentApi = await app.ApiClientAsAsync(agent);
        var raised = await agentApi.PostAsJsonAsync("/api/v1/disputes", new { conversationId = id, checkId = "jargon-ratio", reason = "不同意" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var dispute = (await raised.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!;
        using var qaPage = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var noComment = await qaPage.PostFormAsync("/disputes?state=open", "/disputes?state=open", new()
        {
            ["_handler"] = $"decide-{dispute.Id}",
            ["Form.Decision"] = "reject",
            ["Form.Comment"] = "",
        });
        var rejected = await qaPage.PostFormAsync("/disputes?state=open", "/disputes?state=open", new()
        {
            ["_handler"] = $"decide-{dispute.Id}",
            ["Form.Decision"] = "reject",
            ["Form.Comment"] = "术语没有解释",
        });

        Assert.Contains("请填写处理意见", await CookieSession.TextAsync(noComment));
        Assert.Contains($"申诉 #{dispute.Id} 已驳回", await CookieSession.TextAsync(rejected));
        var after = (await agentApi.GetFromJsonAsync<DisputeResponse>($"/api/v1/disputes/{dispute.Id}", Cancel))!;
        Assert.Equal(("rejected", "fail", 87.2, "B"), (after.State, after.CheckOutcome, after.Score, after.Grade));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Agent_CannotSeeOrDisputeAnotherAgentsScorecard(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = app.UserWithRole(Roles.Agent);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var someoneElses = (await admin.GetFromJsonAsync<ConversationList>("/api/v1/conversations?pageSize=200&failedCheck=closing", Cancel))!
            .Items.First(c => c.AgentId is not null && c.AgentId != agent);
        // The other agent disputes their own check: the first agent must not see it either.
        using var other = await app.ApiClientAsAsync(someoneElses.AgentId!);
        var theirs = await other.PostAsJsonAsync("/api/v1/disputes", new { conversationId = someoneElses.Id, checkId = "closing", reason = "我结束语说了" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        var theirDispute = (await theirs.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!;
        using var api = await app.ApiClientAsAsync(agent);
        using var page = await CookieSession.SignInAsync(app, agent);

        var viaApi = await api.PostAsJsonAsync("/api/v1/disputes", new { conversationId = someoneElses.Id, checkId = "closing", reason = "x" }, Cancel);
        var viaForm = await page.PostFormAsync("/disputes", $"/conversations/{someoneElses.Id}/checks/closing/disputes", new() { ["reason"] = "x" });
        var readOne = await api.GetAsync($"/api/v1/disputes/{theirDispute.Id}", Cancel);
        var list = (await api.GetFromJsonAsync<DisputePage>("/api/v1/disputes?pageSize=200", Cancel))!;
        var decide = await api.PostAsJsonAsync($"/api/v1/disputes/{theirDispute.Id}/decision", new { decision = "uphold", comment = "x" }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, viaApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, viaForm.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readOne.StatusCode);
        Assert.All(list.Items, d => Assert.Equal(agent, d.AgentId));
        Assert.DoesNotContain(list.Items, d => d.Id == theirDispute.Id);
        Assert.Equal(HttpStatusCode.Forbidden, decide.StatusCode);
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.Disputes.CountAsync(d => d.ScorecardId == db.Scorecards.Where(s => s.Conversation!.ExternalId == someoneElses.Id).Select(s => s.Id).First(), Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Dispute_NeedsAReason_AFailedCheck_AndAtMostOneOpenPerCheck(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = app.UserWithRole(Roles.Agent);
        var id = ReviewTestApp.UnsampledId("rules");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", id, agent: agent));
        using var api = await app.ApiClientAsAsync(agent);
        using var page = await CookieSession.SignInAsync(app, agent);

        // A forged post (no antiforgery token) comes first: had it gone through, "first" below would conflict.
        var withoutToken = await page.PostWithoutTokenAsync($"/conversations/{id}/checks/jargon-ratio/disputes", new() { ["reason"] = "伪造" });
        var noReason = await api.PostAsJsonAsync("/api/v1/disputes", new { conversationId = id, checkId = "jargon-ratio", reason = "  " }, Cancel);
        var passedCheck = await api.PostAsJsonAsync("/api/v1/disputes", new { conversationId = id, checkId = "greeting", reason = "x" }, Cancel);
        var first = await api.PostAsJsonAsync("/api/v1/disputes", new { conversationId = id, checkId = "jargon-ratio", reason = "第一次" }, Cancel);
        var second = await api.PostAsJsonAsync("/api/v1/disputes", new { conversationId = id, checkId = "jargon-ratio", reason = "第二次" }, Cancel);
        var secondByForm = await page.PostFormAsync($"/conversations/{id}", $"/conversations/{id}/checks/jargon-ratio/disputes", new() { ["reason"] = "第三次" });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, passedCheck.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("dispute-error=AlreadyOpen", secondByForm.Headers.Location!.ToString());
        Assert.Contains("该检查项已有一条待处理的申诉", await page.GetPageAsync(secondByForm.Headers.Location!.ToString()));
        // Refused (400, shown as the not-found page to people), never a redirect back with the dispute raised.
        Assert.True(withoutToken.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, withoutToken.StatusCode.ToString());
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.Disputes.CountAsync(d => d.ScorecardId == db.Scorecards.Where(s => s.Conversation!.ExternalId == id).Select(s => s.Id).First(), Cancel));
    }

    private sealed record Figures(long ScorecardId, double Score, string Grade, int JargonPassed, int JargonFailed, double AgentScoreSum, int GradeA, int GradeB);

    /// <summary>The conversation's effective figures and the dashboard rollups of its day, read straight from the database.</summary>
    private static async Task<Figures> FiguresAsync(ServiceCoachApp app, DateTime day, string agent)
    {
        await using var db = await app.DbAsync();
        var card = await db.Scorecards.AsNoTracking().SingleAsync(s => s.DayUtc == day && s.AgentCode == agent, Cancel);
        var team = card.TeamId ?? 0;
        var check = await db.DailyCheckRollups.AsNoTracking().SingleAsync(r => r.DayUtc == day && r.TeamId == team && r.CheckId == "jargon-ratio", Cancel);
        var agentRow = await db.DailyAgentRollups.AsNoTracking().SingleAsync(r => r.DayUtc == day && r.TeamId == team && r.AgentCode == agent && r.Channel == Channel.Chat, Cancel);
        var grades = await db.DailyGradeRollups.AsNoTracking().Where(r => r.DayUtc == day && r.TeamId == team).ToDictionaryAsync(r => r.Grade, r => r.Conversations, Cancel);
        return new Figures(card.Id, card.Score, card.Grade, check.Passed, check.Failed, agentRow.ScoreSum, grades.GetValueOrDefault("A"), grades.GetValueOrDefault("B"));
    }
}
