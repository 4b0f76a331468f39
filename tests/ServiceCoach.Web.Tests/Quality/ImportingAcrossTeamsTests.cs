using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// A supervisor imports only into their own lane: conversations of their teams' agents, which they
/// can then see. An id already used by another team's conversation is refused without calling it
/// the supervisor's duplicate.
/// </summary>
public sealed class ImportingAcrossTeamsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>supervisor2 leads 售后二组 (agents a-104…a-106); a-101 is in 售后一组.</summary>
    private const string Supervisor = "supervisor2";

    private static string Line(string id, string members) =>
        "{\"id\":\"" + id + "\"" + members + ",\"turns\":[{\"speaker\":\"customer\",\"text\":\"你好\",\"start\":0},{\"speaker\":\"agent\",\"text\":\"您好\",\"start\":1000}]}";

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ASupervisor_CannotImportUnderAnotherTeamsAgentOrIntoAnotherTeam_ButMayImportUnassignedWork(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var supervisor = await app.ApiClientAsAsync(Supervisor);
        var id = $"lane-{Guid.NewGuid():N}";

        var response = await supervisor.PostAsync("/api/v1/conversations", SampleConversations.NdJson(
            Line($"{id}-planted", ",\"agentId\":\"a-101\""),
            Line($"{id}-own", ",\"agentId\":\"a-104\""),
            Line($"{id}-other-team", ",\"agentId\":\"x-999\",\"team\":\"售后一组\""),
            Line($"{id}-no-team", ",\"agentId\":\"x-999\""),
            Line($"{id}-own-team", ",\"agentId\":\"x-998\",\"team\":\"售后二组\"")), Cancel);

        // The one naming no known agent or team is imported unassigned: it waits in the unassigned queue, not in another team.
        var result = (await response.Content.ReadFromJsonAsync<ImportResponse>(Cancel))!;
        Assert.Equal((5, 3, 2), (result.Read, result.Imported, result.Rejected));
        Assert.Equal([1, 3], result.Errors.Select(e => e.Line));
        Assert.Contains("not in a team you lead", result.Errors[0].Message, StringComparison.Ordinal);
        foreach (var mine in new[] { $"{id}-own", $"{id}-own-team" })
        {
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/v1/conversations/{mine}", Cancel)).StatusCode);
        }

        await using var db = await app.DbAsync();
        Assert.False(await db.Conversations.AnyAsync(c => c.ExternalId == $"{id}-planted", Cancel));
        var unassigned = await db.Conversations.SingleAsync(c => c.ExternalId == $"{id}-no-team", Cancel);
        Assert.Equal((null, null), (unassigned.TeamId, unassigned.AgentUserId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnIdUsedByAnotherTeam_IsRefusedAsTaken_NotCountedAsTheSupervisorsDuplicate(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var supervisor = await app.ApiClientAsAsync(Supervisor);
        string othersId, ownId;
        await using (var db = await app.DbAsync())
        {
            othersId = await db.Conversations.Where(c => c.AgentCode == "a-101").Select(c => c.ExternalId).FirstAsync(Cancel);
            ownId = await db.Conversations.Where(c => c.AgentCode == "a-104").Select(c => c.ExternalId).FirstAsync(Cancel);
        }

        var response = await supervisor.PostAsync("/api/v1/conversations", SampleConversations.NdJson(
            Line(othersId, ",\"agentId\":\"a-104\""),
            Line(ownId, ",\"agentId\":\"a-104\"")), Cancel);

        var result = (await response.Content.ReadFromJsonAsync<ImportResponse>(Cancel))!;
        Assert.Equal((2, 0, 1, 1), (result.Read, result.Imported, result.Duplicates, result.Rejected));
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("already taken by a conversation you may not see", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-101", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("售后一组", error.Message, StringComparison.Ordinal);
    }
}
