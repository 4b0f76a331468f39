using System.Net;
using System.Net.Http.Json;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>Sampling rules by a failed check, by a behaviour tag and by dissatisfaction risk: validated against the active standard, and they pick what they say.</summary>
public sealed class SamplingByOutcomeAndRiskTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ACheckFailedRule_QueuesConversationsFailingThatCheck_AndUnknownChecksTagsAndRisksAreRefused(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var failing = ReviewTestApp.UnsampledId("jargon");
        var passing = ReviewTestApp.UnsampledId("clean");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", failing), SampleConversations.Copy("s-chat-001", passing));

        var unknownCheck = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "x", kind = "checkFailed", parameter = "no-such-check" }, Cancel);
        var unknownTag = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "x", kind = "tag", parameter = "no-such-tag" }, Cancel);
        var badRisk = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "x", kind = "riskAtLeast", parameter = "1.5" }, Cancel);
        var risk = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "高风险", kind = "riskAtLeast", parameter = "0.95", enabled = false }, Cancel);
        var created = await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "术语未通过", kind = "checkFailed", parameter = "jargon-ratio" }, Cancel);
        var rule = (await created.Content.ReadFromJsonAsync<SamplingRuleResponse>(Cancel))!;
        await qa.PostAsJsonAsync("/api/v1/reviews/resample", new { ruleId = rule.Id }, Cancel);
        await qa.PutAsJsonAsync($"/api/v1/sampling-rules/{rule.Id}", new { enabled = false }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, unknownCheck.StatusCode);
        Assert.Contains("no check", await unknownCheck.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownTag.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRisk.StatusCode);
        Assert.Equal(HttpStatusCode.Created, risk.StatusCode);
        var queue = (await qa.GetFromJsonAsync<ReviewPage>($"/api/v1/reviews?rule={rule.Id}&pageSize=200", Cancel))!;
        Assert.Contains(queue.Items, i => i.ConversationId == failing);
        Assert.DoesNotContain(queue.Items, i => i.ConversationId == passing);
    }
}
