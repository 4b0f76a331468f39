using System.Globalization;
using Microsoft.Playwright;
using ServiceCoach.Complaints;
using ServiceCoach.Users;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class HandlingAComplaintTests(BrowserFixture browser)
{
    /// <summary>
    /// An agent opens a complaint from the form, sees its SLA clocks, walks L-U-A-S-F (the
    /// apology commits a time ten minutes ahead), closes it, and the follow-up is scheduled.
    /// </summary>
    [Fact]
    public async Task Agent_OpensAComplaint_SeesTheClocks_WalksTheSteps_AndClosesIt()
    {
        BrowserFixture.SkipWithoutBrowser();
        var page = await browser.SignedInPageAsync(browser.App.UserWithRole(Roles.Agent));

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "投诉", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新建投诉" }).ClickAsync();
        await page.GetByLabel("标题", new() { Exact = true }).FillAsync("快递三天没动");
        await page.GetByLabel("描述（客户原话）").FillAsync("我的快递三天没有物流信息，请帮我查一下");
        await page.GetByLabel("客户编号").FillAsync("u-browser-1");
        await page.GetByLabel("类别", new() { Exact = true }).SelectOptionAsync("after-sales-repair");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交投诉" }).ClickAsync();

        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/complaints/[0-9]+$"));
        await Assertions.Expect(page.GetByTestId("complaint-state")).ToHaveTextAsync("处理中");
        await Assertions.Expect(page.GetByTestId("clock-first-solution")).ToContainTextAsync("5 分钟");
        await Assertions.Expect(page.GetByTestId("clock-first-solution")).ToContainTextAsync("计时中");

        await RecordStepAsync(page, "listen", "客户很着急");
        await RecordStepAsync(page, "understand", "复述：物流三天未更新");
        var zone = BusinessCalendarLoader.Shipped.Zone;
        var inTenMinutes = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow().AddMinutes(10), zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        await RecordStepAsync(page, "apologize", "致歉，十分钟内回电告知物流结果", inTenMinutes);
        await RecordStepAsync(page, "solve", "已联系快递加急派送");

        await page.GetByLabel("处理结果", new() { Exact = true }).FillAsync("快递已加急，客户同意等待");
        await page.GetByRole(AriaRole.Button, new() { Name = "关闭并安排回访" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("complaint-state")).ToHaveTextAsync("已关闭");
        await Assertions.Expect(page.GetByTestId("clock-closure")).ToContainTextAsync("已达成");
        await Assertions.Expect(page.Locator("[data-testid^='follow-up-']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "记录回访" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static async Task RecordStepAsync(IPage page, string step, string note, string? commitAt = null)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "记录步骤" });
        await form.GetByLabel("步骤", new() { Exact = true }).SelectOptionAsync(step);
        await form.GetByLabel("记录", new() { Exact = true }).FillAsync(note);
        if (commitAt is not null)
        {
            await form.GetByLabel("承诺时间", new() { Exact = false }).FillAsync(commitAt);
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "记录步骤" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId($"step-{step}")).ToContainTextAsync("已完成");
    }
}
