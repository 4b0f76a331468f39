using ServiceCoach.Complaints;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Complaints;

public sealed class BusinessCalendarLoaderTests
{
    [Fact]
    public void Shipped_Mainland2026_HasTheStateCouncilHolidaysAndMakeUpDays()
    {
        var calendar = BusinessCalendarLoader.Shipped;

        Assert.Equal("Asia/Shanghai", calendar.Zone.Id);
        Assert.Equal(33, calendar.Exceptions.Count(e => e.Kind == CalendarDayKind.Holiday));
        Assert.Equal(
            [new DateOnly(2026, 1, 4), new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 28), new DateOnly(2026, 5, 9), new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)],
            calendar.Exceptions.Where(e => e.Kind == CalendarDayKind.MakeUpWorkday).Select(e => e.Date));
        Assert.Equal(CalendarDayKind.Holiday, calendar.KindOf(new DateOnly(2026, 2, 23)));
        Assert.Equal("春节", calendar.NameOf(new DateOnly(2026, 2, 23)));
        Assert.Equal(CalendarDayKind.Workday, calendar.KindOf(new DateOnly(2026, 2, 24)));
        Assert.Equal(CalendarDayKind.RestDay, calendar.KindOf(new DateOnly(2026, 3, 7)));
    }

    [Fact]
    public void IsWorkingTime_FollowsHoursHolidaysAndMakeUpDays()
    {
        var calendar = BusinessCalendarLoader.Shipped;
        var offset = TimeSpan.FromHours(8);

        Assert.True(calendar.IsWorkingTime(new DateTimeOffset(2026, 3, 9, 9, 0, 0, offset)));
        Assert.False(calendar.IsWorkingTime(new DateTimeOffset(2026, 3, 9, 18, 0, 0, offset)));
        Assert.False(calendar.IsWorkingTime(new DateTimeOffset(2026, 10, 5, 10, 0, 0, offset)));
        Assert.True(calendar.IsWorkingTime(new DateTimeOffset(2026, 9, 20, 10, 0, 0, offset)));
    }

    [Fact]
    public void Load_UnknownTimeZone_PointsAtIt()
    {
        var result = BusinessCalendarLoader.Load("id: x\ntimeZone: Asia/Beijing\nhours:\n  monday: 09:00-18:00\n", "cal.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new SourceLocation("cal.yaml", 2, 11), problem.Location);
        Assert.Contains("Asia/Beijing", problem.Message);
        Assert.Null(result.Calendar);
    }

    [Fact]
    public void Load_BadRangeAndBadDate_AreReportedWhereWritten()
    {
        var yaml = """
            id: x
            timeZone: Asia/Shanghai
            hours:
              monday: 18:00-09:00
              tuesday: 09:00-18:00
            holidays:
              - {from: 2026-13-01, name: 坏日期}
            """;

        var problems = BusinessCalendarLoader.Load(yaml, "cal.yaml").Problems;

        Assert.Equal(2, problems.Count);
        Assert.Equal(4, problems[0].Location.Line);
        Assert.Contains("time range", problems[0].Message);
        Assert.Equal(7, problems[1].Location.Line);
        Assert.Contains("yyyy-MM-dd", problems[1].Message);
    }

    [Fact]
    public void Load_DayThatIsBothHolidayAndMakeUpDay_IsAnError()
    {
        var yaml = """
            id: x
            timeZone: Asia/Shanghai
            hours: {monday: 09:00-18:00}
            holidays: [{from: 2026-01-01, to: 2026-01-03, name: 元旦}]
            workdays: [{date: 2026-01-02}]
            """;

        var problem = Assert.Single(BusinessCalendarLoader.Load(yaml, "cal.yaml").Problems);

        Assert.Contains("2026-01-02", problem.Message);
    }

    [Fact]
    public void Load_NoWorkingHoursAtAll_IsAnError()
    {
        var problem = Assert.Single(BusinessCalendarLoader.Load("id: x\ntimeZone: UTC\nhours: {sunday: []}\n", "cal.yaml").Problems);

        Assert.Contains("no working hours", problem.Message);
    }

    [Fact]
    public void Load_MisspeltKey_GetsAHint()
    {
        var problem = Assert.Single(BusinessCalendarLoader.Load("id: x\ntimeZone: UTC\nhours: {monday: 09:00-18:00}\nholiday: []\n", "cal.yaml").Problems);

        Assert.Contains("Did you mean 'holidays'?", problem.Message);
        Assert.Equal(4, problem.Location.Line);
    }

    [Fact]
    public void Load_SplitDayWithLunchBreak_KeepsBothRanges()
    {
        var calendar = BusinessCalendarLoader.Load("id: x\ntimeZone: Asia/Shanghai\nhours:\n  monday: [09:00-12:00, 13:30-18:00]\n", "cal.yaml").Calendar!;
        var offset = TimeSpan.FromHours(8);

        // 11:30 + 1 hour of work = 30 minutes before lunch and 30 after.
        var due = SlaCalculator.DueAt(calendar, ClockMode.Business, new DateTimeOffset(2026, 3, 9, 11, 30, 0, offset), 3600, []);

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 14, 0, 0, offset), due);
    }
}
