using System.Net;
using System.Net.Http.Json;
using System.Text;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

public sealed class ImportingConversationsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static string Conversation(string id, string agentLine = "您好，星河电器客服，很高兴为您服务") =>
        $$"""{"id":"{{id}}","channel":"chat","agentId":"a-101","startTime":"2026-05-02T09:00:00+08:00","turns":[{"speaker":"customer","text":"你好","start":0,"end":0},{"speaker":"agent","text":"{{agentLine}}","start":5000,"end":5000}]}""";

    private static StringContent NdJson(params string[] lines) => new(string.Join("\n", lines), Encoding.UTF8, "application/x-ndjson");

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Import_WithOneBadLine_ImportsTheRestAndReportsTheLine(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var prefix = $"imp-{Guid.NewGuid():N}";

        var response = await client.PostAsync("/api/v1/conversations", NdJson(Conversation($"{prefix}-1"), "{\"id\": \"broken\", \"turns\": [}", Conversation($"{prefix}-2")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<ImportResponse>(TestContext.Current.CancellationToken))!;
        Assert.Equal((3, 2, 0, 1), (result.Read, result.Imported, result.Duplicates, result.Rejected));
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.NotNull(error.Column);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Import_SameFileTwice_CreatesNoDuplicates(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var ids = Enumerable.Range(0, 3).Select(i => $"dup-{Guid.NewGuid():N}-{i}").ToArray();

        var first = await (await client.PostAsync("/api/v1/conversations", NdJson([.. ids.Select(i => Conversation(i))]), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<ImportResponse>(TestContext.Current.CancellationToken);
        var second = await (await client.PostAsync("/api/v1/conversations", NdJson([.. ids.Select(i => Conversation(i))]), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<ImportResponse>(TestContext.Current.CancellationToken);

        Assert.Equal(3, first!.Imported);
        Assert.Equal((0, 3), (second!.Imported, second.Duplicates));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ImportedConversation_IsScoredByTheJobAndServesTheCliScorecardJson(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var id = $"score-{Guid.NewGuid():N}";
        await client.PostAsync("/api/v1/conversations", NdJson(Conversation(id, "您必须先登录")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/conversations/{id}/scorecard", TestContext.Current.CancellationToken)).StatusCode);
        await app.RunScoringAsync();
        var scorecard = await client.GetStringAsync($"/api/v1/conversations/{id}/scorecard", TestContext.Current.CancellationToken);

        Assert.StartsWith($"{{\"conversationId\":\"{id}\",\"standard\":{{\"id\":\"zh-CN.default\"", scorecard);
        Assert.Contains("\"id\":\"negative-phrasing\",\"outcome\":\"fail\"", scorecard);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ImportAsJsonArray_Works(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var body = $"[{Conversation($"arr-{Guid.NewGuid():N}")}, {Conversation($"arr-{Guid.NewGuid():N}")}]";

        var response = await client.PostAsync("/api/v1/conversations", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<ImportResponse>(TestContext.Current.CancellationToken))!.Imported);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Agent_CannotImport(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.ApiClientAsRoleAsync(Roles.Agent);

        var response = await client.PostAsync("/api/v1/conversations", NdJson(Conversation("x")), TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }
}
