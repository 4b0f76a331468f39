using Microsoft.Playwright;
using ServiceCoach.Users;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SigningInTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_SignsIn_AndSeesTheOverviewWithTheDemoData()
    {
        var page = await browser.SignedInPageAsync("admin");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "概览" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("已评分")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WrongPassword_ShowsAnErrorAndStaysOnTheLoginPage()
    {
        BrowserFixture.SkipWithoutBrowser();
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.GetByLabel("用户名").FillAsync(browser.App.UserWithRole(Roles.Trainer));
        await page.GetByLabel("密码").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码错误");
        await context.CloseAsync();
    }
}
