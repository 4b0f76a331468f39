using Microsoft.Playwright;
using ServiceCoach.Data;
using ServiceCoach.Practice;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.BrowserTests;

/// <summary>
/// The practice issue's "done when" in a real browser: a learner picks a scenario from the library,
/// chats with the virtual customer reply by reply (the emotion meter moves), and sees the report.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PractisingAScenarioTests(BrowserFixture browser)
{
    private const string ScenarioId = "technical-login-failure";

    [Fact]
    public async Task Learner_PicksAScenario_ChatsWithTheCustomerUntilResolved_AndSeesTheReport()
    {
        BrowserFixture.SkipWithoutBrowser();
        await using var app = await ServiceCoachApp.StartOnKestrelAsync(DatabaseProvider.Sqlite);
        var scenario = ShippedScenarios.Default.Find(ScenarioId)!;
        var page = await browser.SignedInPageAsync(app, app.UserWithRole(Roles.Agent));

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "情景演练" }).ClickAsync();
        await page.GetByLabel("类别").SelectOptionAsync("technical-fault");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = scenario.Definition.Title }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "开始演练" }).ClickAsync();

        var start = int.Parse(await page.GetByTestId("emotion").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var reply in scenario.Definition.Examples.Good)
        {
            var box = page.GetByLabel("您的回复");
            if (await box.CountAsync() == 0)
            {
                break;
            }

            await box.FillAsync(reply);
            await page.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();
            await Assertions.Expect(page.Locator(".chat .bubble.agent").Last).ToContainTextAsync(reply[..Math.Min(reply.Length, 8)]);
        }

        var report = page.GetByTestId("report");
        await Assertions.Expect(report).ToBeVisibleAsync();
        await Assertions.Expect(report).ToContainTextAsync("已解决");
        Assert.True(double.Parse(await page.GetByTestId("practice-score").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 70);
        Assert.True(int.Parse(await page.GetByTestId("emotion").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) < start);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "客户情绪变化" })).ToBeVisibleAsync();

        // The history lists it with its score.
        await page.GotoAsync("/practice/attempts");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "演练记录" })).ToContainTextAsync(scenario.Definition.Title);
    }
}
