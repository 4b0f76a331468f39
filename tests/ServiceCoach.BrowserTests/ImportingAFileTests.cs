using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ServiceCoach.Users;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class ImportingAFileTests(BrowserFixture browser)
{
    /// <summary>
    /// The issue's acceptance criterion: a QA inspector uploads a JSON Lines file with one broken
    /// line through the import page, follows the import and its scoring to the end, sees one
    /// record rejected with the line named, and downloads the error report.
    /// </summary>
    [Fact]
    public async Task Inspector_ImportsAFileWithOneBadLine_SeesTheProgressCompleteAndDownloadsTheErrorReport()
    {
        BrowserFixture.SkipWithoutBrowser();
        var prefix = $"browser-import-{Guid.NewGuid():N}";
        var file = string.Join("\n", Conversation($"{prefix}-1"), "{\"id\": \"broken\", \"turns\": [}", Conversation($"{prefix}-2")) + "\n";
        var page = await browser.SignedInPageAsync(browser.App.UserWithRole(Roles.QaInspector));

        await page.GotoAsync("/import");
        await page.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "inspector.jsonl", MimeType = "application/x-ndjson", Buffer = Encoding.UTF8.GetBytes(file) });
        var upload = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync(),
            response => response.Url.EndsWith("/import/upload", StringComparison.Ordinal));

        Assert.Equal(202, upload.Status); // the page's script uploaded it (a plain form post is answered with a redirect)
        await page.WaitForURLAsync(ImportPage());
        await Assertions.Expect(page.GetByTestId("import-state")).ToHaveTextAsync("导入完成");
        await Assertions.Expect(page.GetByTestId("scoring-state")).ToContainTextAsync("评分完成：1/1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("import-imported")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("import-rejected")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("import-errors")).ToContainTextAsync("inspector.jsonl, line 2, column");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载完整错误报告" }).ClickAsync());
        var report = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Matches(@"^inspector\.jsonl, line 2, column \d+ \(conversation broken\): not valid JSON", report);
        Assert.Matches(@"^import-\d+-errors\.txt$", download.SuggestedFilename);
        await page.Context.CloseAsync();
    }

    private static string Conversation(string id) =>
        $$"""{"id":"{{id}}","channel":"chat","agentId":"a-101","turns":[{"speaker":"customer","text":"你好","start":0},{"speaker":"agent","text":"您好，星河电器客服，很高兴为您服务","start":5000}]}""";

    [GeneratedRegex(@"/import/\d+$")]
    private static partial Regex ImportPage();
}
