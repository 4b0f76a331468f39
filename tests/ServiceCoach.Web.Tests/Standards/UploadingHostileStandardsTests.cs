using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Standards;

/// <summary>
/// Standard files an attacker or an unlucky editor would upload: each is refused with a located
/// problem (422), nothing is stored, and the server keeps answering.
/// </summary>
public sealed class UploadingHostileStandardsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_NestedDeepEnoughToOverflowTheStack_Is422AndTheServerKeepsAnswering(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);

        var response = await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(new string('[', 100_000) + new string(']', 100_000)), Cancel);

        var problem = await SingleProblemAsync(response);
        Assert.Equal(1, problem.GetProperty("line").GetInt32());
        Assert.Contains("nested more than 64 levels", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await qa.GetAsync("/health", Cancel)).StatusCode);
    }

    public static TheoryData<DatabaseProvider, string, string, string> TooLongForTheirColumns()
    {
        var data = new TheoryData<DatabaseProvider, string, string, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            data.Add(provider, "id", "id: zh-CN.default", "id: " + new string('x', 129));
            data.Add(provider, "version", StandardFiles.DefaultVersionLine, "version: \"" + new string('9', 65) + "\"");
            data.Add(provider, "name", "name: 默认客户服务标准", "name: " + new string('名', 201));
            data.Add(provider, "NUL in the name", "name: 默认客户服务标准", "name: \"默认\\0标准\"");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TooLongForTheirColumns))]
    public async Task Upload_AFieldTheDatabaseCannotHold_Is422OnBothDatabases(DatabaseProvider provider, string field, string from, string to)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var version = $"hostile-{Guid.NewGuid():N}"[..20];
        var yaml = from == StandardFiles.DefaultVersionLine
            ? StandardFiles.DefaultAs(version).Replace($"version: \"{version}\"", to, StringComparison.Ordinal)
            : StandardFiles.DefaultAs(version, (from, to));

        var response = await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(yaml), Cancel);

        var problem = await SingleProblemAsync(response);
        Assert.True(problem.GetProperty("line").GetInt32() > 0, field);
        Assert.Contains(field.Split(' ')[^1], problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_TheSameNewFileTwiceAtOnce_StoresItOnce_AndAnswersBothWithIt(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var version = $"race-{Guid.NewGuid():N}"[..16];
        var yaml = StandardFiles.DefaultAs(version);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? qa : admin).PostAsync("/api/v1/standards", StandardFiles.Yaml(yaml), Cancel)));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)a.StatusCode}: {a.Content.ReadAsStringAsync(Cancel).Result}"));
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.StandardVersions.CountAsync(s => s.Version == version, Cancel));
    }

    private static async Task<JsonElement> SingleProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(body);
        return Assert.Single(document.RootElement.GetProperty("problems").EnumerateArray().ToArray()).Clone();
    }
}
