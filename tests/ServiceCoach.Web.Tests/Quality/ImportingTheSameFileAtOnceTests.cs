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
/// The same file uploaded several times at once: the data stays right (each conversation once)
/// and so does every answer — the late uploads report duplicates instead of failing.
/// </summary>
public sealed class ImportingTheSameFileAtOnceTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ThreeUploadsOfOneFileAtOnce_AllSucceed_AndStoreEachConversationOnce(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var prefix = $"race-{Guid.NewGuid():N}";
        var count = (ConversationImport.ChunkSize * 2) + 100;
        var lines = Enumerable.Range(0, count).Select(i => SampleConversations.Copy("s-chat-001", $"{prefix}-{i:D5}")).ToArray();
        var clients = new[] { await app.ApiClientAsRoleAsync(Roles.QaInspector), await app.ApiClientAsRoleAsync(Roles.Admin), await app.ApiClientAsRoleAsync(Roles.QaInspector) };

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsync("/api/v1/conversations", SampleConversations.NdJson(lines), Cancel)));

        var results = new List<ImportResponse>();
        foreach (var response in responses)
        {
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {body[..Math.Min(300, body.Length)]}");
            results.Add((await response.Content.ReadFromJsonAsync<ImportResponse>(Cancel))!);
        }

        Assert.All(results, r => Assert.Equal((count, count, 0), (r.Read, r.Imported + r.Duplicates, r.Rejected)));
        Assert.Equal(count, results.Sum(r => r.Imported));
        await app.RunScoringAsync();
        await using var db = await app.DbAsync();
        Assert.Equal(count, await db.Conversations.CountAsync(c => c.ExternalId.StartsWith(prefix), Cancel));
        Assert.Equal(count, await db.Scorecards.CountAsync(s => s.Conversation!.ExternalId.StartsWith(prefix), Cancel));
        var ids = results.Select(r => r.ImportId).ToList();
        Assert.All(await db.Imports.Where(i => ids.Contains(i.Id)).ToListAsync(Cancel), i => Assert.Equal(ImportState.Done, i.State));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
