using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Complaints;

/// <summary>Compensation and returns decided on a complaint (with the path, audited, a printable label); the notification service's channels.</summary>
public sealed class DecidingAndNotifyingTests
{
    [Fact]
    public async Task Compensation_StoresThePathAndRefusesOptionsAboveTheOwnersAuthority()
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, clock: clock);
        var desk = app.Service<ComplaintDesk>();
        var agent = await app.ViewerAsync("a-101");
        var ct = TestContext.Current.CancellationToken;
        var id = (await desk.CreateAsync(agent, new NewComplaint { Title = "冰箱不制冷", Description = "买了三天冰箱不制冷，食物坏了", CustomerId = "c-9", CategoryId = "after-sales-repair", TierId = "P1" }, ct)).Id!.Value;

        var (refused, decision) = await desk.DecideCompensationAsync(agent, id, 5000, FaultSide.Company, repeat: false, "全额赔偿损失", ct);
        Assert.Equal(ComplaintError.Invalid, refused.Error);
        Assert.True(decision!.NeedsApproval);

        var (ok, _) = await desk.DecideCompensationAsync(agent, id, 800, FaultSide.Company, repeat: false, "补偿 50 元代金券", ct);
        Assert.True(ok.Succeeded);
        var view = (await desk.GetAsync(agent, id, ct))!;
        Assert.Contains("\"chosen\":\"补偿 50 元代金券\"", view.Record.CompensationJson, StringComparison.Ordinal);
        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(ct);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "complaint.compensation", ct));
    }

    [Fact]
    public async Task Return_AllowedGetsAPrintableLabel_RefusedGetsNone()
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, clock: clock);
        var desk = app.Service<ComplaintDesk>();
        var insights = app.Service<ComplaintInsights>();
        var agent = await app.ViewerAsync("a-101");
        var ct = TestContext.Current.CancellationToken;
        var id = (await desk.CreateAsync(agent, new NewComplaint { Title = "想退耳机", Description = "不喜欢音质", CustomerId = "c-10", CustomerName = "王女士", CategoryId = "returns" }, ct)).Id!.Value;

        var (_, refused) = await desk.DecideReturnAsync(agent, id, "electronics", ReturnKind.Return, ReturnReason.NoReason, new DateOnly(2026, 2, 20), PackagingState.OpenedIntact, ct);
        Assert.False(refused!.Allowed);
        Assert.Null(await insights.ReturnLabelAsync(agent, id, ct));

        var (_, allowed) = await desk.DecideReturnAsync(agent, id, "electronics", ReturnKind.Return, ReturnReason.NoReason, new DateOnly(2026, 3, 5), PackagingState.OpenedIntact, ct);
        Assert.True(allowed!.Allowed);
        Assert.Equal(ShippingPayer.Customer, allowed.ShippingPaidBy);
        var pdf = await insights.ReturnLabelAsync(agent, id, ct);

        var text = Encoding.Latin1.GetString(pdf!);
        Assert.StartsWith("%PDF-1.4", text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);
        Assert.Contains("/STSong-Light", text, StringComparison.Ordinal);
        Assert.Contains(ReturnLabelPdf.Ucs2("退货标签"), text, StringComparison.Ordinal);
        Assert.Contains(ReturnLabelPdf.Ucs2("王女士"), text, StringComparison.Ordinal);
        Assert.Contains(" re\n", text, StringComparison.Ordinal);
        // The cross-reference table points at each object.
        var startXref = int.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref", text[startXref..], StringComparison.Ordinal);
        Assert.Null(await insights.ReturnLabelAsync(await app.ViewerAsync("a-201"), id, ct));
    }

    [Fact]
    public async Task Email_GoesThroughSmtp_WebhookRefusals_AreRetriedWithTheirError()
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var smtp = FakeSmtpServer.Start();
        await using var webhook = FakeWebhookServer.Start();
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, clock: clock, settings: new()
        {
            ["ServiceCoach:Notifications:Smtp:Host"] = "127.0.0.1",
            ["ServiceCoach:Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ServiceCoach:Notifications:Smtp:Security"] = "None",
            ["ServiceCoach:Notifications:Smtp:From"] = "servicecoach@example.test",
            ["ServiceCoach:Notifications:PublicBaseUrl"] = "https://sc.example.test",
        });
        var ct = TestContext.Current.CancellationToken;
        var notifier = app.Service<Notifier>();
        var supervisorName = await app.SupervisorOfAsync("a-101");
        var supervisor = await app.ViewerAsync(supervisorName);
        var team = await app.TeamOfAsync("a-101");
        await using (var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(ct))
        {
            await db.Users.Where(u => u.UserName == supervisorName).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, "boss@example.test"), ct);
        }

        Assert.Equal("not-allowed", await notifier.SaveTeamSettingsAsync(await app.ViewerAsync("a-101"), team, true, null, null, null, ct));
        Assert.Equal("bad-url", await notifier.SaveTeamSettingsAsync(supervisor, team, true, "http://example.test/hook", null, null, ct));
        Assert.Null(await notifier.SaveTeamSettingsAsync(supervisor, team, true, webhook.Url + "wecom", null, null, ct));
        webhook.ErrorCode = 93000;

        var result = await notifier.NotifyAsync(NotificationRecipients.Team(team), new NotificationMessage("test.kind", "测试通知", "正文", "/complaints/1"), ct);
        Assert.Contains(supervisorName, result.UserNames);
        Assert.Contains("email:boss@example.test", result.Channels);
        Assert.Equal(2, await app.Service<NotificationDispatcher>().DeliverPendingAsync(ct));

        var mail = Assert.Single(smtp.Messages);
        Assert.Contains("<boss@example.test>", mail.To);
        Assert.Contains("https://sc.example.test/complaints/1", mail.Data, StringComparison.Ordinal);
        await using (var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(ct))
        {
            var failed = await db.Set<NotificationDelivery>().SingleAsync(d => d.Channel == NotificationChannelKind.WeCom, ct);
            Assert.Null(failed.SentAtUtc);
            Assert.Equal(1, failed.Attempts);
            Assert.Contains("93000", failed.LastError, StringComparison.Ordinal);
            Assert.Equal(clock.GetUtcNow().UtcDateTime.AddSeconds(30), failed.NextAttemptAtUtc);
        }

        // Not due yet: nothing is sent. Thirty seconds later the robot accepts it.
        Assert.Equal(0, await app.Service<NotificationDispatcher>().DeliverPendingAsync(ct));
        webhook.ErrorCode = 0;
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await app.Service<NotificationDispatcher>().DeliverPendingAsync(ct));
        Assert.Equal(2, webhook.Received.Count);

        Assert.Equal(1, await notifier.UnreadCountAsync(supervisor, ct));
        Assert.Equal(0, await notifier.MarkReadAsync(await app.ViewerAsync("a-101"), null, ct));
        Assert.Equal(1, await notifier.MarkReadAsync(supervisor, null, ct));
        Assert.Equal(0, await notifier.UnreadCountAsync(supervisor, ct));
    }
}
