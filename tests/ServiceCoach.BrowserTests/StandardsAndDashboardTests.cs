using Microsoft.Playwright;
using ServiceCoach.Users;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class StandardsAndDashboardTests(BrowserFixture browser)
{
    /// <summary>A QA inspector uploads a standard file with a mistake from the page and sees where it is, without anything stored.</summary>
    [Fact]
    public async Task Inspector_UploadsABrokenStandard_AndSeesTheLineOfEachProblem()
    {
        BrowserFixture.SkipWithoutBrowser();
        var page = await browser.SignedInPageAsync(browser.App.UserWithRole(Roles.QaInspector));
        await page.GotoAsync("/standards");
        var versions = await page.Locator("table[aria-label='标准版本'] tbody tr").CountAsync();

        await page.GetByLabel("标准文件").SetInputFilesAsync(new FilePayload
        {
            Name = "broken.yaml",
            MimeType = "application/yaml",
            Buffer = System.Text.Encoding.UTF8.GetBytes("id: broken\nversion: \"1\"\nname: 坏标准\nlocale: zh-CN\nscorecard:\n  dimensions: []\n  grades: []\n  checks:\n    - id: x\n      dimension: nowhere\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并校验" }).ClickAsync();

        var problems = page.GetByRole(AriaRole.Table, new() { Name = "文件中的问题" });
        await Assertions.Expect(problems).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("「broken.yaml」有");
        Assert.True(await problems.Locator("tbody tr").CountAsync() >= 1);
        await Assertions.Expect(page.Locator("table[aria-label='标准版本'] tbody tr")).ToHaveCountAsync(versions);
        await page.Context.CloseAsync();
    }

    /// <summary>A supervisor's dashboard draws its charts on the server: visible SVG with an accessible name, no script needed.</summary>
    [Fact]
    public async Task Supervisor_SeesTheDashboardCharts()
    {
        BrowserFixture.SkipWithoutBrowser();
        var page = await browser.SignedInPageAsync("supervisor1");

        await page.GotoAsync("/dashboard");

        var trend = page.GetByRole(AriaRole.Img, new() { Name = "每周平均分" });
        await Assertions.Expect(trend).ToBeVisibleAsync();
        Assert.True((await trend.BoundingBoxAsync())!.Height > 100);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "各检查项通过率（%）" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "各检查项通过率" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
