namespace ServiceCoach.Complaints;

/// <summary>Applies the engine's SLA arithmetic to stored clocks: refresh the due time, stop, restart an interval.</summary>
internal static class ClockMath
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static PauseInterval[] Pauses(IEnumerable<ComplaintPause> pauses) =>
        [.. pauses.Select(p => new PauseInterval(Utc(p.FromUtc), p.ToUtc is { } to ? Utc(to) : null))];

    public static SlaClockInput Input(SlaClockRecord clock, PauseInterval[] pauses) =>
        new(Utc(clock.AnchorAtUtc), clock.TargetSeconds, clock.Mode, clock.Pausable ? pauses : [], [], clock.StoppedAtUtc is { } s ? Utc(s) : null);

    /// <summary>The clock's state at <paramref name="now"/>, earlier late intervals included.</summary>
    public static SlaClockState Evaluate(SlaClockRecord clock, PauseInterval[] pauses, BusinessCalendar calendar, DateTimeOffset now)
    {
        var state = SlaCalculator.Evaluate(Input(clock, pauses), calendar, now);
        var breaches = state.BreachCount + clock.PastBreaches;
        var status = state.IsRunning
            ? breaches > 0 ? SlaStatus.ActiveWithBreaches : SlaStatus.Active
            : breaches > 0 ? SlaStatus.Breached : SlaStatus.Met;
        return state with { BreachCount = breaches, Status = status };
    }

    /// <summary>Recomputes the stored due time and status (after a pause, a resume, a level or calendar change).</summary>
    public static void Refresh(SlaClockRecord clock, PauseInterval[] pauses, BusinessCalendar calendar, DateTimeOffset now)
    {
        var state = Evaluate(clock, pauses, calendar, now);
        clock.DueAtUtc = state.DueAt?.UtcDateTime;
        clock.Status = state.Status;
        if (state.IsRunning && !state.IsOverdue)
        {
            // A new due time in the future (the level went down, a pause moved it): the next breach is announced again.
            clock.BreachNotified = false;
        }
    }

    public static void Stop(SlaClockRecord clock, PauseInterval[] pauses, BusinessCalendar calendar, DateTimeOffset at)
    {
        if (clock.StoppedAtUtc is not null)
        {
            return;
        }

        clock.StoppedAtUtc = at.UtcDateTime;
        var state = Evaluate(clock, pauses, calendar, at);
        clock.Status = state.Status;
        clock.DueAtUtc = null;
        if (state.LastBreachAt is { } breach)
        {
            clock.LastBreachAtUtc = breach.UtcDateTime;
        }
    }

    /// <summary>Starts a new interval of an update clock (the customer heard from us).</summary>
    public static void Restart(SlaClockRecord clock, PauseInterval[] pauses, BusinessCalendar calendar, DateTimeOffset at)
    {
        if (clock.StoppedAtUtc is not null)
        {
            return;
        }

        var current = SlaCalculator.Evaluate(Input(clock, pauses), calendar, at);
        if (current.BreachCount > 0)
        {
            clock.PastBreaches++;
            clock.LastBreachAtUtc = current.LastBreachAt?.UtcDateTime;
        }

        clock.AnchorAtUtc = at.UtcDateTime;
        clock.BreachNotified = false;
        Refresh(clock, pauses, calendar, at);
    }
}
