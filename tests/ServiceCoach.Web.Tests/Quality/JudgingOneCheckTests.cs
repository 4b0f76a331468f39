using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// Disputes and overrides agree: both are human judgements on the same check, the latest one
/// stands, and the conversation page shows them all in one history. The agent hears of each.
/// </summary>
public sealed class JudgingOneCheckTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ARejectedDisputeAfterAnOverrideToPass_LeavesTheCheckFailing_AndTheHistoryShowsBoth(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = app.UserWithRole(Roles.Agent);
        var id = ReviewTestApp.UnsampledId("authority");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", id, agent: agent));

        // The agent disputes the failed check; their supervisor overrides it to pass; the inspector then rejects the dispute.
        using var agentApi = await app.ApiClientAsAsync(agent);
        var raised = await agentApi.PostAsJsonAsync("/api/v1/disputes", new { conversationId = id, checkId = "jargon-ratio", reason = "术语都解释了" }, Cancel);
        var dispute = (await raised.Content.ReadFromJsonAsync<DisputeResponse>(Cancel))!;
        using var supervisor = await CookieSession.SignInAsync(app, await app.SupervisorOfAsync(agent));
        var overridden = await supervisor.PostFormAsync($"/conversations/{id}", $"/conversations/{id}/checks/jargon-ratio/decision", new() { ["outcome"] = "pass", ["comment"] = "可以接受" });
        Assert.Equal(HttpStatusCode.Redirect, overridden.StatusCode);
        Assert.Equal("pass", (await agentApi.GetFromJsonAsync<DisputeResponse>($"/api/v1/disputes/{dispute.Id}", Cancel))!.CheckOutcome);

        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var rejected = await qa.PostAsJsonAsync($"/api/v1/disputes/{dispute.Id}/decision", new { decision = "reject", comment = "术语没有解释" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);

        // The latest judgement stands: the dispute says 维持原判 and the check fails again, score and grade with it.
        var after = (await agentApi.GetFromJsonAsync<DisputeResponse>($"/api/v1/disputes/{dispute.Id}", Cancel))!;
        Assert.Equal(("rejected", "fail", 87.2, "B"), (after.State, after.CheckOutcome, after.Score, after.Grade));
        var page = await supervisor.GetPageAsync($"/conversations/{id}");
        Assert.Contains("复核改判", page, StringComparison.Ordinal);
        Assert.Contains("申诉驳回，维持原判", page, StringComparison.Ordinal);
        Assert.Contains("已被后来的判定取代", page, StringComparison.Ordinal);
        await using var db = await app.DbAsync();
        var card = await db.Scorecards.SingleAsync(s => s.Conversation!.ExternalId == id, Cancel);
        var history = await db.CheckJudgements.Where(j => j.ScorecardId == card.Id).OrderBy(j => j.Id).Select(j => new { j.Kind, j.From, j.To }).ToListAsync(Cancel);
        Assert.Equal(
            [(JudgementKind.Override, CheckOutcome.Fail, CheckOutcome.Pass), (JudgementKind.DisputeRejected, CheckOutcome.Pass, CheckOutcome.Fail)],
            history.Select(h => (h.Kind, h.From, h.To)));

        // The agent was told of both: the override on their conversation and the decision.
        var agentId = await db.Users.Where(u => u.UserName == agent).Select(u => u.Id).FirstAsync(Cancel);
        var kinds = await db.Notifications.Where(n => n.UserId == agentId && n.Link!.Contains(id)).Select(n => n.Kind).ToListAsync(Cancel);
        Assert.Equal(["check.override", "dispute.rejected"], kinds.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ConfirmAllChangeAFew_RecordsOnlyTheChangedChecks_AndCanCompleteTheReview(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = app.UserWithRole(Roles.Agent);
        var id = ReviewTestApp.UnsampledId("bulk");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", id, agent: agent));
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var page = await qa.GetPageAsync($"/conversations/{id}");
        Assert.Contains("批量复核：全部确认，只改几项", page, StringComparison.Ordinal);

        // Every check's current outcome goes with the form, as the preselected options send it; one is changed.
        ConversationDetail detail;
        await using (var db = await app.DbAsync())
        {
            detail = (await app.Service<ConversationQueries>().GetAsync(Viewer.System, id, Cancel))!;
        }

        var fields = detail.Scorecard!.Checks
            .Select(c => new KeyValuePair<string, string>(SupervisorEndpoints.OutcomeField(c.Id), c.Id == "jargon-ratio" ? "pass" : ScorecardJsonNames.Outcome(c.Outcome)))
            .Append(new("comment", "术语已解释"));
        var posted = await qa.PostFormAsync($"/conversations/{id}", $"/conversations/{id}/review/bulk", fields);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("reviewed=1", posted.Headers.Location!.ToString(), StringComparison.Ordinal);
        await using (var db = await app.DbAsync())
        {
            var card = await db.Scorecards.SingleAsync(s => s.Conversation!.ExternalId == id, Cancel);
            Assert.Equal((100.0, "A", true), (card.Score, card.Grade, card.Reviewed));
            var judged = await db.CheckJudgements.Where(j => j.ScorecardId == card.Id).Select(j => j.CheckId).ToListAsync(Cancel);
            Assert.Equal(["jargon-ratio"], judged);
            Assert.Equal(1, await db.CheckOverrides.CountAsync(o => o.ScorecardId == card.Id, Cancel));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheDisputesPage_SaysWhoDecides_AndTellsASupervisorWhyTheyHaveNoButtons(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var supervisor = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Supervisor));
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var asSupervisor = await supervisor.GetPageAsync("/disputes");
        var asInspector = await qa.GetPageAsync("/disputes");

        Assert.Contains("谁处理申诉：质检员和管理员", asSupervisor, StringComparison.Ordinal);
        Assert.Contains("您是主管", asSupervisor, StringComparison.Ordinal);
        Assert.Contains("谁处理申诉：质检员和管理员", asInspector, StringComparison.Ordinal);
        Assert.DoesNotContain("您是主管", asInspector, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AssigningAReviewItem_NotifiesTheReviewer_AndRefusesASupervisorOfAnotherTeam(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var qaName = app.UserWithRole(Roles.QaInspector);
        string qaId, foreignSupervisorId, conversation, otherConversation;
        long itemId;
        int team;
        await using (var db = await app.DbAsync())
        {
            qaId = await db.Users.Where(u => u.UserName == qaName).Select(u => u.Id).FirstAsync(Cancel);
            var item = await (from r in db.ReviewItems
                              where r.State == ReviewState.Pending
                              join s in db.Scorecards on r.ScorecardId equals s.Id
                              where s.TeamId != null
                              orderby r.Id
                              select new { r.Id, Team = s.TeamId!.Value, s.Conversation!.ExternalId }).FirstAsync(Cancel);
            (itemId, team, conversation) = (item.Id, item.Team, item.ExternalId);
            otherConversation = await (from r in db.ReviewItems
                                       where r.State == ReviewState.Pending && r.Id != itemId && r.AssignedToUserId == null
                                       join s in db.Scorecards on r.ScorecardId equals s.Id
                                       select s.Conversation!.ExternalId).FirstAsync(Cancel);
            foreignSupervisorId = await db.TeamSupervisors.Where(s => s.TeamId != team && !db.TeamSupervisors.Any(o => o.UserId == s.UserId && o.TeamId == team))
                .Select(s => s.UserId).FirstAsync(Cancel);
        }

        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var item1 = itemId.ToString(CultureInfo.InvariantCulture);
        var foreign = await admin.PostFormAsync("/review", "/review/assign", new() { ["item"] = item1, ["reviewer"] = foreignSupervisorId });
        var assigned = await admin.PostFormAsync("/review", "/review/assign", new() { ["item"] = item1, ["reviewer"] = qaId });

        Assert.Contains("error=ReviewerCannotSee", foreign.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("assigned-count=1", assigned.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var qa = await CookieSession.SignInAsync(app, qaName);
        var mine = await qa.GetPageAsync("/review?assigned=me");
        Assert.Contains(conversation, mine, StringComparison.Ordinal);
        Assert.DoesNotContain(otherConversation, mine, StringComparison.Ordinal);
        await using (var db = await app.DbAsync())
        {
            Assert.Equal(qaId, (await db.ReviewItems.SingleAsync(r => r.Id == itemId, Cancel)).AssignedToUserId);
            Assert.True(await db.Notifications.AnyAsync(n => n.UserId == qaId && n.Kind == "review.assigned", Cancel));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "review.assign" && a.EntityId.Contains(item1), Cancel));
        }
    }
}
