using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>The import page's upload, progress and error report, as a person without and with the page's script uses them.</summary>
public sealed partial class ImportingThroughThePageTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static string Conversation(string id) =>
        $$"""{"id":"{{id}}","channel":"chat","agentId":"a-101","startTime":"2026-05-02T09:00:00+08:00","turns":[{"speaker":"customer","text":"你好","start":0,"end":0},{"speaker":"agent","text":"您好，星河电器客服，很高兴为您服务","start":5000,"end":5000}]}""";

    private static string File(params string[] lines) => string.Join("\n", lines) + "\n";

    private static string[] Ids(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => $"{prefix}-{Guid.NewGuid():N}-{i}")];

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_GoodFile_RedirectsToTheImportWhichImportsEveryConversation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var ids = Ids("page-good", 3);

        var response = await inspector.PostFileAsync("/import", "/import/upload", "file", "good.jsonl", File([.. ids.Select(Conversation)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var importId = ImportIdOf(response.Headers.Location!.ToString());
        var status = await FinishedAsync(inspector, importId);
        Assert.Equal(("done", 3, 3, 0, 0), (status.State, status.Read, status.Imported, status.Duplicates, status.Rejected));
        Assert.Equal(1, status.ScoringJobs);

        await app.RunScoringAsync();
        var page = await inspector.GetPageAsync($"/import/{importId}");
        Assert.Contains("导入完成", page, StringComparison.Ordinal);
        Assert.Contains("评分完成：1/1 个任务", page, StringComparison.Ordinal);
        Assert.Contains($"/conversations?import={importId}", page, StringComparison.Ordinal);
        var imported = await inspector.GetPageAsync($"/conversations?import={importId}");
        Assert.All(ids, id => Assert.Contains(id, imported, StringComparison.Ordinal));
        Assert.Contains("共 3 条", imported, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_FileWithOneBadLine_ImportsTheRestAndTheErrorReportNamesTheLineAndReason(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var ids = Ids("page-bad", 2);

        var response = await inspector.PostFileAsync("/import", "/import/upload", "file", "chats.jsonl", File(Conversation(ids[0]), "{\"id\": \"broken\", \"turns\": [}", Conversation(ids[1])));

        var importId = ImportIdOf(response.Headers.Location!.ToString());
        var status = await FinishedAsync(inspector, importId);
        Assert.Equal((3, 2, 1), (status.Read, status.Imported, status.Rejected));

        var page = await inspector.GetPageAsync($"/import/{importId}");
        Assert.Contains("chats.jsonl, line 2, column", page, StringComparison.Ordinal);

        var download = await inspector.Client.GetAsync($"/import/{importId}/errors", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var report = await download.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var line = Assert.Single(report.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^chats\.jsonl, line 2, column \d+ \(conversation broken\): not valid JSON", line);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_SameFileTwice_CountsEveryConversationAsADuplicateTheSecondTime(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var content = File([.. Ids("page-twice", 2).Select(Conversation)]);

        var first = await FinishedAsync(inspector, ImportIdOf((await inspector.PostFileAsync("/import", "/import/upload", "file", "twice.jsonl", content)).Headers.Location!.ToString()));
        var second = await FinishedAsync(inspector, ImportIdOf((await inspector.PostFileAsync("/import", "/import/upload", "file", "twice.jsonl", content)).Headers.Location!.ToString()));

        Assert.Equal((2, 0), (first.Imported, first.Duplicates));
        Assert.Equal((2, 0, 2, 0), (second.Read, second.Imported, second.Duplicates, second.ScoringJobs));
        var page = await inspector.GetPageAsync($"/import/{second.Id}");
        Assert.Contains("评分完成：0/0 个任务", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_FromThePageScript_AnswersWithJsonToFollowTheImport(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var response = await inspector.PostFileAsync("/import", "/import/upload", "file", "script.jsonl", File(Conversation(Ids("page-script", 1)[0])), asScript: true);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<UploadAccepted>(TestContext.Current.CancellationToken))!;
        Assert.Equal($"/import/{accepted.ImportId}", accepted.Page);
        Assert.Equal($"/import/{accepted.ImportId}/status", accepted.Status);
        Assert.Equal(1, (await FinishedAsync(inspector, accepted.ImportId)).Imported);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_ChosenFormat_WinsOverTheExtension(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var id = Ids("page-csv", 1)[0];
        var csv = $"conversation_id,speaker,text\n{id},customer,你好\n{id},agent,您好，请问有什么可以帮您\n";

        var response = await inspector.PostFileAsync("/import", "/import/upload", "file", "export.txt", csv, new() { ["format"] = "csv" });

        var status = await FinishedAsync(inspector, ImportIdOf(response.Headers.Location!.ToString()));
        Assert.Equal((1, 1, 0), (status.Read, status.Imported, status.Rejected));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_OfAFileWhoseFormatCannotBeTold_IsRefusedWithAClearMessageAndImportsNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var response = await inspector.PostFileAsync("/import", "/import/upload", "file", "notes.txt", "just some notes\nnothing to import\n");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/import?error=unknown-format", response.Headers.Location!.ToString());
        var page = await inspector.GetPageAsync("/import?error=unknown-format");
        Assert.Contains("无法识别文件格式", page, StringComparison.Ordinal);

        var asScript = await inspector.PostFileAsync("/import", "/import/upload", "file", "notes.txt", "just some notes\n", asScript: true);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, asScript.StatusCode);
        Assert.Contains("无法识别文件格式", await asScript.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_WithoutTheAntiforgeryToken_ImportsNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var id = Ids("page-forged", 1)[0];

        var response = await inspector.PostFileAsync("/import", "/import/upload", "file", "forged.jsonl", File(Conversation(id)), withToken: false);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/import?error=expired-form", response.Headers.Location!.ToString());
        using var api = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/conversations/{id}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Agent_CanNeitherOpenThePageNorUpload(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var page = await agent.Client.GetAsync("/import", TestContext.Current.CancellationToken);
        var upload = await agent.PostFileAsync("/", "/import/upload", "file", "a.jsonl", File(Conversation(Ids("page-agent", 1)[0])));

        Assert.Contains("/account/access-denied", page.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.True(
            upload.StatusCode == HttpStatusCode.Forbidden || upload.Headers.Location?.ToString().Contains("/account/access-denied", StringComparison.Ordinal) == true,
            $"{upload.StatusCode} {upload.Headers.Location}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Supervisor_SeesOnlyTheirOwnImports(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        using var supervisor = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Supervisor));
        var response = await inspector.PostFileAsync("/import", "/import/upload", "file", "inspectors.jsonl", File(Conversation(Ids("page-own", 1)[0]), "not json"));
        var importId = ImportIdOf(response.Headers.Location!.ToString());
        await FinishedAsync(inspector, importId);

        var report = await supervisor.Client.GetAsync($"/import/{importId}/errors", TestContext.Current.CancellationToken);
        var status = await supervisor.Client.GetAsync($"/import/{importId}/status", TestContext.Current.CancellationToken);
        var list = await supervisor.GetPageAsync("/import");

        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.DoesNotContain("inspectors.jsonl", list, StringComparison.Ordinal);
        Assert.Contains("inspectors.jsonl", await inspector.GetPageAsync("/import"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A file that breaks off part way (a disk error, the server stopping): every chunk committed
    /// before stays, with its scoring job, nothing of the chunk in flight is stored, and the
    /// import record says exactly that.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Import_StoppedPartWay_KeepsTheCommittedChunksAndTheRecordSaysSo(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var lines = Ids("page-crash", 1300).Select(Conversation).ToArray();
        var bytes = System.Text.Encoding.UTF8.GetBytes(File(lines));
        using var breaking = new BreakingStream(bytes, breakAt: bytes.Length * 9 / 10);
        var import = app.Service<ServiceCoach.Quality.ConversationImport>();

        await Assert.ThrowsAsync<IOException>(() => import.ImportAsync(breaking, "crash.jsonl", ServiceCoach.Users.Viewer.System, cancellationToken: TestContext.Current.CancellationToken));

        await using var db = await app.DbAsync();
        var record = db.Imports.OrderByDescending(i => i.Id).First(i => i.FileName == "crash.jsonl");
        var stored = db.Conversations.Count(c => c.ImportId == record.Id);
        var jobs = db.ScoringJobs.Count(j => j.ImportId == record.Id);
        Assert.Equal(ServiceCoach.Quality.ImportState.Failed, record.State);
        Assert.Equal(1000, stored);
        Assert.Equal((1000, 1000, 0), (record.Read, record.Imported, record.Rejected));
        Assert.Equal(2, jobs);
        Assert.StartsWith("import stopped after record 1000: IOException", record.ErrorReport, StringComparison.Ordinal);
    }

    /// <summary>Serves <c>breakAt</c> bytes, then fails as a broken disk or connection does; 1 KB per read, so the reader never looks far ahead.</summary>
    private sealed class BreakingStream(byte[] bytes, int breakAt) : MemoryStream(bytes, writable: false)
    {
        // A MemoryStream subclass reads spans through this overload too.
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= breakAt)
            {
                throw new IOException("the disk went away");
            }

            return base.Read(buffer, offset, (int)Math.Min(Math.Min(count, 1024), breakAt - Position));
        }
    }

    private static long ImportIdOf(string location)
    {
        var match = ImportPagePattern().Match(location);
        Assert.True(match.Success, $"Expected a redirect to an import's page, got {location}.");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Follows the import as the page's script does, until it stops running (the import runs in the background).</summary>
    private static async Task<ImportProgressView> FinishedAsync(CookieSession session, long importId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var status = await session.Client.GetFromJsonAsync<ImportProgressView>($"/import/{importId}/status", TestContext.Current.CancellationToken);
            if (status!.State != "running")
            {
                return status;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Import {importId} was still running after 30 seconds.");
    }

    [GeneratedRegex("^/import/([0-9]+)$")]
    private static partial Regex ImportPagePattern();
}
