using ServiceCoach.Complaints;

namespace ServiceCoach.Tests.Complaints;

/// <summary>SLA clocks in seconds on business calendars: working hours, holidays, 调休, pauses, time zones with and without DST.</summary>
public sealed class SlaCalculatorTests
{
    private static readonly BusinessCalendar China = BusinessCalendarLoader.Shipped;

    private static DateTimeOffset Cst(int month, int day, int hour, int minute, int second = 0, int year = 2026) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(8));

    private static DateTimeOffset? Due(BusinessCalendar calendar, DateTimeOffset start, long seconds, params PauseInterval[] pauses) =>
        SlaCalculator.DueAt(calendar, ClockMode.Business, start, seconds, pauses);

    [Fact]
    public void DueAt_ThirtySecondsBeforeFridayClosing_CarriesOverTheWeekend()
    {
        // 2026-03-06 is a Friday; ten seconds remain that day, twenty on Monday morning.
        Assert.Equal(Cst(3, 9, 9, 0, 20), Due(China, Cst(3, 6, 17, 59, 50), 30));
    }

    [Fact]
    public void DueAt_StartedOutsideWorkingHours_StartsCountingAtOpening()
    {
        Assert.Equal(Cst(3, 10, 9, 5), Due(China, Cst(3, 9, 22, 0), 300));
    }

    [Fact]
    public void DueAt_BeforeNationalDay_SkipsTheWholeHoliday()
    {
        // One hour on Wednesday 30 September, then 1–7 October are holidays: the second hour is on Thursday 8 October.
        Assert.Equal(Cst(10, 8, 10, 0), Due(China, Cst(9, 30, 17, 0), 7200));
    }

    [Fact]
    public void DueAt_BeforeAMakeUpSaturday_CountsTheSaturday()
    {
        // Saturday 10 October 2026 is a 调休 working day; a calendar without make-up days would say Monday.
        Assert.Equal(Cst(10, 10, 10, 0), Due(China, Cst(10, 9, 17, 0), 7200));
        Assert.Equal(CalendarDayKind.MakeUpWorkday, China.KindOf(new DateOnly(2026, 10, 10)));

        var withoutMakeUpDays = new BusinessCalendar("plain", "plain", China.Zone,
            Enum.GetValues<DayOfWeek>().ToDictionary(d => d, d => China.WeeklyHours(d)), China.MakeUpDayHours,
            China.Exceptions.Where(e => e.Kind == CalendarDayKind.Holiday));
        Assert.Equal(Cst(10, 12, 10, 0), Due(withoutMakeUpDays, Cst(10, 9, 17, 0), 7200));
    }

    [Fact]
    public void DueAt_OverNewYear_SkipsTheHolidayAndWorksSunday4January()
    {
        Assert.Equal(Cst(1, 4, 10, 0), Due(China, Cst(12, 31, 17, 0, year: 2025), 7200));
    }

    [Fact]
    public void DueAt_OverSpringFestival_WorksSaturday14FebruaryThenSkipsNineDays()
    {
        Assert.Equal(Cst(2, 14, 10, 0), Due(China, Cst(2, 13, 17, 0), 7200));
        Assert.Equal(Cst(2, 24, 9, 30), Due(China, Cst(2, 14, 17, 30), 3600));
    }

    [Fact]
    public void DueAt_ContinuousClock_IgnoresTheCalendar()
    {
        var start = Cst(10, 1, 12, 0);
        Assert.Equal(start.AddSeconds(86_400), SlaCalculator.DueAt(China, ClockMode.Continuous, start, 86_400, []));
    }

    [Fact]
    public void DueAt_ClosedPause_PushesTheDueTimeBackByThePause()
    {
        var start = Cst(3, 9, 9, 0);
        var due = Due(China, start, 300, new PauseInterval(Cst(3, 9, 9, 2), Cst(3, 9, 9, 12)));

        Assert.Equal(Cst(3, 9, 9, 15), due);
    }

    [Fact]
    public void DueAt_OpenPause_HasNoDueTime()
    {
        Assert.Null(Due(China, Cst(3, 9, 9, 0), 300, new PauseInterval(Cst(3, 9, 9, 2), null)));
    }

    [Fact]
    public void DueAt_PauseOutsideWorkingHours_ChangesNothing()
    {
        var pause = new PauseInterval(Cst(3, 9, 19, 0), Cst(3, 10, 8, 0));
        Assert.Equal(Cst(3, 10, 9, 30), Due(China, Cst(3, 9, 17, 30), 3600, pause));
    }

    [Fact]
    public void CountedSeconds_OverAWeekendAndAHoliday_CountsOnlyWorkingSeconds()
    {
        // Friday 2 October (holiday) to Thursday 8 October 10:00: only the hour on the 8th counts.
        Assert.Equal(3600, SlaCalculator.CountedSeconds(China, ClockMode.Business, Cst(10, 2, 9, 0), Cst(10, 8, 10, 0), []));
    }

    [Fact]
    public void Evaluate_MetExactlyAtTheDueSecond_IsMet()
    {
        var input = SlaClockInput.Deadline(Cst(3, 9, 10, 0), 30, ClockMode.Business, metAt: Cst(3, 9, 10, 0, 30));

        var state = SlaCalculator.Evaluate(input, China, Cst(3, 9, 11, 0));

        Assert.Equal(SlaStatus.Met, state.Status);
        Assert.Equal(0, state.BreachCount);
        Assert.Null(state.DueAt);
    }

    [Fact]
    public void Evaluate_MetOneSecondLate_IsBreachedAtTheDueTime()
    {
        var input = SlaClockInput.Deadline(Cst(3, 9, 10, 0), 30, ClockMode.Business, metAt: Cst(3, 9, 10, 0, 31));

        var state = SlaCalculator.Evaluate(input, China, Cst(3, 9, 11, 0));

        Assert.Equal(SlaStatus.Breached, state.Status);
        Assert.Equal(Cst(3, 9, 10, 0, 30), state.FirstBreachAt);
    }

    [Fact]
    public void Evaluate_RunningPastItsDueTime_IsActiveWithBreaches()
    {
        var input = SlaClockInput.Deadline(Cst(3, 9, 10, 0), 30, ClockMode.Business);

        var onTime = SlaCalculator.Evaluate(input, China, Cst(3, 9, 10, 0, 29));
        var late = SlaCalculator.Evaluate(input, China, Cst(3, 9, 10, 0, 45));

        Assert.Equal(SlaStatus.Active, onTime.Status);
        Assert.Equal(1, onTime.RemainingSeconds);
        Assert.Equal(SlaStatus.ActiveWithBreaches, late.Status);
        Assert.Equal(-15, late.RemainingSeconds);
        Assert.True(late.IsOverdue);
        Assert.Equal(Cst(3, 9, 10, 0, 30), late.DueAt);
    }

    [Fact]
    public void Evaluate_MetAfterNowIsNotYetKnown()
    {
        var input = SlaClockInput.Deadline(Cst(3, 9, 10, 0), 300, ClockMode.Business, metAt: Cst(3, 9, 10, 4));

        var state = SlaCalculator.Evaluate(input, China, Cst(3, 9, 10, 2));

        Assert.Equal(SlaStatus.Active, state.Status);
        Assert.Equal(120, state.ElapsedSeconds);
    }

    [Fact]
    public void Evaluate_WhilePaused_FreezesTheRemainingSeconds()
    {
        var input = SlaClockInput.Deadline(Cst(3, 9, 9, 0), 300, ClockMode.Business, pauses: [new PauseInterval(Cst(3, 9, 9, 2), null)]);

        var soon = SlaCalculator.Evaluate(input, China, Cst(3, 9, 9, 3));
        var muchLater = SlaCalculator.Evaluate(input, China, Cst(3, 12, 15, 0));

        Assert.True(soon.Paused);
        Assert.Null(soon.DueAt);
        Assert.Equal(SlaStatus.Active, muchLater.Status);
        Assert.Equal(180, soon.RemainingSeconds);
        Assert.Equal(180, muchLater.RemainingSeconds);
    }

    [Fact]
    public void Evaluate_PausedAfterTheBreach_StaysBreached()
    {
        var input = SlaClockInput.Deadline(Cst(3, 9, 9, 0), 60, ClockMode.Business, pauses: [new PauseInterval(Cst(3, 9, 9, 5), null)]);

        var state = SlaCalculator.Evaluate(input, China, Cst(3, 9, 9, 10));

        Assert.Equal(SlaStatus.ActiveWithBreaches, state.Status);
        Assert.Equal(Cst(3, 9, 9, 1), state.FirstBreachAt);
    }

    [Fact]
    public void Evaluate_UpdateInterval_CountsEachLateUpdateAndRunsOn()
    {
        var input = new SlaClockInput(Cst(3, 9, 10, 0), 3600, ClockMode.Continuous, [],
            [Cst(3, 9, 10, 50), Cst(3, 9, 12, 0)], null);

        var state = SlaCalculator.Evaluate(input, China, Cst(3, 9, 12, 30));

        Assert.Equal(SlaStatus.ActiveWithBreaches, state.Status);
        Assert.Equal(1, state.BreachCount);
        Assert.Equal(Cst(3, 9, 11, 50), state.FirstBreachAt);
        Assert.Equal(Cst(3, 9, 13, 0), state.DueAt);
        Assert.Equal(1800, state.ElapsedSeconds);
    }

    [Fact]
    public void Evaluate_UpdateIntervalAlwaysKept_IsMetWhenStopped()
    {
        var input = new SlaClockInput(Cst(3, 9, 10, 0), 3600, ClockMode.Continuous, [],
            [Cst(3, 9, 10, 50), Cst(3, 9, 11, 40)], Cst(3, 9, 12, 10));

        var state = SlaCalculator.Evaluate(input, China, Cst(3, 9, 13, 0));

        Assert.Equal(SlaStatus.Met, state.Status);
    }

    [Fact]
    public void Evaluate_UpdateIntervalLateThenStopped_IsBreached()
    {
        var input = new SlaClockInput(Cst(3, 9, 10, 0), 3600, ClockMode.Continuous, [],
            [Cst(3, 9, 11, 30)], Cst(3, 9, 12, 0));

        var state = SlaCalculator.Evaluate(input, China, Cst(3, 9, 13, 0));

        Assert.Equal(SlaStatus.Breached, state.Status);
        Assert.Equal(1, state.BreachCount);
    }

    [Fact]
    public void Shanghai_In2026_IsAlwaysPlusEight()
    {
        // China used daylight time in 1986–1991, so the zone "supports" it; not in any year we schedule.
        var zone = China.Zone;
        Assert.Equal(TimeSpan.FromHours(8), zone.GetUtcOffset(new DateTime(2026, 1, 15)));
        Assert.Equal(TimeSpan.FromHours(8), zone.GetUtcOffset(new DateTime(2026, 7, 1)));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 1, 0, 0, TimeSpan.Zero), China.ToInstant(new DateOnly(2026, 7, 1), 9 * 60));
    }

    [Fact]
    public void DueAt_InNewYorkAcrossTheSpringForwardWeekend_UsesDaylightTimeOnMonday()
    {
        var newYork = NewYorkOffice();
        // Friday 6 March 2026 16:00 EST (21:00 UTC); DST starts Sunday 8 March. One hour left on Friday, one on Monday.
        var start = new DateTimeOffset(2026, 3, 6, 16, 0, 0, TimeSpan.FromHours(-5));

        var due = SlaCalculator.DueAt(newYork, ClockMode.Business, start, 7200, []);

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero), due);
        Assert.Equal(TimeSpan.FromHours(-4), newYork.ToLocal(due!.Value).Offset);
    }

    [Fact]
    public void CountedSeconds_AroundTheClockInNewYork_TheSpringForwardDayHas23Hours()
    {
        var allDay = BusinessCalendar.AlwaysOpen(NewYorkOffice().Zone);
        var sunday = allDay.ToInstant(new DateOnly(2026, 3, 8), 0);
        var monday = allDay.ToInstant(new DateOnly(2026, 3, 9), 0);
        var fallBackSunday = allDay.ToInstant(new DateOnly(2026, 11, 1), 0);
        var fallBackMonday = allDay.ToInstant(new DateOnly(2026, 11, 2), 0);

        Assert.Equal(23 * 3600, SlaCalculator.CountedSeconds(allDay, ClockMode.Business, sunday, monday, []));
        Assert.Equal(25 * 3600, SlaCalculator.CountedSeconds(allDay, ClockMode.Business, fallBackSunday, fallBackMonday, []));
    }

    [Fact]
    public void ToInstant_SkippedAndRepeatedLocalTimes_ResolveDeterministically()
    {
        var newYork = NewYorkOffice();

        // 02:30 on 8 March does not exist: read with the standard offset, i.e. 03:30 daylight time.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), newYork.ToInstant(new DateOnly(2026, 3, 8), 150));
        // 01:30 on 1 November happens twice: the first (daylight) one.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), newYork.ToInstant(new DateOnly(2026, 11, 1), 90));
    }

    private static BusinessCalendar NewYorkOffice()
    {
        var result = BusinessCalendarLoader.Load("""
            id: us-east
            name: New York office
            timeZone: America/New_York
            hours:
              monday: 09:00-17:00
              tuesday: 09:00-17:00
              wednesday: 09:00-17:00
              thursday: 09:00-17:00
              friday: 09:00-17:00
            """, "ny.yaml");
        Assert.Empty(result.Problems);
        return result.Calendar!;
    }
}
