using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Complaints;

/// <summary>
/// Complaints about the same problem form a group; at 5 distinct customers the group becomes
/// 紧急 (a supervisor takes over), above 50 a crisis; the group page's history says who was notified.
/// </summary>
public sealed class EscalatingByCountTests
{
    private static readonly string[] Variants =
    [
        "扫地机器人升级固件后无法回充，一直原地转圈",
        "机器人升级固件以后无法回充，找不到充电座",
        "固件升级后扫地机器人无法回充",
        "升级固件后机器人回充失败，无法回充",
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task FourCustomersStayNormal_TheFifthMakesItUrgent_TheFiftyFirstACrisis(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        var desk = app.Service<ComplaintDesk>();
        var agent = await app.ViewerAsync("a-101");
        var ct = TestContext.Current.CancellationToken;

        async Task<long> ComplainAsync(int customer)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            var result = await desk.CreateAsync(agent, new NewComplaint
            {
                Title = "升级后无法回充",
                Description = Variants[customer % Variants.Length],
                CustomerId = string.Create(CultureInfo.InvariantCulture, $"c-{customer}"),
                CategoryId = "tech-support",
            }, ct);
            Assert.True(result.Succeeded, string.Join(" ", result.Problems));
            return result.Id!.Value;
        }

        var first = await ComplainAsync(1);
        await ComplainAsync(2);
        await ComplainAsync(3);
        var fourth = await ComplainAsync(4);
        // The same customer again is not a new customer.
        await ComplainAsync(4);
        var view = (await desk.GetAsync(agent, fourth, ct))!;
        Assert.Equal(4, view.Group!.DistinctCustomers);
        Assert.Equal("normal", view.Record.LevelId);
        Assert.Null(view.Group.ReachedLevelId);

        var fifth = await ComplainAsync(5);
        Assert.Equal("urgent", (await desk.GetAsync(agent, fifth, ct))!.Record.LevelId);
        Assert.Equal("urgent", (await desk.GetAsync(agent, first, ct))!.Record.LevelId);
        var group = (await app.Service<ComplaintInsights>().GroupAsync(agent, view.Group.Id, ct))!;
        Assert.Equal(6, group.Members.Count);
        Assert.Equal([1, 2, 3, 4, 4, 5], group.Growth.Select(g => g.Customers));
        var supervisor = await app.SupervisorOfAsync("a-101");
        Assert.Contains(group.Events, e => e.Kind == "threshold" && e.Text.Contains("≥ 5 人", StringComparison.Ordinal) && e.Text.Contains("紧急", StringComparison.Ordinal));
        Assert.Contains(group.Events, e => e.Kind == "notified" && e.Text.Contains(supervisor, StringComparison.Ordinal));
        Assert.Equal(1, await app.Service<Notifier>().UnreadCountAsync(await app.ViewerAsync(supervisor), ct));

        for (var customer = 6; customer <= 50; customer++)
        {
            await ComplainAsync(customer);
        }

        Assert.Equal("urgent", (await desk.GetAsync(agent, first, ct))!.Record.LevelId);
        var fiftyFirst = await ComplainAsync(51);
        Assert.Equal("crisis", (await desk.GetAsync(agent, fiftyFirst, ct))!.Record.LevelId);
        Assert.Equal("crisis", (await desk.GetAsync(agent, first, ct))!.Record.LevelId);
        group = (await app.Service<ComplaintInsights>().GroupAsync(agent, view.Group.Id, ct))!;
        Assert.Equal(51, group.Group.DistinctCustomers);
        Assert.Equal("crisis", group.Group.ReachedLevelId);
        Assert.Contains(group.Events, e => e.Kind == "threshold" && e.Text.Contains("> 50 人", StringComparison.Ordinal));
        Assert.Contains(group.Events, e => e.Kind == "notified" && e.Text.Contains("admin", StringComparison.Ordinal));

        // Every member raised by the crisis threshold is audited (the 52nd complaint was a crisis from the start).
        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(ct);
        Assert.Equal(51, await db.AuditEntries.CountAsync(a => a.Action == "complaint.level-escalation" && a.Details.Contains("\"to\":\"crisis\""), ct));
    }

    [Fact]
    public async Task OtherProblemsAndOtherCategories_DoNotJoinTheGroup()
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, clock: clock);
        var desk = app.Service<ComplaintDesk>();
        var agent = await app.ViewerAsync("a-101");
        var ct = TestContext.Current.CancellationToken;
        var a = await desk.CreateAsync(agent, new NewComplaint { Title = "无法回充", Description = Variants[0], CustomerId = "c-1", CategoryId = "tech-support" }, ct);
        var b = await desk.CreateAsync(agent, new NewComplaint { Title = "发票", Description = "发票抬头开错了，要求重开", CustomerId = "c-2", CategoryId = "tech-support" }, ct);
        var c = await desk.CreateAsync(agent, new NewComplaint { Title = "无法回充", Description = Variants[1], CustomerId = "c-3", CategoryId = "after-sales-repair" }, ct);
        clock.Advance(TimeSpan.FromDays(8));
        var d = await desk.CreateAsync(agent, new NewComplaint { Title = "无法回充", Description = Variants[2], CustomerId = "c-4", CategoryId = "tech-support" }, ct);

        var groups = new List<long?>();
        foreach (var result in new[] { a, b, c, d })
        {
            groups.Add((await desk.GetAsync(agent, result.Id!.Value, ct))!.Record.GroupId);
        }

        Assert.Equal(4, groups.Distinct().Count());
    }
}
