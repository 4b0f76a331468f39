using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Complaints;

/// <summary>
/// The complaint pages as people use them: an agent opens a complaint from the form, sees its
/// clocks with due times, watches one breach under the test clock, records the steps, closes it and
/// records the follow-up; another team's agent cannot see it; an agent cannot override a level.
/// </summary>
public sealed partial class WorkingComplaintsThroughThePagesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Agent_OpensRespondsSolvesClosesAndFollowsUp_WithTheClocksVisible(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        using var agent = await CookieSession.SignInAsync(app, "a-101");

        Assert.Contains("href=\"/complaints\"", await agent.GetPageAsync("/"));
        var id = await OpenAsync(agent, "发票抬头开错了", "我的发票抬头开错了，请重开", "u-8801", "billing");
        var page = await agent.GetPageAsync(Page(id));
        Assert.Contains("发票抬头开错了", page);
        Assert.Contains("处理中", page);
        Assert.Matches(ClockRow("first-solution", "计时中", "2026-03-09 10:05:00"), page);

        // Five minutes and one second later the first solution is late, and the page says so.
        clock.Advance(TimeSpan.FromSeconds(301));
        Assert.Matches(ClockRow("first-solution", "计时中（已超时）", "2026-03-09 10:05:00"), await agent.GetPageAsync(Page(id)));
        var list = await agent.GetPageAsync("/complaints");
        Assert.Contains($"data-testid=\"complaint-{id}\"", list);
        Assert.Contains("已超时", list);

        await StepAsync(agent, id, new() { ["step"] = "listen", ["note"] = "客户着急报销" });
        await StepAsync(agent, id, new() { ["step"] = "understand", ["note"] = "复述：抬头应为公司全称" });
        var noTime = await agent.PostFormAsync(Page(id), $"/complaints/{id}/steps", new() { ["step"] = "apologize", ["note"] = "致歉" });
        Assert.Contains("error=", noTime.Headers.Location!.ToString(), StringComparison.Ordinal);
        await StepAsync(agent, id, new() { ["step"] = "apologize", ["note"] = "致歉并承诺二十分钟内重开", ["commitAt"] = "2026-03-09T10:25" });
        await StepAsync(agent, id, new() { ["step"] = "solve", ["note"] = "作废原发票并重开" });
        page = await agent.GetPageAsync(Page(id));
        Assert.Contains("2026-03-09 10:25:00", page);
        Assert.Matches(ClockRow("first-solution", "已超时", "—"), page);

        var closed = await agent.PostFormAsync(Page(id), $"/complaints/{id}/close", new() { ["resolution"] = "已重开发票，客户确认收到" });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Contains("saved=1", closed.Headers.Location!.ToString(), StringComparison.Ordinal);
        page = await agent.GetPageAsync(Page(id));
        Assert.Contains("已关闭", page);
        Assert.Contains("已重开发票，客户确认收到", page);
        Assert.Matches(ClockRow("closure", "已达成", "—"), page);
        var followUp = FollowUpForm().Match(page);
        Assert.True(followUp.Success, "the closed complaint offers its follow-up");

        // The next day (a new sign-in: the cookie lasts a working day) the agent calls the customer back.
        clock.Advance(TimeSpan.FromDays(1));
        using var nextDay = await CookieSession.SignInAsync(app, "a-101");
        var recorded = await nextDay.PostFormAsync(Page(id), followUp.Groups[1].Value, new() { ["outcome"] = "客户很满意", ["satisfaction"] = "5" });
        Assert.Contains("saved=1", recorded.Headers.Location!.ToString(), StringComparison.Ordinal);
        page = await nextDay.GetPageAsync(Page(id));
        Assert.Contains("已回访", page);
        Assert.Contains("5/5", page);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnotherTeamsAgent_CannotSeeIt_AndAnAgentCannotOverrideTheLevel_ButTheSupervisorCan(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        using var agent = await CookieSession.SignInAsync(app, "a-101");
        var id = await OpenAsync(agent, "维修拖了三周", "维修一直没有结果，我已经咨询律师了", "u-9001", "after-sales-repair");
        var page = await agent.GetPageAsync(Page(id));
        Assert.Contains("重大", page);
        Assert.DoesNotContain($"action=\"/complaints/{id}/level\"", page);

        using var stranger = await CookieSession.SignInAsync(app, "a-201");
        Assert.DoesNotContain($"data-testid=\"complaint-{id}\"", await stranger.GetPageAsync("/complaints"));
        Assert.Contains("投诉不存在或您无权查看", await stranger.GetPageAsync(Page(id)));
        var strangerStep = await stranger.PostFormAsync("/complaints", $"/complaints/{id}/steps", new() { ["step"] = "listen", ["note"] = "不是我的" });
        Assert.Equal(HttpStatusCode.NotFound, strangerStep.StatusCode);

        var agentOverride = await agent.PostFormAsync(Page(id), $"/complaints/{id}/level", new() { ["level"] = "normal", ["reason"] = "我觉得不严重" });
        Assert.DoesNotContain("saved=1", agentOverride.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        var desk = app.Service<ComplaintDesk>();
        Assert.Equal("major", (await desk.GetAsync(await app.ViewerAsync("a-101"), id, Cancel))!.Record.LevelId);

        using var supervisor = await CookieSession.SignInAsync(app, await app.SupervisorOfAsync("a-101"));
        var supervisorPage = await supervisor.GetPageAsync(Page(id));
        Assert.Contains($"action=\"/complaints/{id}/level\"", supervisorPage);
        Assert.DoesNotContain("接手此投诉", supervisorPage);
        var noReason = await supervisor.PostFormAsync(Page(id), $"/complaints/{id}/level", new() { ["level"] = "urgent", ["reason"] = " " });
        Assert.Contains("error=", noReason.Headers.Location!.ToString(), StringComparison.Ordinal);
        var overridden = await supervisor.PostFormAsync(Page(id), $"/complaints/{id}/level", new() { ["level"] = "urgent", ["reason"] = "实际诉求是尽快维修" });
        Assert.Contains("saved=1", overridden.Headers.Location!.ToString(), StringComparison.Ordinal);
        supervisorPage = await supervisor.GetPageAsync(Page(id));
        Assert.Contains("人工调整", supervisorPage);
        Assert.Equal("urgent", (await desk.GetAsync(await app.ViewerAsync("a-101"), id, Cancel))!.Record.LevelId);

        // 紧急 is the supervisor's to own: the page offers the take-over, and the owner changes.
        Assert.Contains("接手此投诉", supervisorPage);
        var taken = await supervisor.PostFormAsync(Page(id), $"/complaints/{id}/take-over", []);
        Assert.Contains("saved=1", taken.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("接手此投诉", await supervisor.GetPageAsync(Page(id)));
    }

    internal static string Page(long id) => "/complaints/" + id.ToString(CultureInfo.InvariantCulture);

    internal static async Task<long> OpenAsync(CookieSession session, string title, string description, string customer, string category)
    {
        var created = await session.PostFormAsync("/complaints/new", "/complaints/create", new()
        {
            ["title"] = title,
            ["description"] = description,
            ["customerId"] = customer,
            ["category"] = category,
            ["channel"] = "chat",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.Matches("^/complaints/[0-9]+$", location);
        return long.Parse(location["/complaints/".Length..], CultureInfo.InvariantCulture);
    }

    internal static async Task StepAsync(CookieSession session, long id, Dictionary<string, string> fields)
    {
        var response = await session.PostFormAsync(Page(id), $"/complaints/{id}/steps", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.True(location.Contains("saved=1", StringComparison.Ordinal), $"{fields["step"]}: {Uri.UnescapeDataString(location)}");
    }

    /// <summary>The clock's row: its status badge, then (after the remaining time) its due time.</summary>
    internal static Regex ClockRow(string kind, string status, string due) =>
        new($"data-testid=\"clock-{Regex.Escape(kind)}\">(?:(?!</tr>).)*>{Regex.Escape(status)}</span>(?:(?!</tr>).)*<td>{Regex.Escape(due)}</td>", RegexOptions.Singleline);

    [GeneratedRegex("action=\"(/complaints/[0-9]+/follow-ups/[0-9]+)\"")]
    private static partial Regex FollowUpForm();
}
