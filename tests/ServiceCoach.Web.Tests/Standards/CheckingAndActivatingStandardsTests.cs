using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Standards;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Standards;

/// <summary>
/// A QA lead works on a standard: an upload with several mistakes lists every one of them, the
/// readable view names conditions in the reader's language, and nothing is activated without a
/// confirmation that says which version it replaces.
/// </summary>
public sealed partial class CheckingAndActivatingStandardsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    /// <summary>Three mistakes found at different stages: an unknown severity (reading the file), an unknown operator and an undefined condition (compiling it).</summary>
    private const string MistakesInEveryStage = """
        id: test.stages
        version: "1"
        name: 多处错误的标准
        locale: zh-CN
        lexicons:
          greeting:
            phrases: [您好]
        conditions:
          agent-greets:
            role: agent
            operators:
              - phrase: {lexicons: [greeting]}
          agent-waves:
            role: agent
            operators:
              - wave: {}
        scorecard:
          dimensions:
            - {id: norms, name: 服务规范, weight: 100}
          grades:
            - {id: A, name: 优秀, min: 90}
            - {id: D, name: 不合格, min: 0}
          checks:
            - id: greeting
              dimension: norms
              name: 问候
              points: 10
              severity: 超重
              pass: agent-greets && agent-smiles
        """;

    /// <summary>Conditions named three ways: by their own name, by the tag that is exactly them, by the check that is exactly them; texts in two languages.</summary>
    private const string NamedInTwoLanguages = """
        id: test.names
        version: "1"
        name: 命名的标准
        locale: zh-CN
        description:
          zh-CN: 中文说明：客服先问候，最后道别。
          en: "In English: the agent greets first and says goodbye at the end."
        lexicons:
          greeting:
            phrases: [您好]
          closing:
            phrases: [再见]
        conditions:
          agent-greets:
            name: {zh-CN: 客服问候, en: Agent greets}
            description: {zh-CN: 客服的第一句话有问候语。, en: The agent's first reply greets.}
            role: agent
            operators:
              - phrase: {lexicons: [greeting]}
          agent-closes:
            role: agent
            operators:
              - phrase: {lexicons: [closing]}
          agent-says-bye:
            role: agent
            turns: {last: 1}
            operators:
              - phrase: {lexicons: [closing]}
        tags:
          closing:
            name: {zh-CN: 礼貌结束, en: Polite close}
            when: agent-closes
        scorecard:
          dimensions:
            - {id: norms, name: 服务规范, weight: 100}
          grades:
            - {id: A, name: 优秀, min: 90}
            - {id: D, name: 不合格, min: 0}
          checks:
            - id: greeting
              name: 首句问候
              dimension: norms
              points: 10
              pass: agent-greets && agent-closes
            - id: bye
              name: {zh-CN: 最后道别, en: Says goodbye last}
              dimension: norms
              points: 5
              pass: agent-says-bye
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upload_WithMistakesFoundAtEveryStage_Answers422WithAllOfThem(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);

        var response = await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(MistakesInEveryStage), Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var problems = problem.RootElement.GetProperty("problems").Deserialize<StandardProblemItem[]>(JsonSerializerOptions.Web)!;
        Assert.Equal(LineOf("超重"), Assert.Single(problems, p => p.Message.Contains("超重", StringComparison.Ordinal)).Line);
        Assert.Equal(LineOf("- wave"), Assert.Single(problems, p => p.Message.Contains("'wave'", StringComparison.Ordinal)).Line);
        Assert.Equal(LineOf("agent-smiles"), Assert.Single(problems, p => p.Message.Contains("agent-smiles", StringComparison.Ordinal)).Line);
        Assert.Equal(3, problems.Length);
        Assert.All(problems, p => Assert.True(p.Column >= 1));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task UploadForm_WithMistakesFoundAtEveryStage_ListsAllOfThemWithLineAndColumn(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var html = await CookieSession.TextAsync(await qa.PostFileAsync("/standards", "/standards", "file", "stages.yaml", MistakesInEveryStage,
            new() { ["_handler"] = "upload" }));

        Assert.Contains("「stages.yaml」有 3 个问题，没有保存", html);
        foreach (var (line, word) in new[] { (LineOf("超重"), "超重"), (LineOf("- wave"), "wave"), (LineOf("agent-smiles"), "agent-smiles") })
        {
            Assert.Matches($@"<td class=""num"">{line}</td><td class=""num"">\d+</td><td>[^<]*{Regex.Escape(word)}", html);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ActivatingThroughTheApi_WithoutConfirmation_ChangesNothing_AndSaysWhatWouldChange(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var previous = (await admin.GetFromJsonAsync<StandardVersionItem[]>("/api/v1/standards", Cancel))!.Single(v => v.Active);
        var draft = await UploadAsync(admin, StandardFiles.DefaultAs("test-api-confirm", StandardFiles.FasterChatReplies));
        try
        {
            var unconfirmed = await admin.PostAsync($"/api/v1/standards/{draft.Id}/activate", null, Cancel);

            Assert.Equal(HttpStatusCode.PreconditionRequired, unconfirmed.StatusCode);
            Assert.StartsWith("application/problem+json", unconfirmed.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            using (var problem = JsonDocument.Parse(await unconfirmed.Content.ReadAsStringAsync(Cancel)))
            {
                Assert.Equal(previous.Version, problem.RootElement.GetProperty("replaces").GetProperty("version").GetString());
                Assert.Equal("test-api-confirm", problem.RootElement.GetProperty("activates").GetProperty("version").GetString());
            }

            Assert.Equal(previous.Id, await ActiveIdAsync(app));

            var confirmed = await admin.PostAsync($"/api/v1/standards/{draft.Id}/activate?confirm=true", null, Cancel);

            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            Assert.Equal(draft.Id, await ActiveIdAsync(app));
        }
        finally
        {
            await admin.PostAsync($"/api/v1/standards/{previous.Id}/activate?confirm=true", null, Cancel);
        }

        Assert.Equal(previous.Id, await ActiveIdAsync(app));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ActivatingFromThePages_AsksToConfirm_ShowingTheVersionReplacedAndTheNewOne(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var previous = (await admin.GetFromJsonAsync<StandardVersionItem[]>("/api/v1/standards", Cancel))!.Single(v => v.Active);
        var draft = await UploadAsync(admin, StandardFiles.DefaultAs("test-page-confirm", StandardFiles.FasterChatReplies, StandardFiles.SlowReplyIsFatal));
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var confirmPage = $"/standards/{draft.Id}/activate";
        try
        {
            var list = await qa.GetPageAsync("/standards");
            var versionPage = await qa.GetPageAsync($"/standards/{draft.Id}");
            var confirmation = await qa.GetPageAsync(confirmPage);

            Assert.Contains($"href=\"{confirmPage}\"", list);
            Assert.Contains($"href=\"{confirmPage}\"", versionPage);
            Assert.Contains("确认启用", confirmation);
            Assert.Matches($@"(?s)id=""replaces"".*{Regex.Escape(previous.Version)}", confirmation);
            Assert.Matches(@"(?s)id=""activates"".*test-page-confirm", confirmation);
            Assert.Contains("response-time", confirmation);
            Assert.Equal(previous.Id, await ActiveIdAsync(app));

            // The form's own post without its confirmation field (a replayed or crafted request) activates nothing.
            var unconfirmed = await CookieSession.TextAsync(await qa.PostFormAsync(confirmPage, confirmPage, new() { ["_handler"] = "activate" }));
            Assert.Equal(previous.Id, await ActiveIdAsync(app));
            Assert.Contains("确认启用", unconfirmed);

            var confirmed = await CookieSession.TextAsync(await qa.PostFormAsync(confirmPage, confirmPage, new() { ["_handler"] = "activate", ["Confirm"] = "true" }));

            Assert.Contains("已启用版本 test-page-confirm", confirmed);
            Assert.Equal(draft.Id, await ActiveIdAsync(app));
            await using var db = await app.DbAsync();
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "standard.activate" && a.EntityId == draft.Id.ToString(CultureInfo.InvariantCulture) && a.UserName == app.UserWithRole(Roles.QaInspector), Cancel));
        }
        finally
        {
            await admin.PostAsync($"/api/v1/standards/{previous.Id}/activate?confirm=true", null, Cancel);
        }

        Assert.Equal(previous.Id, await ActiveIdAsync(app));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnAgent_MayNotOpenOrPostTheConfirmation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var previous = (await admin.GetFromJsonAsync<StandardVersionItem[]>("/api/v1/standards", Cancel))!.Single(v => v.Active);
        var draft = await UploadAsync(admin, StandardFiles.DefaultAs("test-agent-confirm", StandardFiles.FasterChatReplies));
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var page = await agent.Client.GetAsync($"/standards/{draft.Id}/activate", Cancel);
        var api = await agent.Client.PostAsync($"/api/v1/standards/{draft.Id}/activate?confirm=true", null, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/access-denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(previous.Id, await ActiveIdAsync(app));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheReadableView_NamesConditionsAndDescribesTheStandard_InTheReadersLanguage(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qaApi = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var version = await UploadAsync(qaApi, NamedInTwoLanguages);
        using var reader = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var chinese = await reader.GetPageAsync($"/standards/{version.Id}");
        await reader.Client.GetAsync("/culture?c=en&redirect=%2F", Cancel);
        var english = await reader.GetPageAsync($"/standards/{version.Id}");

        Assert.Matches(@"<a href=""#condition-agent-greets""[^>]*>客服问候</a>", chinese);
        Assert.Matches(@"<a href=""#condition-agent-closes""[^>]*>礼貌结束</a>", chinese);
        Assert.Matches(@"<a href=""#condition-agent-says-bye""[^>]*>最后道别</a>", chinese);
        Assert.DoesNotMatch(@">agent-greets</a>", chinese);
        Assert.Contains("中文说明：客服先问候，最后道别。", chinese);
        Assert.Contains("客服的第一句话有问候语。", chinese);
        Assert.DoesNotContain("In English", chinese);
        Assert.Matches(@"<a href=""#condition-agent-greets""[^>]*>Agent greets</a>", english);
        Assert.Matches(@"<a href=""#condition-agent-closes""[^>]*>Polite close</a>", english);
        Assert.Matches(@"<a href=""#condition-agent-says-bye""[^>]*>Says goodbye last</a>", english);
        Assert.Contains("In English: the agent greets first and says goodbye at the end.", english);
        Assert.Contains("first reply greets.", english);
        Assert.DoesNotContain("中文说明", english);
    }

    /// <summary>The shipped standard, read in Chinese, names the conditions of its checks and describes itself in Chinese.</summary>
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheShippedStandard_ReadsInChinese_WithoutRawConditionIds(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var reader = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var html = await reader.GetPageAsync($"/standards/{await ActiveIdAsync(app)}");

        Assert.DoesNotMatch(@"<a href=""#condition-([a-z0-9.-]+)""[^>]*>\1</a>", html);
        Assert.Contains("满足以下条件时通过：<code class=\"expression\"><a href=\"#condition-agent-greets\"", html);
        Assert.DoesNotContain("The service standard from the training handbook", html);
    }

    /// <summary>The 1-based line of the file with mistakes where <paramref name="text"/> first appears.</summary>
    private static int LineOf(string text) =>
        Array.FindIndex(MistakesInEveryStage.Split('\n'), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private static async Task<StandardVersionItem> UploadAsync(HttpClient client, string yaml)
    {
        var response = await client.PostAsync("/api/v1/standards", StandardFiles.Yaml(yaml), Cancel);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<StandardVersionItem>(Cancel))!;
    }

    private static async Task<int> ActiveIdAsync(ServiceCoachApp app)
    {
        await using var db = await app.DbAsync();
        return await db.StandardVersions.Where(s => s.IsActive).Select(s => s.Id).SingleAsync(Cancel);
    }
}
