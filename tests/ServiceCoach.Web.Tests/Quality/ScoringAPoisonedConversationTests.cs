using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// One conversation in an import takes more work than the per-conversation scoring budget (here a
/// 250,000-character turn against a budget of 200,000 work units): it gets its own <c>error</c>
/// outcome with the reason, the others of the same scoring job are scored, the job completes, and
/// no figure counts the errored conversation as a score of 0.
/// </summary>
public sealed class ScoringAPoisonedConversationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const long Budget = 200_000;

    private static string Poisoned(string id, string agent)
    {
        var line = JsonNode.Parse(SampleConversations.Copy("s-chat-001", id, agent))!.AsObject();
        line["turns"] = new JsonArray(
            new JsonObject { ["speaker"] = "customer", ["text"] = "在吗" },
            new JsonObject { ["speaker"] = "agent", ["text"] = new string('好', 250_000) });
        return line.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task JobRange_WithOneConversationOverBudget_ScoresTheOthersAndMarksThatOneError(DatabaseProvider provider)
    {
        await using var app = await ServiceCoachApp.StartAsync(provider, settings: new() { [ScoringBudget.ConfigurationKey] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var agent = $"p-{Guid.NewGuid():N}"[..12];
        var (first, poisoned, last) = (ReviewTestApp.UnsampledId("ok-a"), ReviewTestApp.UnsampledId("poison"), ReviewTestApp.UnsampledId("ok-b"));

        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-001", first, agent), Poisoned(poisoned, agent), SampleConversations.Copy("s-chat-007", last, agent));

        await using (var db = await app.DbAsync())
        {
            var ids = await db.Conversations.Where(c => c.AgentCode == agent).ToDictionaryAsync(c => c.ExternalId, c => c.Id, Cancel);
            Assert.Equal(3, ids.Count);
            var job = await db.ScoringJobs.SingleAsync(j => j.FirstConversationId <= ids[poisoned] && j.LastConversationId >= ids[poisoned], Cancel);
            Assert.Equal(JobState.Done, job.State);
            Assert.True(await db.Scorecards.AnyAsync(s => s.ConversationId == ids[first], Cancel));
            Assert.True(await db.Scorecards.AnyAsync(s => s.ConversationId == ids[last], Cancel));
            Assert.False(await db.Scorecards.AnyAsync(s => s.ConversationId == ids[poisoned], Cancel));
            var error = await db.ScoringErrors.SingleAsync(e => e.ConversationId == ids[poisoned], Cancel);
            Assert.Contains("200,000 work units", error.Reason, StringComparison.Ordinal);

            // The rollups count the two scored conversations only: the error is not a 0.
            var rollups = await db.DailyAgentRollups.Where(r => r.AgentCode == agent).ToListAsync(Cancel);
            Assert.Equal(2, rollups.Sum(r => r.Conversations));
        }

        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var detail = (await client.GetFromJsonAsync<ConversationDetailResponse>($"/api/v1/conversations/{poisoned}", Cancel))!;
        Assert.Equal("error", detail.Status);
        Assert.Null(detail.Scorecard);
        Assert.Contains("200,000 work units", detail.ScoringError, StringComparison.Ordinal);
        Assert.Equal("scored", (await client.GetFromJsonAsync<ConversationDetailResponse>($"/api/v1/conversations/{first}", Cancel))!.Status);
        var scorecard = await client.GetAsync($"/api/v1/conversations/{poisoned}/scorecard", Cancel);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, scorecard.StatusCode);
        Assert.Equal("application/problem+json", scorecard.Content.Headers.ContentType?.MediaType);
        Assert.Contains("200,000 work units", await scorecard.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        var errors = (await client.GetFromJsonAsync<ConversationList>($"/api/v1/conversations?agent={agent}&status=error", Cancel))!;
        var item = Assert.Single(errors.Items);
        Assert.Equal(poisoned, item.Id);
        Assert.Equal("error", item.Status);
        Assert.Null(item.Score);
        var scored = (await client.GetFromJsonAsync<ConversationList>($"/api/v1/conversations?agent={agent}&status=scored", Cancel))!;
        Assert.Equal(new[] { first, last }.Order(StringComparer.Ordinal), scored.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(scored.Items, i => i.Score == 0);

        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var page = await session.GetPageAsync($"/conversations/{poisoned}");
        Assert.Contains("data-testid=\"scoring-error\"", page, StringComparison.Ordinal);
        Assert.Contains("评分出错", page, StringComparison.Ordinal);
        var list = await session.GetPageAsync($"/conversations?agent={agent}&status=error");
        Assert.Contains(poisoned, list, StringComparison.Ordinal);
        Assert.DoesNotContain(first, list, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnotherScoringRun_DoesNotRetryAnErroredConversationNorCountItAsPending(DatabaseProvider provider)
    {
        await using var app = await ServiceCoachApp.StartAsync(provider, seedDemo: true, settings: new() { [ScoringBudget.ConfigurationKey] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var agent = $"q-{Guid.NewGuid():N}"[..12];
        var poisoned = ReviewTestApp.UnsampledId("poison");
        await app.ImportAndScoreAsync(Poisoned(poisoned, agent));

        Assert.Equal(0, await app.RunScoringAsync());
        var overview = await app.Service<ConversationQueries>().OverviewAsync(await app.ViewerAsync(DemoSeeder.AdminUserName), Cancel);

        Assert.Equal(1, overview.Errors);
        Assert.Equal(overview.Conversations - overview.Scored - overview.Errors, overview.Unscored);
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.ScoringErrors.CountAsync(Cancel));
    }
}
