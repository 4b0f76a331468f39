using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;
using ServiceCoach.Web.Standards;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Standards;

public sealed class ManagingStandardsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_AValidFile_StoresANewInactiveVersion_AndIsAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var yaml = StandardFiles.DefaultAs("test-upload");

        var response = await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(yaml), Cancel);
        var again = await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(yaml), Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = (await response.Content.ReadFromJsonAsync<StandardVersionItem>(Cancel))!;
        Assert.Equal(("zh-CN.default", "test-upload", false), (version.StandardId, version.Version, version.Active));
        Assert.Equal($"/api/v1/standards/{version.Id}", response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(version.Id, (await again.Content.ReadFromJsonAsync<StandardVersionItem>(Cancel))!.Id);
        Assert.Equal(yaml, await qa.GetStringAsync($"/api/v1/standards/{version.Id}", Cancel));
        await using var db = await app.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "standard.upload" && a.EntityId == version.Id.ToString(CultureInfo.InvariantCulture), Cancel);
        Assert.Equal(app.UserWithRole(Roles.QaInspector), audit.UserName);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_WithMistakes_Answers422WithEveryProblemWhereItIs_AndStoresNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var versionsBefore = await CountVersionsAsync(app);

        var response = await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(StandardFiles.TwoMistakes), Cancel);
        var notYaml = await qa.PostAsJsonAsync("/api/v1/standards", new { id = "x" }, Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var problems = problem.RootElement.GetProperty("problems").Deserialize<StandardProblemItem[]>(JsonSerializerOptions.Web)!;
        var unknownDimension = Assert.Single(problems, p => p.Message.Contains("nowhere", StringComparison.Ordinal));
        var unknownSeverity = Assert.Single(problems, p => p.Message.Contains("超重", StringComparison.Ordinal));
        Assert.Equal(("request.yaml", 21), (unknownDimension.File, unknownDimension.Line));
        Assert.Equal(24, unknownSeverity.Line);
        Assert.All(problems, p => Assert.True(p.Column >= 1));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notYaml.StatusCode);
        Assert.Equal(versionsBefore, await CountVersionsAsync(app));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_ASecondFileWithAStoredVersionNumber_IsRefused(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(StandardFiles.DefaultAs("test-same-number")), Cancel);

        var response = await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(StandardFiles.DefaultAs("test-same-number", StandardFiles.FasterChatReplies)), Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("give the new file a new version", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Activate_DecidesWhichVersionNewImportsAreScoredWith_AndIsAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var previous = (await admin.GetFromJsonAsync<StandardVersionItem[]>("/api/v1/standards", Cancel))!.Single(v => v.Active);
        var uploaded = await admin.PostAsync("/api/v1/standards", StandardFiles.Yaml(StandardFiles.DefaultAs("test-activate", StandardFiles.FasterChatReplies)), Cancel);
        var draft = (await uploaded.Content.ReadFromJsonAsync<StandardVersionItem>(Cancel))!;
        try
        {
            var activated = await admin.PostAsync($"/api/v1/standards/{draft.Id}/activate?confirm=true", null, Cancel);
            var id = ReviewTestApp.UnsampledId("activated");
            await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-001", id));

            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
            Assert.True((await activated.Content.ReadFromJsonAsync<StandardVersionItem>(Cancel))!.Active);
            var versions = (await admin.GetFromJsonAsync<StandardVersionItem[]>("/api/v1/standards", Cancel))!;
            Assert.Equal(draft.Id, Assert.Single(versions, v => v.Active).Id);
            using var scorecard = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/conversations/{id}/scorecard", Cancel));
            Assert.Equal("test-activate", scorecard.RootElement.GetProperty("standard").GetProperty("version").GetString());
            await using var db = await app.DbAsync();
            Assert.Equal(draft.Id, await db.Scorecards.Where(s => s.Conversation!.ExternalId == id).Select(s => s.StandardVersionId).SingleAsync(Cancel));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "standard.activate" && a.EntityId == draft.Id.ToString(CultureInfo.InvariantCulture) && a.UserName == DemoSeeder.AdminUserName, Cancel));
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/standards/999999/activate?confirm=true", null, Cancel)).StatusCode);
        }
        finally
        {
            await admin.PostAsync($"/api/v1/standards/{previous.Id}/activate?confirm=true", null, Cancel);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task WhatIf_AStricterCheck_ShowsItsLowerPassRate_AndTheConversationsWhoseGradeWouldChange(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var uploaded = await qa.PostAsync("/api/v1/standards",
            StandardFiles.Yaml(StandardFiles.DefaultAs("test-what-if", StandardFiles.FasterChatReplies, StandardFiles.SlowReplyIsFatal)), Cancel);
        var draft = (await uploaded.Content.ReadFromJsonAsync<StandardVersionItem>(Cancel))!;

        var response = await qa.PostAsync($"/api/v1/standards/{draft.Id}/what-if?sample=100", null, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<WhatIfReport>(Cancel))!;
        Assert.Equal((draft.Id, "test-what-if", 100), (report.VersionId, report.Version, report.Sample));
        var responseTime = Assert.Single(report.Checks, c => c.CheckId == "response-time");
        Assert.True(responseTime.After!.Passed < responseTime.Before!.Passed, "a 10-second limit passes fewer replies than a 30-second one");
        Assert.True(responseTime.PassRateChange < 0);
        // A check the draft did not touch is judged the same (the demo data has no overrides).
        var greeting = Assert.Single(report.Checks, c => c.CheckId == "greeting");
        Assert.Equal(greeting.Before, greeting.After);
        Assert.True(report.FatalAfter > report.FatalBefore && report.FatalAfter >= responseTime.After.Failed);
        Assert.True(report.MeanScoreAfter < report.MeanScoreBefore);
        Assert.Equal(report.Sample, report.Grades.Sum(g => g.Before));
        Assert.Equal(report.Sample, report.Grades.Sum(g => g.After));
        Assert.Equal(["A", "B", "C", "D"], report.Grades.Select(g => g.Grade));
        var newlyFatal = report.Changes.Where(c => c.FatalAfter && !c.FatalBefore).ToList();
        Assert.NotEmpty(newlyFatal);
        Assert.All(newlyFatal, c => Assert.Equal((0m, "D"), (c.ScoreAfter, c.GradeAfter)));
        Assert.All(report.Changes, c => Assert.True(c.GradeBefore != c.GradeAfter || c.FatalBefore != c.FatalAfter));
        Assert.Equal(HttpStatusCode.NotFound, (await qa.PostAsync("/api/v1/standards/999999/what-if", null, Cancel)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AgentsSupervisorsAndTrainers_MayReadStandards_ButNotManageThem(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var active = (await (await app.ApiClientAsRoleAsync(Roles.Admin)).GetFromJsonAsync<StandardVersionItem[]>("/api/v1/standards", Cancel))!.Single(v => v.Active);
        foreach (var role in new[] { Roles.Agent, Roles.Supervisor, Roles.Trainer })
        {
            using var client = await app.ApiClientAsRoleAsync(role);

            var list = await client.GetAsync("/api/v1/standards", Cancel);
            var upload = await client.PostAsync("/api/v1/standards", StandardFiles.Yaml(StandardFiles.DefaultAs($"test-{role}")), Cancel);
            var activate = await client.PostAsync($"/api/v1/standards/{active.Id}/activate?confirm=true", null, Cancel);
            var whatIf = await client.PostAsync($"/api/v1/standards/{active.Id}/what-if", null, Cancel);

            Assert.Equal(
                (HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
                (list.StatusCode, upload.StatusCode, activate.StatusCode, whatIf.StatusCode));
        }
    }

    private static async Task<int> CountVersionsAsync(ServiceCoachApp app)
    {
        await using var db = await app.DbAsync();
        return await db.StandardVersions.CountAsync(Cancel);
    }
}
