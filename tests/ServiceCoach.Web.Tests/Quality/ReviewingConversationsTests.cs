using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

public sealed class ReviewingConversationsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Scoring_FillsTheQueue_WithWhyEachWasSampled(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unhappy = ReviewTestApp.UnsampledId("csat1");
        var happy = ReviewTestApp.UnsampledId("csat5");
        // Both score 100 (A, nothing fatal): only the CSAT ≤ 2 rule can pick the unhappy one.
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-001", unhappy, csat: 1), SampleConversations.Copy("s-chat-001", happy, csat: 5));
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var rules = (await qa.GetFromJsonAsync<SamplingRuleResponse[]>("/api/v1/sampling-rules", Cancel))!;
        var csatRule = rules.Single(r => r.Kind == "csatAtOrBelow" && r.Parameter == "2");

        var queue = (await qa.GetFromJsonAsync<ReviewPage>("/api/v1/reviews?pageSize=200", Cancel))!;

        var item = Assert.Single(queue.Items, i => i.ConversationId == unhappy);
        Assert.Equal((csatRule.Id, csatRule.Name, "pending", 1), (item.RuleId, item.Reason, item.State, item.Csat));
        Assert.DoesNotContain(queue.Items, i => i.ConversationId == happy);
        Assert.Equal(unhappy, queue.Items.OrderByDescending(i => i.QueuedAt).ThenByDescending(i => i.Id).First(i => i.ConversationId == unhappy || i.ConversationId == happy).ConversationId);

        using var page = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var html = await page.GetPageAsync($"/review?rule={csatRule.Id}");
        Assert.Contains(unhappy, html);
        Assert.Contains(csatRule.Name, html);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task MarkingDone_OnTheConversationPage_TakesItOutOfThePendingQueue_AndIsAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var id = ReviewTestApp.UnsampledId("done");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-001", id, csat: 1));
        var inspector = app.UserWithRole(Roles.QaInspector);
        using var page = await CookieSession.SignInAsync(app, inspector);
        Assert.Contains("标记复核完成", await page.GetPageAsync($"/conversations/{id}"));

        var response = await page.PostFormAsync($"/conversations/{id}", $"/conversations/{id}/review/done", new());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("review=done", response.Headers.Location!.ToString());
        Assert.Contains("复核已完成", await page.GetPageAsync($"/conversations/{id}"));
        Assert.Contains(id, await page.GetPageAsync("/review?state=done"));
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var pending = (await qa.GetFromJsonAsync<ReviewPage>("/api/v1/reviews?pageSize=200", Cancel))!;
        Assert.DoesNotContain(pending.Items, i => i.ConversationId == id);
        var done = (await qa.GetFromJsonAsync<ReviewPage>("/api/v1/reviews?state=done&pageSize=200", Cancel))!;
        var item = Assert.Single(done.Items, i => i.ConversationId == id);
        Assert.Equal(inspector, item.CompletedBy);
        await using var db = await app.DbAsync();
        var scorecardId = await db.Scorecards.Where(s => s.Conversation!.ExternalId == id).Select(s => s.Id).SingleAsync(Cancel);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "review.complete" && a.EntityId == scorecardId.ToString(System.Globalization.CultureInfo.InvariantCulture), Cancel);
        Assert.Equal(inspector, audit.UserName);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task SamplingRules_RefuseWrongParametersPlainly_AndAuditChanges(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);

        async Task<string> RefusedAsync(object rule)
        {
            var response = await qa.PostAsJsonAsync("/api/v1/sampling-rules", rule, Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync(Cancel);
        }

        Assert.Contains("from 0 to 100", await RefusedAsync(new { name = "too many", kind = "randomPercent", parameter = "150" }));
        Assert.Contains("its grades are A, B, C, D", await RefusedAsync(new { name = "no such grade", kind = "gradeAtOrBelow", parameter = "Z" }));
        Assert.Contains("from 1 to 5", await RefusedAsync(new { name = "csat six", kind = "csatAtOrBelow", parameter = "6" }));
        Assert.Contains("name", await RefusedAsync(new { name = " ", kind = "allFatal" }));

        var created = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "C 及以下（停用）", kind = "gradeAtOrBelow", parameter = "c", enabled = false }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = (await created.Content.ReadFromJsonAsync<SamplingRuleResponse>(Cancel))!;
        Assert.Equal(("C", false), (rule.Parameter, rule.Enabled));
        await using var db = await app.DbAsync();
        var ruleId = rule.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.EntityType == "samplingRule" && a.EntityId == ruleId && (a.Action == "sampling.add" || a.Action == "sampling.disable"), Cancel));

        // The page says the same in Chinese, in the page, without a 500.
        using var page = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var response = await page.PostFormAsync("/review/rules", "/review/rules", new()
        {
            ["_handler"] = "add-rule",
            ["Add.Name"] = "随机",
            ["Add.Kind"] = "RandomPercent",
            ["Add.Parameter"] = "abc",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("抽样比例必须是 0 到 100 之间的数字", await CookieSession.TextAsync(response));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Resample_TriesANewRuleOnAlreadyScoredConversations(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var id = ReviewTestApp.UnsampledId("history");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-001", id, csat: 3));
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        Assert.DoesNotContain((await qa.GetFromJsonAsync<ReviewPage>("/api/v1/reviews?pageSize=200", Cancel))!.Items, i => i.ConversationId == id);
        var rule = (await (await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "满意度 ≤ 3 试行", kind = "csatAtOrBelow", parameter = "3" }, Cancel))
            .Content.ReadFromJsonAsync<SamplingRuleResponse>(Cancel))!;

        var resampled = await qa.PostAsJsonAsync("/api/v1/reviews/resample", new { ruleId = rule.Id }, Cancel);
        var again = await qa.PostAsJsonAsync("/api/v1/reviews/resample", new { ruleId = rule.Id }, Cancel);
        await qa.PutAsJsonAsync($"/api/v1/sampling-rules/{rule.Id}", new { enabled = false }, Cancel);

        Assert.True((await resampled.Content.ReadFromJsonAsync<ResampleResponse>(Cancel))!.Added >= 1);
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<ResampleResponse>(Cancel))!.Added);
        var queue = (await qa.GetFromJsonAsync<ReviewPage>($"/api/v1/reviews?rule={rule.Id}&pageSize=200", Cancel))!;
        Assert.Contains(queue.Items, i => i.ConversationId == id && i.Reason == "满意度 ≤ 3 试行");
        Assert.All(queue.Items, i => Assert.True(i.Csat <= 3));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task DecisionApi_OverridesACheck_AndAnswersTheNewScorecard(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var id = ReviewTestApp.UnsampledId("decide");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", id));
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        using var agent = await app.ApiClientAsRoleAsync(Roles.Agent);

        var forbidden = await agent.PostAsJsonAsync($"/api/v1/conversations/{id}/checks/jargon-ratio/decision", new { outcome = "pass" }, Cancel);
        var unknownCheck = await qa.PostAsJsonAsync($"/api/v1/conversations/{id}/checks/no-such-check/decision", new { outcome = "pass" }, Cancel);
        var badOutcome = await qa.PostAsJsonAsync($"/api/v1/conversations/{id}/checks/jargon-ratio/decision", new { outcome = "maybe" }, Cancel);
        var decided = await qa.PostAsJsonAsync($"/api/v1/conversations/{id}/checks/jargon-ratio/decision", new { outcome = "pass", comment = "术语都有解释" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownCheck.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var scorecard = await decided.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("\"score\":100", scorecard);
        Assert.Contains("\"grade\":\"A\"", scorecard);
        Assert.Equal(scorecard, await qa.GetStringAsync($"/api/v1/conversations/{id}/scorecard", Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Queue_IsScopedToTheViewer(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        using var supervisor = await app.ApiClientAsRoleAsync(Roles.Supervisor);
        using var agent = await app.ApiClientAsRoleAsync(Roles.Agent);

        var all = (await qa.GetFromJsonAsync<ReviewPage>("/api/v1/reviews?pageSize=200", Cancel))!;
        var theirs = (await supervisor.GetFromJsonAsync<ReviewPage>("/api/v1/reviews?pageSize=200", Cancel))!;

        Assert.NotEmpty(theirs.Items);
        Assert.True(theirs.Total < all.Total, $"{theirs.Total} of {all.Total}");
        Assert.Single(theirs.Items.Select(i => i.Team).Distinct());
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/reviews", Cancel)).StatusCode);
        var otherTeams = all.Items.First(i => i.Team != theirs.Items[0].Team);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsync($"/api/v1/reviews/{otherTeams.Id}/done", null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"/api/v1/reviews/{otherTeams.Id}/done", null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsync($"/api/v1/reviews/{theirs.Items[0].Id}/done", null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsync($"/api/v1/reviews/{theirs.Items[0].Id}/done", null, Cancel)).StatusCode);
        using var agentPage = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));
        Assert.DoesNotContain("复核队列</h1>", await agentPage.GetPageAsync("/review"));
    }
}
