using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Complaints;

/// <summary>
/// Several complaints of two teams and one without a team breach in the same pass, one of them
/// escalated by an earlier pass: every late clock is marked once with the time it fell late, each
/// complaint is escalated once (an earlier escalation keeps its time), and each complaint's people
/// and group robots hear once, naming all its late clocks. The sweeper writes these set-based
/// (docs/PERFORMANCE.md, "Complaint SLA sweep"); this is what it must still do.
/// </summary>
public sealed class SweepingManyBreachesAtOnceTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ManyComplaintsLateInOnePass_EachMarkedEscalatedAndAnnouncedOnce(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        var desk = app.Service<ComplaintDesk>();
        var notifier = app.Service<Notifier>();
        var sweeper = app.Service<SlaSweeper>();
        var first = await app.ViewerAsync("a-101");
        var other = await app.ViewerAsync("a-201");
        var admin = await app.ViewerAsync(DemoSeeder.AdminUserName);
        var firstSupervisor = await app.ViewerAsync(await app.SupervisorOfAsync("a-101"));
        var otherSupervisor = await app.ViewerAsync(await app.SupervisorOfAsync("a-201"));
        Assert.NotEqual(await app.TeamOfAsync("a-101"), await app.TeamOfAsync("a-201"));
        Assert.Null(await notifier.SaveTeamSettingsAsync(firstSupervisor, await app.TeamOfAsync("a-101"), emailEnabled: false, "https://wecom.example.test/hook", null, null, ct));

        async Task<long> OpenAsync(Viewer viewer, string customer) =>
            (await desk.CreateAsync(viewer, new NewComplaint { Title = "发票抬头错了", Description = "请重开发票", CustomerId = customer, CategoryId = "billing" }, ct)).Id!.Value;

        // An earlier pass: the first response of an older complaint fell late (30 s) and escalated it.
        var older = await OpenAsync(first, "u-1");
        clock.Advance(TimeSpan.FromSeconds(31));
        var escalatedAt = clock.GetUtcNow().UtcDateTime;
        Assert.Equal(1, (await sweeper.SweepAsync(ct)).Breaches);

        var mine = await OpenAsync(first, "u-2");
        var theirs = await OpenAsync(other, "u-3");
        var teamless = await OpenAsync(admin, "u-4");
        var before = await CountsAsync(app, ct);

        // Five minutes later: first response and first solution of the three new ones, the older one's first solution.
        clock.Advance(TimeSpan.FromSeconds(301));
        var now = clock.GetUtcNow().UtcDateTime;
        var sweep = await sweeper.SweepAsync(ct);

        Assert.Equal(7, sweep.Breaches);
        Assert.Equal(4, sweep.Complaints);
        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(ct);
        var late = await db.Set<SlaClockRecord>().AsNoTracking().Where(c => c.StoppedAtUtc == null && c.DueAtUtc < now).ToListAsync(ct);
        Assert.Equal(8, late.Count);
        Assert.All(late, c =>
        {
            Assert.True(c.BreachNotified);
            Assert.Equal(SlaStatus.ActiveWithBreaches, c.Status);
            Assert.Equal(c.DueAtUtc, c.LastBreachAtUtc);
        });
        Assert.False(await db.Set<SlaClockRecord>().AnyAsync(c => c.BreachNotified && (c.DueAtUtc == null || c.DueAtUtc >= now), ct));
        var escalated = await db.Set<ComplaintRecord>().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.EscalatedAtUtc, ct);
        Assert.Equal(escalatedAt, escalated[older]);
        Assert.All(new[] { mine, theirs, teamless }, id => Assert.Equal(now, escalated[id]));

        // The owner and the team's supervisor once per complaint; the admins for the complaint without a team.
        var breachTitles = await db.Set<NotificationRecord>().AsNoTracking().Where(n => n.Kind == "complaint.breach" && n.CreatedAtUtc == now)
            .Select(n => new { n.UserId, n.Title }).ToListAsync(ct);
        Assert.Equal(new[] { "投诉 #" + mine + " 超时：首次响应、初步解决方案", "投诉 #" + older + " 超时：初步解决方案" }.Order(StringComparer.Ordinal),
            breachTitles.Where(n => n.UserId == first.UserId).Select(n => n.Title).Order(StringComparer.Ordinal));
        Assert.Equal(2, breachTitles.Count(n => n.UserId == firstSupervisor.UserId));
        Assert.Equal("投诉 #" + theirs + " 超时：首次响应、初步解决方案", Assert.Single(breachTitles, n => n.UserId == otherSupervisor.UserId).Title);
        Assert.Single(breachTitles, n => n.UserId == other.UserId);
        Assert.Equal("投诉 #" + teamless + " 超时：首次响应、初步解决方案", Assert.Single(breachTitles, n => n.UserId == admin.UserId).Title);
        Assert.All(breachTitles.GroupBy(n => n.Title), complaint => Assert.Equal(complaint.Count(), complaint.Select(n => n.UserId).Distinct().Count()));
        Assert.Equal(4, breachTitles.Select(n => n.Title).Distinct().Count());

        // The first team's group robot: one message per complaint of that team; the other team has none set.
        var robot = await db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.Kind == "complaint.breach" && d.CreatedAtUtc == now).ToListAsync(ct);
        Assert.Equal(2, robot.Count);
        Assert.All(robot, d => Assert.Equal(NotificationChannelKind.WeCom, d.Channel));

        // Nothing new: the next pass announces nothing and writes nothing.
        var after = await CountsAsync(app, ct);
        Assert.Equal(0, (await sweeper.SweepAsync(ct)).Breaches);
        Assert.Equal(after, await CountsAsync(app, ct));
        Assert.Equal((before.Notifications + breachTitles.Count, before.Deliveries + 2), after);
    }

    private static async Task<(int Notifications, int Deliveries)> CountsAsync(ServiceCoachApp app, CancellationToken ct)
    {
        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(ct);
        return (await db.Set<NotificationRecord>().CountAsync(ct), await db.Set<NotificationDelivery>().CountAsync(ct));
    }
}
