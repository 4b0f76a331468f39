using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Data;
using ServiceCoach.Web.Tests.Infrastructure;
using static ServiceCoach.Web.Tests.Complaints.WorkingComplaintsThroughThePagesTests;

namespace ServiceCoach.Web.Tests.Complaints;

/// <summary>
/// The complaint page shows every time in the organisation's zone, as the other pages do, and reads the times a
/// person types there too; the SLA clocks still run on the team's business calendar (Asia/Shanghai in the demo).
/// </summary>
public sealed class ReadingComplaintTimesInTheOrganisationsZoneTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnOrganisationInUtc_SeesTheShanghaiCalendarsDueTimesInUtc_AndTypesCommitmentsInUtc(DatabaseProvider provider)
    {
        // Monday 2026-03-09 10:00 in Shanghai is 02:00 UTC: inside the calendar's working day.
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock, settings: new() { [OrganisationTime.ConfigurationKey] = "UTC" });
        using var agent = await CookieSession.SignInAsync(app, "a-101");
        var id = await OpenAsync(agent, "发票抬头开错了", "我的发票抬头开错了，请重开", "u-8801", "billing");

        var page = await agent.GetPageAsync(Page(id));

        // Five minutes on the business calendar, shown in UTC: 10:05 Shanghai is 02:05 UTC.
        Assert.Matches(ClockRow("first-solution", "计时中", "2026-03-09 02:05:00"), page);
        Assert.DoesNotContain("2026-03-09 10:05:00", page, StringComparison.Ordinal);
        Assert.Contains("创建：2026-03-09 02:00:00", page, StringComparison.Ordinal);
        Assert.Contains("UTC (UTC+00:00)", page, StringComparison.Ordinal);
        Assert.Contains("Asia/Shanghai", page, StringComparison.Ordinal);

        await StepAsync(agent, id, new() { ["step"] = "listen", ["note"] = "客户着急报销" });
        await StepAsync(agent, id, new() { ["step"] = "understand", ["note"] = "复述：抬头应为公司全称" });
        await StepAsync(agent, id, new() { ["step"] = "apologize", ["note"] = "致歉并承诺二十分钟内重开", ["commitAt"] = "2026-03-09T02:25" });

        // The commitment typed as 02:25 (the zone the page shows) is 02:25 UTC, i.e. 10:25 in Shanghai.
        page = await agent.GetPageAsync(Page(id));
        Assert.Contains("承诺：2026-03-09 02:25:00", page, StringComparison.Ordinal);
    }
}
