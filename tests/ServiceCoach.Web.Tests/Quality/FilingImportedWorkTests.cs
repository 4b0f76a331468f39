using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// Imported work reaches its team: a file that names no agent or team goes to the unassigned
/// queue (not silently out of sight), the result says where everything went, a supervisor files
/// it under their own team and then sees it; an upload's default team and agent-id mappings file
/// conversations at import time. A supervisor never reaches another team's work this way.
/// </summary>
public sealed class FilingImportedWorkTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>supervisor2 leads 售后二组 (agents a-104…a-106); a-101 is in 售后一组.</summary>
    private const string Supervisor = "supervisor2";

    private static string Line(string id, string members = "") =>
        "{\"id\":\"" + id + "\"" + members + ",\"turns\":[{\"speaker\":\"customer\",\"text\":\"你好\",\"start\":0},{\"speaker\":\"agent\",\"text\":\"您好\",\"start\":1000}]}";

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ASupervisorsUnassignedImport_SaysWhereItWent_AndOnceAssignedToTheirTeam_TheySeeIt(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var id = $"unassigned-{Guid.NewGuid():N}";
        using var supervisor = await CookieSession.SignInAsync(app, Supervisor);
        var upload = await supervisor.PostFileAsync("/import", "/import/upload", ImportEndpoints.FileField, "dev.jsonl",
            string.Join('\n', Line($"{id}-1"), Line($"{id}-2", ",\"agentId\":\"x-unknown\""), Line($"{id}-3")));
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var importPage = upload.Headers.Location!.ToString();
        var importId = long.Parse(importPage.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        await app.Service<ImportRunner>().WaitAsync(importId);
        await app.RunScoringAsync();

        // The result page says where the three went instead of linking to an empty list.
        var result = await supervisor.GetPageAsync(importPage);
        Assert.Contains("3 个未分配", result, StringComparison.Ordinal);
        Assert.Contains($"/unassigned?import={importId}", result, StringComparison.Ordinal);
        Assert.Contains("共 0 条", await supervisor.GetPageAsync($"/conversations?import={importId}"), StringComparison.Ordinal);

        // The unassigned queue holds them; the supervisor files them under their own team.
        var queue = await supervisor.GetPageAsync($"/unassigned?import={importId}");
        Assert.Contains($"{id}-1", queue, StringComparison.Ordinal);
        var team = await app.TeamOfAsync("a-104");
        long[] ids;
        await using (var db = await app.DbAsync())
        {
            ids = await db.Conversations.Where(c => c.ImportId == importId).Select(c => c.Id).ToArrayAsync(Cancel);
        }

        var assign = await supervisor.PostFormAsync($"/unassigned?import={importId}", "/unassigned/assign",
            ids.Select(i => new KeyValuePair<string, string>("conversation", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(new("target", team.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(new("import", importId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        Assert.Contains("assigned=3", assign.Headers.Location!.ToString(), StringComparison.Ordinal);

        Assert.Contains("共 3 条", await supervisor.GetPageAsync($"/conversations?import={importId}"), StringComparison.Ordinal);
        Assert.Contains("3 个进入班组「售后二组」", await supervisor.GetPageAsync(importPage), StringComparison.Ordinal);
        await using (var db = await app.DbAsync())
        {
            Assert.All(await db.Scorecards.Where(s => ids.Contains(s.ConversationId)).Select(s => s.TeamId).ToListAsync(Cancel), t => Assert.Equal(team, t));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "conversation.assign" && a.UserName == Supervisor, Cancel));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnUploadsDefaultTeam_FilesConversationsThatNameNoTeam_AndOnlyTheSupervisorsOwnTeamIsAccepted(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var own = await app.TeamOfAsync("a-104");
        var other = await app.TeamOfAsync("a-101");
        var id = $"default-team-{Guid.NewGuid():N}";
        using var api = await app.ApiClientAsAsync(Supervisor);

        var intoOther = await api.PostAsync($"/api/v1/conversations?team={other}", SampleConversations.NdJson(Line($"{id}-x")), Cancel);
        var intoOwn = await api.PostAsync($"/api/v1/conversations?team={own}", SampleConversations.NdJson(Line($"{id}-1"), Line($"{id}-2", ",\"agentId\":\"x-404\"")), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, intoOther.StatusCode);
        var result = (await intoOwn.Content.ReadFromJsonAsync<ImportResponse>(Cancel))!;
        Assert.Equal(2, result.Imported);
        var destination = Assert.Single(result.Destinations!);
        Assert.Equal((own, "售后二组", 2), (destination.TeamId, destination.Team, destination.Conversations));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/conversations/{id}-2", Cancel)).StatusCode);
        await using var db = await app.DbAsync();
        Assert.False(await db.Conversations.AnyAsync(c => c.ExternalId == $"{id}-x", Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnAgentMapping_FilesASourceSystemsAgentIdUnderOurAgent_WhoThenSeesTheirConversation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var external = $"ext-{Guid.NewGuid():N}"[..20];
        string agentUserId;
        await using (var db = await app.DbAsync())
        {
            agentUserId = await db.Users.Where(u => u.UserName == "a-105").Select(u => u.Id).FirstAsync(Cancel);
        }

        using var supervisor = await CookieSession.SignInAsync(app, Supervisor);
        var saved = await supervisor.PostFormAsync("/agent-mappings", "/agent-mappings", new() { ["external"] = external, ["agent"] = agentUserId });
        Assert.Contains("saved=1", saved.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains(external, await supervisor.GetPageAsync("/agent-mappings"), StringComparison.Ordinal);

        var id = $"mapped-{Guid.NewGuid():N}";
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var imported = (await (await qa.PostAsync("/api/v1/conversations", SampleConversations.NdJson(Line(id, ",\"agentId\":\"" + external + "\"")), Cancel))
            .Content.ReadFromJsonAsync<ImportResponse>(Cancel))!;
        Assert.Equal(1, imported.Imported);

        using var agent = await app.ApiClientAsAsync("a-105");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/conversations/{id}", Cancel)).StatusCode);
        await using (var db = await app.DbAsync())
        {
            var stored = await db.Conversations.SingleAsync(c => c.ExternalId == id, Cancel);
            Assert.Equal(("a-105", agentUserId, await app.TeamOfAsync("a-105")), (stored.AgentCode, stored.AgentUserId, stored.TeamId!.Value));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ASupervisor_CannotAssignIntoAnotherTeam_NorMoveAnotherTeamsWork_NorMapAnotherTeamsAgent(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var own = await app.TeamOfAsync("a-104");
        var other = await app.TeamOfAsync("a-101");
        long othersConversation;
        string othersAgent;
        await using (var db = await app.DbAsync())
        {
            othersConversation = await db.Conversations.Where(c => c.TeamId == other).Select(c => c.Id).FirstAsync(Cancel);
            othersAgent = await db.Users.Where(u => u.UserName == "a-101").Select(u => u.Id).FirstAsync(Cancel);
        }

        using var supervisor = await CookieSession.SignInAsync(app, Supervisor);
        var conversation = othersConversation.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var intoOther = await supervisor.PostFormAsync("/unassigned", "/unassigned/assign", new() { ["conversation"] = conversation, ["target"] = other.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var stealing = await supervisor.PostFormAsync("/unassigned", "/unassigned/assign", new() { ["conversation"] = conversation, ["target"] = own.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var mapping = await supervisor.PostFormAsync("/agent-mappings", "/agent-mappings", new() { ["external"] = "steal-1", ["agent"] = othersAgent });

        Assert.Contains("error=NotYourTeam", intoOther.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("assigned=0", stealing.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("error=NotYourTeam", mapping.Headers.Location!.ToString(), StringComparison.Ordinal);
        await using (var db = await app.DbAsync())
        {
            Assert.Equal(other, (await db.Conversations.SingleAsync(c => c.Id == othersConversation, Cancel)).TeamId);
            Assert.False(await db.AgentMappings.AnyAsync(m => m.ExternalAgentId == "steal-1", Cancel));
        }

        // Agents and trainers have no unassigned queue at all.
        using var agent = await CookieSession.SignInAsync(app, "a-104");
        Assert.Contains("/account/access-denied", (await agent.Client.GetAsync("/unassigned", Cancel)).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }
}
