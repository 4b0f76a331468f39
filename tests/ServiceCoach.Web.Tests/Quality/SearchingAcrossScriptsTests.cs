using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// A supervisor searches for complaints: one customer wrote 投诉 (simplified), another 投訴
/// (traditional). Either query finds both, and the search reads what was said, not the stored
/// JSON around it (a query for "speaker" finds nothing).
/// </summary>
public sealed class SearchingAcrossScriptsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Chat(string id, string agent, string customerText) => JsonSerializer.Serialize(new
    {
        id,
        channel = "chat",
        agentId = agent,
        turns = new object[]
        {
            new { speaker = "customer", text = customerText },
            new { speaker = "agent", text = "您好，请问有什么可以帮您？" },
        },
    }, Options);

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task SearchingEitherScript_FindsBothConversations_AndOnlyTurnTextMatches(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = $"q-{Guid.NewGuid():N}"[..12];
        var simplified = ReviewTestApp.UnsampledId("search-s");
        var traditional = ReviewTestApp.UnsampledId("search-t");
        await app.ImportAndScoreAsync(Chat(simplified, agent, "我要投诉你们的服务"), Chat(traditional, agent, "我要投訴你們的服務"));
        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);

        async Task<string[]> FindAsync(string q) =>
            [.. (await client.GetFromJsonAsync<ConversationList>($"/api/v1/conversations?agent={agent}&q={Uri.EscapeDataString(q)}", Cancel))!
                .Items.Select(i => i.Id).Order(StringComparer.Ordinal)];

        string[] both = [.. new[] { simplified, traditional }.Order(StringComparer.Ordinal)];
        Assert.Equal(both, await FindAsync("投诉"));
        Assert.Equal(both, await FindAsync("投訴"));
        Assert.Equal(both, await FindAsync("你们的服务"));
        Assert.Empty(await FindAsync("speaker"));
        Assert.Empty(await FindAsync("customer"));
        Assert.Equal([simplified], await FindAsync(simplified));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ConversationsStoredBeforeSearchText_AreFilledInAtStart_AndThenFound(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = $"q-{Guid.NewGuid():N}"[..12];
        var id = ReviewTestApp.UnsampledId("search-old");
        await app.ImportAndScoreAsync(Chat(id, agent, "退款什麼時候到賬"));
        await using (var db = await app.DbAsync())
        {
            // As the AddSearchText migration leaves a row stored by an earlier version.
            await db.Conversations.Where(c => c.ExternalId == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, ""), Cancel);
        }

        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var before = (await client.GetFromJsonAsync<ConversationList>($"/api/v1/conversations?agent={agent}&q={Uri.EscapeDataString("什么时候到账")}", Cancel))!;
        var filled = await ConversationSearch.BackfillAsync(app.Service<IDbContextFactory<ServiceCoachDbContext>>(), Cancel);
        var after = (await client.GetFromJsonAsync<ConversationList>($"/api/v1/conversations?agent={agent}&q={Uri.EscapeDataString("什么时候到账")}", Cancel))!;

        Assert.Empty(before.Items);
        Assert.True(filled >= 1);
        Assert.Equal([id], after.Items.Select(i => i.Id));
        Assert.Equal(0, await ConversationSearch.BackfillAsync(app.Service<IDbContextFactory<ServiceCoachDbContext>>(), Cancel));
    }

    [Fact]
    public async Task AnImport_IsWrittenToTheAuditLog_WithItsFile()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);

        var response = await client.PostAsync("/api/v1/conversations", SampleConversations.NdJson(Chat(ReviewTestApp.UnsampledId("audited"), "a-audit", "你好")), Cancel);

        response.EnsureSuccessStatusCode();
        await using var db = await app.DbAsync();
        var entry = await db.AuditEntries.Where(a => a.Action == "conversations.import").OrderByDescending(a => a.Id).FirstAsync(Cancel);
        Assert.Equal(app.UserWithRole(Roles.QaInspector), entry.UserName);
        Assert.Equal("import", entry.EntityType);
    }
}
