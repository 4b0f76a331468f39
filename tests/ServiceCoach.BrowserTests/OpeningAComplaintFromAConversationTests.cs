using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.BrowserTests;

/// <summary>
/// The "done when", end to end in a real browser on an app with a test clock: the
/// supervisor points the team's WeCom robot at a local fake webhook, an agent opens a complaint
/// from one of their conversations, the clocks show, time passes the first-solution limit, the
/// sweeper escalates, the supervisor hears of it (the webhook received the message and the
/// in-app inbox shows it), the owner walks the steps, closes it, and the follow-up is scheduled.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class OpeningAComplaintFromAConversationTests(BrowserFixture browser)
{
    /// <summary>A Monday inside the shipped calendar's working hours (Asia/Shanghai).</summary>
    private static readonly DateTimeOffset MondayMorning = new(2026, 3, 9, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Agent_OpensAComplaintFromAConversation_ItEscalatesWhenTheClockRunsOut_TheSupervisorIsNotified_AndTheOwnerClosesIt()
    {
        BrowserFixture.SkipWithoutBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(MondayMorning);
        await using var webhook = FakeWebhookServer.Start();
        await using var app = await ServiceCoachApp.StartOnKestrelAsync(DatabaseProvider.Sqlite, clock);
        await app.RunScoringAsync();
        var agent = app.UserWithRole(Roles.Agent);
        var supervisor = await app.SupervisorOfAsync(agent);
        var team = await app.TeamOfAsync(agent);
        string conversation;
        await using (var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(cancel))
        {
            var code = await db.Users.Where(u => u.UserName == agent).Select(u => u.AgentCode).FirstAsync(cancel);
            conversation = await db.Conversations.Where(c => c.AgentCode == code).OrderBy(c => c.ExternalId).Select(c => c.ExternalId).FirstAsync(cancel);
        }

        // The supervisor sends the team's notifications to a group robot.
        var boss = await browser.SignedInPageAsync(app, supervisor);
        await boss.GotoAsync("/notifications/settings");
        var channels = boss.GetByTestId($"team-{team.ToString(CultureInfo.InvariantCulture)}");
        await channels.GetByLabel("企业微信群机器人 Webhook").FillAsync(webhook.Url + "wecom");
        await channels.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(boss.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");

        // The agent opens a complaint from the conversation: the form comes prefilled and linked.
        var page = await browser.SignedInPageAsync(app, agent);
        await page.GotoAsync($"/conversations/{Uri.EscapeDataString(conversation)}");
        await page.GetByRole(AriaRole.Link, new() { Name = "发起投诉" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("from-conversation")).ToContainTextAsync(conversation);
        await Assertions.Expect(page.GetByLabel("关联会话编号（逗号分隔）")).ToHaveValueAsync(conversation);
        await page.GetByLabel("类别", new() { Exact = true }).SelectOptionAsync("after-sales-repair");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交投诉" }).ClickAsync();
        await page.WaitForURLAsync(url => ComplaintUrl().IsMatch(url));
        var id = ComplaintUrl().Match(page.Url).Groups[1].Value;

        await Assertions.Expect(page.GetByTestId("complaint-state")).ToHaveTextAsync("处理中");
        await Assertions.Expect(page.GetByTestId("clock-first-response")).ToContainTextAsync("已达成");
        await Assertions.Expect(page.GetByTestId("clock-first-solution")).ToContainTextAsync("5 分钟");
        await Assertions.Expect(page.GetByTestId("clock-first-solution")).ToContainTextAsync("计时中");
        // The linked conversation, with each handling step it did or did not cover.
        var linked = page.GetByRole(AriaRole.Region, new() { Name = "关联会话" });
        await Assertions.Expect(linked.GetByRole(AriaRole.Link, new() { Name = conversation })).ToBeVisibleAsync();
        await Assertions.Expect(linked.Locator("li")).ToHaveCountAsync(5);

        // Ten minutes later nobody has offered a solution: the sweeper marks the breach and escalates.
        clock.Advance(TimeSpan.FromMinutes(10));
        // The app's own sweep loop waits on the same test clock, so it may mark the breach before this
        // call does; either way the breach is marked once and announced, which is what is checked below.
        await app.Service<SlaSweeper>().SweepAsync(cancel);
        await app.Service<NotificationDispatcher>().DeliverPendingAsync(cancel);
        var (path, body) = await webhook.WaitForMessageAsync();
        Assert.Contains("wecom", path, StringComparison.Ordinal);
        var content = body.RootElement.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.Contains($"投诉 #{id} 超时", content, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText("已升级", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("clock-first-solution")).ToContainTextAsync("已超时");

        await boss.GotoAsync("/notifications");
        await Assertions.Expect(boss.GetByText($"投诉 #{id} 超时", new() { Exact = false }).First).ToBeVisibleAsync();
        await boss.Context.CloseAsync();

        // The owner walks the steps (the apology commits a time ten minutes ahead of the test clock) and closes it.
        await RecordStepAsync(page, "listen", "客户很着急");
        await RecordStepAsync(page, "understand", "复述：维修进度没有更新");
        var inTenMinutes = ComplaintUrlTime(clock.GetUtcNow().AddMinutes(10));
        await RecordStepAsync(page, "apologize", "致歉，十分钟内回电告知维修进度", inTenMinutes);
        await RecordStepAsync(page, "solve", "已联系维修点加急处理");
        await page.GetByLabel("处理结果", new() { Exact = true }).FillAsync("维修点已加急，客户同意等待");
        await page.GetByRole(AriaRole.Button, new() { Name = "关闭并安排回访" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("complaint-state")).ToHaveTextAsync("已关闭");
        await Assertions.Expect(page.Locator("[data-testid^='follow-up-']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "记录回访" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static string ComplaintUrlTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, BusinessCalendarLoader.Shipped.Zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

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

    [GeneratedRegex("/complaints/([0-9]+)$")]
    private static partial Regex ComplaintUrl();
}
