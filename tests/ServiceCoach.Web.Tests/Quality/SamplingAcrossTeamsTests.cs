using System.Net;
using System.Net.Http.Json;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// The sampling rules are organisation-wide: only administrators and QA inspectors change them. A
/// supervisor may apply them to history, and then only their own teams' conversations are queued.
/// </summary>
public sealed class SamplingAcrossTeamsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>supervisor2 leads 售后二组 (agents a-104…a-106); a-101 is in 售后一组.</summary>
    private const string Supervisor = "supervisor2";

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ASupervisor_CannotAddChangeOrSwitchOffTheOrganisationsRules(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        using var supervisor = await app.ApiClientAsAsync(Supervisor);
        var rules = (await qa.GetFromJsonAsync<SamplingRuleResponse[]>("/api/v1/sampling-rules", Cancel))!;
        var enabled = rules.First(r => r.Enabled);

        var add = await supervisor.PostAsJsonAsync("/api/v1/sampling-rules", new { name = "planted", kind = "allFatal" }, Cancel);
        var disable = await supervisor.PutAsJsonAsync($"/api/v1/sampling-rules/{enabled.Id}", new { enabled = false }, Cancel);
        var rename = await supervisor.PutAsJsonAsync($"/api/v1/sampling-rules/{enabled.Id}", new { name = "renamed" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
        var after = (await supervisor.GetFromJsonAsync<SamplingRuleResponse[]>("/api/v1/sampling-rules", Cancel))!;
        Assert.Equal(rules.Select(r => (r.Id, r.Name, r.Enabled)), after.Select(r => (r.Id, r.Name, r.Enabled)));

        using var page = await CookieSession.SignInAsync(app, Supervisor);
        var html = await page.GetPageAsync("/review/rules");
        Assert.DoesNotContain("add-rule", html, StringComparison.Ordinal);
        Assert.Contains("只有管理员和质检员可以修改", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ASupervisorsResample_QueuesOnlyTheirOwnTeamsConversations(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var own = ReviewTestApp.UnsampledId("own-team");
        var other = ReviewTestApp.UnsampledId("other-team");
        await app.ImportAndScoreAsync(
            SampleConversations.Copy("s-chat-001", own, agent: "a-104", csat: 3),
            SampleConversations.Copy("s-chat-001", other, agent: "a-101", csat: 3));
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        using var supervisor = await app.ApiClientAsAsync(Supervisor);
        // Disabled, so only the resample below queues anything under it (scoring in the background does not).
        var rule = (await (await qa.PostAsJsonAsync("/api/v1/sampling-rules", new { name = $"csat-{Guid.NewGuid():N}", kind = "csatAtOrBelow", parameter = "3", enabled = false }, Cancel))
            .Content.ReadFromJsonAsync<SamplingRuleResponse>(Cancel))!;

        var resampled = await supervisor.PostAsJsonAsync("/api/v1/reviews/resample", new { ruleId = rule.Id }, Cancel);

        Assert.Equal(HttpStatusCode.OK, resampled.StatusCode);
        var queue = (await qa.GetFromJsonAsync<ReviewPage>($"/api/v1/reviews?rule={rule.Id}&pageSize=200", Cancel))!;
        Assert.Contains(queue.Items, i => i.ConversationId == own);
        Assert.DoesNotContain(queue.Items, i => i.ConversationId == other);
        foreach (var item in queue.Items)
        {
            // The team shown is the one imported; what counts is that the supervisor sees each conversation.
            using var visible = await supervisor.GetAsync($"/api/v1/conversations/{Uri.EscapeDataString(item.ConversationId)}", Cancel);
            Assert.True(visible.StatusCode == HttpStatusCode.OK, $"{item.ConversationId} ({item.Team}) was queued but supervisor2 may not see it");
        }

        Assert.Equal(queue.Total, (await resampled.Content.ReadFromJsonAsync<ResampleResponse>(Cancel))!.Added);
    }
}
