using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Standards;

public sealed partial class StandardPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Everyone_SeesTheVersionsWithTheActiveOneMarked_OnlyManagersMayUploadOrActivate(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var agentPage = await agent.GetPageAsync("/standards");
        var qaPage = await qa.GetPageAsync("/standards");

        Assert.Contains("2026.11.1", agentPage);
        Assert.Contains("启用中", agentPage);
        Assert.DoesNotContain("上传新版本", agentPage);
        Assert.DoesNotContain("试算影响", agentPage);
        Assert.Contains("上传新版本", qaPage);
        Assert.Contains("type=\"file\"", qaPage);
        Assert.Contains("enctype=\"multipart/form-data\"", qaPage);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AVersionsPage_ShowsTheStandardReadably_AndOffersItsYaml(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var active = await ActiveVersionAsync(app);
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var html = await agent.GetPageAsync($"/standards/{active.Id}");
        var download = await agent.Client.GetAsync($"/standards/{active.Id}/yaml", Cancel);

        Assert.Contains("默认客户服务标准", html);
        Assert.Matches(@"服务规范</a> <code>norms</code></td>\s*<td class=""num"">30</td>", html);
        Assert.Contains("首句问候", html);
        Assert.Contains("<code>privacy</code>", html);
        Assert.Contains("致命项", html);
        Assert.Contains("首次回复没有问候或开场语", html);
        Assert.Contains("<a href=\"#condition-agent-greets\" title=\"agent-greets\">客服问候</a>", html);
        Assert.Contains("「您必须」</td><td class=\"suggest\">「我们建议您…」", html);
        Assert.Contains("标准咨询流程", html);
        Assert.Contains("问候并识别需求", html);
        Assert.Contains("≥ 90", html);
        Assert.DoesNotContain("scorecard:", html);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(active.Yaml, await download.Content.ReadAsStringAsync(Cancel));
        Assert.DoesNotContain("启用这个版本", html);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task UploadForm_AFileWithMistakes_ShowsEachProblemsLineAndColumn_AndStoresNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var versions = await CountVersionsAsync(app);

        var response = await PostFileAsync(qa, "broken.yaml", StandardFiles.TwoMistakes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await CookieSession.TextAsync(response);
        Assert.Contains("「broken.yaml」有 2 个问题，没有保存", html);
        Assert.Matches(@"<td class=""num"">21</td><td class=""num"">\d+</td><td>[^<]*nowhere", html);
        Assert.Matches(@"<td class=""num"">24</td><td class=""num"">\d+</td><td>[^<]*超重", html);
        Assert.Equal(versions, await CountVersionsAsync(app));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task UploadForm_AValidFile_IsStoredInactive_TriedOut_AndActivatedFromThePages(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var previous = await ActiveVersionAsync(app);
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var uploaded = await CookieSession.TextAsync(await PostFileAsync(qa, "stricter.yaml",
            StandardFiles.DefaultAs("test-page", StandardFiles.FasterChatReplies, StandardFiles.SlowReplyIsFatal)));

        Assert.Contains("已上传版本 test-page（未启用）", uploaded);
        var id = int.Parse(WhatIfLink().Match(uploaded).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var whatIf = await qa.GetPageAsync($"/standards/{id}/what-if?sample=50");
        Assert.Contains("最近的 50 个已评分会话", whatIf);
        Assert.Matches(@"<tr id=""check-response-time"" class=""changed"">", whatIf);
        Assert.Contains("等级或致命项会改变的会话", whatIf);
        Assert.Matches(@"<a href=""/conversations/[^""]+"">", whatIf);
        try
        {
            var activated = await qa.PostFormAsync($"/standards/{id}/activate", $"/standards/{id}/activate", new() { ["_handler"] = "activate", ["Confirm"] = "true" });

            Assert.Contains("已启用版本 test-page：之后导入的会话按它评分。", await CookieSession.TextAsync(activated));
            Assert.Equal(id, (await ActiveVersionAsync(app)).Id);
        }
        finally
        {
            await qa.PostFormAsync($"/standards/{previous.Id}/activate", $"/standards/{previous.Id}/activate", new() { ["_handler"] = "activate", ["Confirm"] = "true" });
        }

        Assert.Equal(previous.Id, (await ActiveVersionAsync(app)).Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnAgent_MayNotTryOutOrActivateAVersion(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var active = await ActiveVersionAsync(app);
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var whatIf = await agent.Client.GetAsync($"/standards/{active.Id}/what-if", Cancel);
        await agent.PostFormAsync("/standards", "/standards", new() { ["_handler"] = "upload" });

        Assert.Equal(HttpStatusCode.Redirect, whatIf.StatusCode);
        Assert.StartsWith("/account/access-denied", whatIf.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(active.Id, (await ActiveVersionAsync(app)).Id);
    }

    /// <summary>Posts the upload form as a browser does: multipart, with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostFileAsync(CookieSession session, string fileName, string yaml)
    {
        var page = await session.GetPageAsync("/standards");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        using var content = new MultipartFormDataContent
        {
            { new StringContent("upload"), "_handler" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(yaml));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        content.Add(file, "file", fileName);
        return await session.Client.PostAsync("/standards", content, Cancel);
    }

    private static async Task<ServiceCoach.Standards.StandardVersionRecord> ActiveVersionAsync(ServiceCoachApp app)
    {
        await using var db = await app.DbAsync();
        return await db.StandardVersions.SingleAsync(s => s.IsActive, Cancel);
    }

    private static async Task<int> CountVersionsAsync(ServiceCoachApp app)
    {
        await using var db = await app.DbAsync();
        return await db.StandardVersions.CountAsync(Cancel);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("href=\"/standards/(\\d+)/what-if\"")]
    private static partial Regex WhatIfLink();
}
