using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Complaints;

/// <summary>
/// An agent opens a complaint from a stored conversation; its SLA clocks run on the team's
/// business calendar under a test clock; a breach escalates to the supervisor through the team's
/// group robots; the owner walks the steps, closes it, and the follow-up falls due.
/// </summary>
public sealed class HandlingAComplaintTests
{
    /// <summary>Monday 9 March 2026, 10:00 in Shanghai: inside the shipped calendar's working hours.</summary>
    internal static readonly DateTimeOffset MondayMorning = new(2026, 3, 9, 10, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task OpenedFromAConversation_BreachEscalates_StepsWalked_ClosedAndFollowedUp(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(MondayMorning);
        await using var webhook = FakeWebhookServer.Start();
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        var desk = app.Service<ComplaintDesk>();
        var notifier = app.Service<Notifier>();
        var agent = await app.ViewerAsync("a-101");
        var supervisorName = await app.SupervisorOfAsync("a-101");
        var supervisor = await app.ViewerAsync(supervisorName);
        var team = await app.TeamOfAsync("a-101");
        var saved = await notifier.SaveTeamSettingsAsync(supervisor, team, emailEnabled: false, webhook.Url + "wecom?key=k1", webhook.Url + "dingtalk?access_token=t1", "SECabc", TestContext.Current.CancellationToken);
        Assert.True(saved is null, $"team settings: {saved}");

        var opened = await desk.OpenFromConversationAsync(agent, "demo-w0-s-chat-001", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(opened.Succeeded, $"{opened.Error}: {string.Join(" ", opened.Problems)}");
        var view = (await desk.GetAsync(agent, opened.Id!.Value, TestContext.Current.CancellationToken))!;
        Assert.Equal("normal", view.Record.LevelId);
        Assert.Equal("u-5301", view.Record.CustomerId);
        Assert.Equal(SlaStatus.Met, Clock(view, ClockKinds.FirstResponse).Status);
        var solution = Clock(view, ClockKinds.FirstSolution);
        Assert.Equal(SlaStatus.Active, solution.Status);
        Assert.Equal(MondayMorning.AddSeconds(300), solution.DueAt);
        Assert.Equal(MondayMorning.AddDays(1), Clock(view, ClockKinds.Closure).DueAt);
        var linked = Assert.Single(view.Conversations);
        Assert.Equal("demo-w0-s-chat-001", linked.ExternalId);
        Assert.Equal(5, linked.Steps.Count);

        // Five minutes and one second later the first solution is late: the sweeper escalates, once.
        clock.Advance(TimeSpan.FromSeconds(301));
        var sweep = await app.Service<SlaSweeper>().SweepAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, sweep.Breaches);
        Assert.Equal(0, (await app.Service<SlaSweeper>().SweepAsync(TestContext.Current.CancellationToken)).Breaches);
        view = (await desk.GetAsync(agent, opened.Id.Value, TestContext.Current.CancellationToken))!;
        Assert.NotNull(view.Record.EscalatedAtUtc);
        Assert.Equal(SlaStatus.ActiveWithBreaches, Clock(view, ClockKinds.FirstSolution).Status);
        Assert.Equal(1, await notifier.UnreadCountAsync(supervisor, TestContext.Current.CancellationToken));
        Assert.Contains("超时", (await notifier.InboxAsync(agent, cancellationToken: TestContext.Current.CancellationToken))[0].Title);

        Assert.Equal(2, await app.Service<NotificationDispatcher>().DeliverPendingAsync(TestContext.Current.CancellationToken));
        var messages = webhook.Received.ToArray();
        var weCom = Assert.Single(messages, m => m.PathAndQuery.StartsWith("/wecom", StringComparison.Ordinal));
        Assert.Equal("markdown", weCom.Body.RootElement.GetProperty("msgtype").GetString());
        Assert.Contains("初步解决方案", weCom.Body.RootElement.GetProperty("markdown").GetProperty("content").GetString(), StringComparison.Ordinal);
        var dingTalk = Assert.Single(messages, m => m.PathAndQuery.StartsWith("/dingtalk", StringComparison.Ordinal));
        Assert.Contains("&timestamp=", dingTalk.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("&sign=", dingTalk.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("markdown", dingTalk.Body.RootElement.GetProperty("msgtype").GetString());
        Assert.StartsWith("投诉 #", dingTalk.Body.RootElement.GetProperty("markdown").GetProperty("title").GetString(), StringComparison.Ordinal);

        // The owner walks L-U-A-S-F.
        var id = opened.Id.Value;
        Assert.True((await desk.RecordStepAsync(agent, id, "listen", "客户很生气，先安抚", [], null, TestContext.Current.CancellationToken)).Succeeded);
        var skipped = await desk.RecordStepAsync(agent, id, "solve", null, [], null, TestContext.Current.CancellationToken);
        Assert.Equal(ComplaintError.Invalid, skipped.Error);
        Assert.True((await desk.RecordStepAsync(agent, id, "understand", "复述：洗碗机选型问题", [], null, TestContext.Current.CancellationToken)).Succeeded);
        var noTime = await desk.RecordStepAsync(agent, id, "apologize", "致歉", [], null, TestContext.Current.CancellationToken);
        Assert.Contains(noTime.Problems, p => p.Contains("具体时间", StringComparison.Ordinal));
        Assert.True((await desk.RecordStepAsync(agent, id, "apologize", "致歉并承诺两小时内回复", [], clock.GetUtcNow().AddHours(2), TestContext.Current.CancellationToken)).Succeeded);
        Assert.True((await desk.RecordStepAsync(agent, id, "solve", "推荐 13 套嵌入式", [], null, TestContext.Current.CancellationToken)).Succeeded);
        view = (await desk.GetAsync(agent, id, TestContext.Current.CancellationToken))!;
        Assert.Equal("follow-up", view.Walk.Next?.StepId);
        Assert.Equal(SlaStatus.Breached, Clock(view, ClockKinds.FirstSolution).Status);
        Assert.Equal(SlaStatus.Active, Clock(view, ClockKinds.Commitment).Status);

        Assert.True((await desk.CloseAsync(agent, id, "已推荐合适型号，客户满意", TestContext.Current.CancellationToken)).Succeeded);
        view = (await desk.GetAsync(agent, id, TestContext.Current.CancellationToken))!;
        Assert.All(view.Clocks, c => Assert.False(c.State.IsRunning));
        Assert.Equal(SlaStatus.Met, Clock(view, ClockKinds.Closure).Status);
        var followUp = Assert.Single(view.FollowUps);
        Assert.Equal(clock.GetUtcNow().AddDays(1).UtcDateTime, followUp.DueAtUtc);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await app.Service<SlaSweeper>().SweepAsync(TestContext.Current.CancellationToken)).FollowUpReminders);
        Assert.True((await desk.RecordFollowUpAsync(agent, id, followUp.Id, "客户表示满意", 5, TestContext.Current.CancellationToken)).Succeeded);
        Assert.Equal(ComplaintError.Invalid, (await desk.RecordFollowUpAsync(agent, id, followUp.Id, "again", 5, TestContext.Current.CancellationToken)).Error);

        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var idText = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var actions = await db.AuditEntries.Where(a => a.EntityType == "complaint" && a.EntityId == idText).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains("complaint.create", actions);
        Assert.Contains("complaint.step", actions);
        Assert.Contains("complaint.close", actions);
        Assert.Contains("complaint.follow-up", actions);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task LevelOverride_OnlyTheTeamsSupervisor_WithAReason_Audited(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        var desk = app.Service<ComplaintDesk>();
        var agent = await app.ViewerAsync("a-101");
        var created = await desk.CreateAsync(agent, new NewComplaint
        {
            Title = "维修拖了三周",
            Description = "维修一直没有结果，我已经咨询律师了",
            CustomerId = "u-9001",
            CategoryId = "after-sales-repair",
        }, TestContext.Current.CancellationToken);
        var id = created.Id!.Value;
        var view = (await desk.GetAsync(agent, id, TestContext.Current.CancellationToken))!;
        Assert.Equal("major", view.Record.LevelId);
        Assert.Contains("legal", view.Record.LevelReasons, StringComparison.Ordinal);
        Assert.True(view.NeedsTakeOver);
        Assert.False(view.CanOverrideLevel);

        Assert.Equal(ComplaintError.NotAllowed, (await desk.OverrideLevelAsync(agent, id, "normal", "我觉得不严重", TestContext.Current.CancellationToken)).Error);
        Assert.Null(await desk.GetAsync(await app.ViewerAsync("a-201"), id, TestContext.Current.CancellationToken));
        var supervisor = await app.ViewerAsync(await app.SupervisorOfAsync("a-101"));
        Assert.Equal(ComplaintError.Invalid, (await desk.OverrideLevelAsync(supervisor, id, "urgent", "  ", TestContext.Current.CancellationToken)).Error);
        Assert.True((await desk.OverrideLevelAsync(supervisor, id, "urgent", "客户只是提到律师，实际诉求是尽快维修", TestContext.Current.CancellationToken)).Succeeded);

        view = (await desk.GetAsync(supervisor, id, TestContext.Current.CancellationToken))!;
        Assert.Equal("urgent", view.Record.LevelId);
        Assert.Equal("major", view.Record.ComputedLevelId);
        Assert.True(view.Record.LevelOverridden);
        Assert.Equal(43_200, view.Clocks.Single(c => c.Record.Kind == ClockKinds.Closure).Record.TargetSeconds);
        Assert.True(view.ViewerMayTakeOver);
        Assert.True((await desk.TakeOverAsync(supervisor, id, TestContext.Current.CancellationToken)).Succeeded);
        Assert.False((await desk.GetAsync(supervisor, id, TestContext.Current.CancellationToken))!.NeedsTakeOver);

        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "complaint.level-override", TestContext.Current.CancellationToken);
        Assert.Contains("\"from\":\"major\"", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"to\":\"urgent\"", audit.Details, StringComparison.Ordinal);
        Assert.Contains("实际诉求", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitingForTheCustomer_PausesTheClocks()
    {
        var clock = new FakeTimeProvider(MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, clock: clock);
        var desk = app.Service<ComplaintDesk>();
        var agent = await app.ViewerAsync("a-102");
        var id = (await desk.CreateAsync(agent, new NewComplaint { Title = "发票抬头错了", Description = "请重开发票", CustomerId = "u-7", CategoryId = "billing" }, TestContext.Current.CancellationToken)).Id!.Value;

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await desk.SetWaitingAsync(agent, id, waiting: true, TestContext.Current.CancellationToken)).Succeeded);
        var paused = (await desk.GetAsync(agent, id, TestContext.Current.CancellationToken))!;
        Assert.True(Clock(paused, ClockKinds.FirstSolution).Paused);
        Assert.Null(Clock(paused, ClockKinds.FirstSolution).DueAt);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await app.Service<SlaSweeper>().SweepAsync(TestContext.Current.CancellationToken)).Breaches - CountFirstResponseBreach(paused));
        Assert.True((await desk.SetWaitingAsync(agent, id, waiting: false, TestContext.Current.CancellationToken)).Succeeded);
        var resumed = (await desk.GetAsync(agent, id, TestContext.Current.CancellationToken))!;
        Assert.Equal(MondayMorning.AddHours(1).AddSeconds(300), Clock(resumed, ClockKinds.FirstSolution).DueAt);
    }

    /// <summary>The first response is not paused by waiting (it was owed before): it may have breached meanwhile.</summary>
    private static int CountFirstResponseBreach(ComplaintView view) => Clock(view, ClockKinds.FirstResponse).IsRunning ? 1 : 0;

    internal static SlaClockState Clock(ComplaintView view, string kind) => view.Clocks.Last(c => c.Record.Kind == kind).State;
}
