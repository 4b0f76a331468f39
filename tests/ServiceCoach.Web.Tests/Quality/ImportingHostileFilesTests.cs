using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// Uploads with records a database, a TimeSpan or a web address cannot hold. Each bad record is
/// rejected with its line; every good record around it is imported; both databases answer alike.
/// </summary>
public sealed class ImportingHostileFilesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Good(string id) =>
        $$"""{"id":"{{id}}","channel":"chat","agentId":"a-101","startTime":"2026-05-02T09:00:00+08:00","turns":[{"speaker":"customer","text":"你好","start":0},{"speaker":"agent","text":"您好，星河电器客服","start":5000}]}""";

    private static string WithTurns(string id, string members = "") =>
        "{\"id\":\"" + id + "\"" + members + ",\"turns\":[{\"speaker\":\"customer\",\"text\":\"你好\",\"start\":0},{\"speaker\":\"agent\",\"text\":\"您好\",\"start\":1000}]}";

    private static async Task<ImportResponse> ImportAsync(HttpClient client, params string[] lines)
    {
        var response = await client.PostAsync("/api/v1/conversations", SampleConversations.NdJson(lines), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {body[..Math.Min(400, body.Length)]}");
        return JsonSerializer.Deserialize<ImportResponse>(body, JsonSerializerOptions.Web)!;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnOffsetBeyondWhatATimeSpanHolds_RejectsItsLine_AndImportsTheGoodLineAfterIt(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var id = $"span-{Guid.NewGuid():N}";

        var result = await ImportAsync(
            qa,
            "{\"id\":\"h1-" + id + "\",\"turns\":[{\"speaker\":\"customer\",\"text\":\"你好\",\"start\":0},{\"speaker\":\"agent\",\"text\":\"您好\",\"start\":1000000000000000}]}",
            Good(id));

        Assert.Equal((2, 1, 0, 1), (result.Read, result.Imported, result.Duplicates, result.Rejected));
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("366 days", error.Message);
        Assert.Equal(HttpStatusCode.OK, (await qa.GetAsync($"/api/v1/conversations/{id}", Cancel)).StatusCode);
        var status = await qa.GetFromJsonAsync<ImportStatus>($"/api/v1/imports/{result.ImportId}", Cancel);
        Assert.Equal("done", status!.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task FieldsLongerThanTheirColumns_OrTextPostgreSqlCannotHold_RejectOnlyTheirLines_OnBothDatabases(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var id = $"cols-{Guid.NewGuid():N}";
        string[] bad =
        [
            WithTurns(id + "-agent", ",\"agentId\":\"" + new string('a', 65) + "\""),
            WithTurns(id + "-" + new string('i', 200)),
            WithTurns(id + "-tier", ",\"customer\":{\"id\":\"u\",\"tier\":\"" + new string('P', 33) + "\"}"),
            WithTurns(id + "-category", ",\"category\":\"" + new string('类', 101) + "\""),
            WithTurns(id + "-nul\\u0000"),
            "{\"id\":\"" + id + "-text\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"您\\u0000好\"}]}",
        ];

        var result = await ImportAsync(qa, [.. bad, Good(id)]);

        Assert.Equal((7, 1, 6), (result.Read, result.Imported, result.Rejected));
        Assert.Equal([1, 2, 3, 4, 5, 6], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.NotNull(e.Column));
        var report = await qa.GetStringAsync($"/api/v1/imports/{result.ImportId}/errors", Cancel);
        Assert.Equal(6, report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain('\0', report);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ACsvFieldLongerThanItsColumn_ThroughThePage_RejectsOnlyThatConversation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var id = $"csvcols-{Guid.NewGuid():N}";
        var csv = $"conversation_id,agent_id,speaker,text\n{id}-bad,{new string('a', 65)},agent,您好\n{id}-good,a-101,agent,您好\n";

        var response = await session.PostFileAsync("/import", "/import/upload", ImportEndpoints.FileField, "calls.csv", csv, asScript: true);
        var accepted = (await response.Content.ReadFromJsonAsync<UploadAccepted>(Cancel))!;
        await app.Service<ImportRunner>().WaitAsync(accepted.ImportId);

        var status = JsonSerializer.Deserialize<ImportProgressView>(await session.Client.GetStringAsync(accepted.Status, Cancel), JsonSerializerOptions.Web)!;
        Assert.Equal(("done", 2, 1, 1), (status.State, status.Read, status.Imported, status.Rejected));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnIdWithASlashOrAControlCharacter_IsRejectedAtImport(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var id = $"ids-{Guid.NewGuid():N}";

        var result = await ImportAsync(qa, WithTurns(id + "/a"), WithTurns(id + "\\u0007"), WithTurns(".."), Good(id));

        Assert.Equal((1, 3), (result.Imported, result.Rejected));
        Assert.All(result.Errors, e => Assert.StartsWith("id ", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task IdsWithCharactersAWebAddressMustEscape_AreReachableThroughTheApi(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var prefix = $"reach-{Guid.NewGuid():N}";
        string[] ids = [$"{prefix} 有空格", $"{prefix}%2F", $"{prefix}?x=1#y", $"{prefix}+:;@&=", $"{prefix}.", $"{prefix}'\""];

        var result = await ImportAsync(qa, [.. ids.Select(i => WithTurns(JsonEncodedText.Encode(i).ToString()))]);

        Assert.Equal(ids.Length, result.Imported);
        foreach (var id in ids)
        {
            var response = await qa.GetAsync($"/api/v1/conversations/{Uri.EscapeDataString(id)}", Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id}: {(int)response.StatusCode}");
            Assert.Equal(id, (await response.Content.ReadFromJsonAsync<ConversationDetailResponse>(Cancel))!.Id);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnEmptyOrBlankBody_IsRefusedBeforeAnythingIsImported(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);

        foreach (var body in new[] { "", "\n  \n\t\n" })
        {
            var response = await qa.PostAsync("/api/v1/conversations", new StringContent(body, Encoding.UTF8, "application/x-ndjson"), Cancel);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            Assert.Contains("empty", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var page = await session.PostFileAsync("/import", "/import/upload", ImportEndpoints.FileField, "blank.jsonl", "\n \n", asScript: true);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("\"empty\"", await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task OffsetsOutOfOrder_AreRejectedLikeTimesOutOfOrder(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var id = $"order-{Guid.NewGuid():N}";

        var result = await ImportAsync(
            qa,
            "{\"id\":\"" + id + "-offsets\",\"turns\":[{\"speaker\":\"customer\",\"text\":\"你好\",\"start\":5000},{\"speaker\":\"agent\",\"text\":\"您好\",\"start\":1000}]}",
            "{\"id\":\"" + id + "-times\",\"turns\":[{\"speaker\":\"customer\",\"text\":\"你好\",\"time\":\"2026-03-02T09:15:04+08:00\"},{\"speaker\":\"agent\",\"text\":\"您好\",\"time\":\"2026-03-02T09:15:00+08:00\"}]}");

        Assert.Equal((0, 2), (result.Imported, result.Rejected));
        Assert.Contains("turns[1].start (1000) is before turns[0].start (5000)", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("turns[1].time 2026-03-02T09:15:00+08:00 is before turns[0].time", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("startTime", result.Errors[1].Message, StringComparison.Ordinal);
    }
}
