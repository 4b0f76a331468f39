namespace ServiceCoach.Complaints;

/// <summary>
/// The state of an SLA clock (Chatwoot's model):
/// <see cref="Active"/> — running, never late; <see cref="ActiveWithBreaches"/> — running and late
/// now or earlier (an overdue first response, or an update interval missed before);
/// <see cref="Met"/> — stopped, never late; <see cref="Breached"/> — stopped, late at least once.
/// </summary>
public enum SlaStatus
{
    Active,
    ActiveWithBreaches,
    Met,
    Breached,
}

/// <summary>A time the clock did not run (等待客户回复 — waiting for the customer). <see cref="To"/> null = still paused.</summary>
public readonly record struct PauseInterval(DateTimeOffset From, DateTimeOffset? To);

/// <summary>
/// Everything an SLA clock is computed from. A deadline clock (first response, first solution,
/// closure, the 10-minute technical hand-off) has no <see cref="Resets"/> and stops when met; an
/// interval clock (an update to the customer at least every N seconds) starts a new interval at
/// every reset and stops when the complaint closes. <see cref="TargetSeconds"/> is counted in
/// SECONDS on the calendar (<see cref="ClockMode.Business"/>) or on the wall clock
/// (<see cref="ClockMode.Continuous"/>), minus the pauses.
/// </summary>
public sealed record SlaClockInput(
    DateTimeOffset StartedAt,
    long TargetSeconds,
    ClockMode Mode,
    IReadOnlyList<PauseInterval> Pauses,
    IReadOnlyList<DateTimeOffset> Resets,
    DateTimeOffset? StoppedAt)
{
    public static SlaClockInput Deadline(DateTimeOffset startedAt, long targetSeconds, ClockMode mode, DateTimeOffset? metAt = null, IReadOnlyList<PauseInterval>? pauses = null) =>
        new(startedAt, targetSeconds, mode, pauses ?? [], [], metAt);
}

/// <summary>
/// A clock's state at <c>now</c>. <see cref="DueAt"/> is the end of the current interval (null
/// while paused: a paused clock has no due time until it resumes, or once stopped).
/// <see cref="ElapsedSeconds"/> and <see cref="RemainingSeconds"/> are counted seconds of the
/// current interval (remaining is negative when overdue). Breaches are counted once per late
/// interval; <see cref="FirstBreachAt"/> is the due time of the first late one.
/// </summary>
public sealed record SlaClockState(
    SlaStatus Status,
    DateTimeOffset? DueAt,
    long ElapsedSeconds,
    long RemainingSeconds,
    int BreachCount,
    DateTimeOffset? FirstBreachAt,
    DateTimeOffset? LastBreachAt,
    bool Paused)
{
    public bool IsRunning => Status is SlaStatus.Active or SlaStatus.ActiveWithBreaches;

    /// <summary>Late now: running and past its due time.</summary>
    public bool IsOverdue => IsRunning && RemainingSeconds < 0;
}

/// <summary>
/// SLA arithmetic on business calendars: due times and counted seconds with pauses. Pure: the
/// current time is always a parameter. An instant exactly at the due time is still on time; one
/// tick later is late.
/// </summary>
public static class SlaCalculator
{
    /// <summary>
    /// When <paramref name="seconds"/> counted seconds after <paramref name="start"/> are used up,
    /// or null when an open pause (or a calendar without working time ahead) stops the count first.
    /// </summary>
    public static DateTimeOffset? DueAt(BusinessCalendar calendar, ClockMode mode, DateTimeOffset start, long seconds, IReadOnlyList<PauseInterval> pauses)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        var remaining = TimeSpan.FromSeconds(seconds);
        if (remaining == TimeSpan.Zero)
        {
            return start;
        }

        foreach (var (from, to) in Counting(calendar, mode, start, pauses))
        {
            var length = to - from;
            if (length >= remaining)
            {
                return from + remaining;
            }

            remaining -= length;
        }

        return null;
    }

    /// <summary>Counted seconds between two instants (whole seconds, rounded down; 0 when <paramref name="end"/> is not after <paramref name="start"/>).</summary>
    public static long CountedSeconds(BusinessCalendar calendar, ClockMode mode, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<PauseInterval> pauses)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(pauses);
        if (end <= start)
        {
            return 0;
        }

        var total = TimeSpan.Zero;
        foreach (var (from, to) in Counting(calendar, mode, start, pauses))
        {
            if (from >= end)
            {
                break;
            }

            total += (to < end ? to : end) - from;
        }

        return (long)Math.Floor(total.TotalSeconds);
    }

    /// <summary>Evaluates a clock at <paramref name="now"/>: its status, due time, elapsed and remaining seconds, and breaches.</summary>
    public static SlaClockState Evaluate(SlaClockInput input, BusinessCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(calendar);

        // What has happened by now: later resets, pauses or a stop are not yet known.
        var end = input.StoppedAt is { } stopped && stopped <= now ? stopped : now;
        var stoppedNow = input.StoppedAt is { } s && s <= now;
        var pauses = input.Pauses.Where(p => p.From <= end).Select(p => p.To is { } to && to > end ? p with { To = null } : p).ToArray();
        var anchors = input.Resets.Where(r => r > input.StartedAt && r <= end).Order().ToList();

        var breaches = 0;
        DateTimeOffset? firstBreach = null;
        DateTimeOffset? lastBreach = null;
        var anchor = input.StartedAt;
        foreach (var next in anchors)
        {
            var due = DueAt(calendar, input.Mode, anchor, input.TargetSeconds, ClosedAt(pauses, next));
            if (due is { } d && next > d)
            {
                breaches++;
                firstBreach ??= d;
                lastBreach = d;
            }

            anchor = next;
        }

        var currentDue = DueAt(calendar, input.Mode, anchor, input.TargetSeconds, stoppedNow ? ClosedAt(pauses, end) : pauses);
        var elapsed = CountedSeconds(calendar, input.Mode, anchor, end, pauses);
        if (currentDue is { } current && end > current)
        {
            breaches++;
            firstBreach ??= current;
            lastBreach = current;
        }

        var paused = !stoppedNow && pauses.Any(p => p.To is null);
        var status = stoppedNow
            ? breaches > 0 ? SlaStatus.Breached : SlaStatus.Met
            : breaches > 0 ? SlaStatus.ActiveWithBreaches : SlaStatus.Active;
        return new SlaClockState(
            status,
            stoppedNow ? null : currentDue,
            elapsed,
            input.TargetSeconds - elapsed,
            breaches,
            firstBreach,
            lastBreach,
            paused);
    }

    /// <summary>The pauses as they stood at <paramref name="at"/>: one still open then is closed there (it cannot count beyond).</summary>
    private static PauseInterval[] ClosedAt(PauseInterval[] pauses, DateTimeOffset at) =>
        [.. pauses.Where(p => p.From < at).Select(p => p.To is null || p.To > at ? p with { To = at } : p)];

    /// <summary>The intervals that count from <paramref name="start"/> on: working time minus pauses, ending at an open pause.</summary>
    private static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Counting(BusinessCalendar calendar, ClockMode mode, DateTimeOffset start, IReadOnlyList<PauseInterval> pauses)
    {
        var ordered = Merge(pauses);
        IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> working = mode == ClockMode.Continuous
            ? [(start, DateTimeOffset.MaxValue)]
            : calendar.WorkingIntervals(start);
        var p = 0;
        foreach (var (workStart, workEnd) in working)
        {
            var from = workStart;
            while (from < workEnd)
            {
                while (p < ordered.Count && ordered[p].To is { } closed && closed <= from)
                {
                    p++;
                }

                if (p >= ordered.Count || ordered[p].From >= workEnd)
                {
                    yield return (from, workEnd);
                    break;
                }

                var pause = ordered[p];
                if (pause.From > from)
                {
                    yield return (from, pause.From);
                }

                if (pause.To is not { } resume)
                {
                    yield break;
                }

                from = resume > from ? resume : from;
            }
        }
    }

    /// <summary>Pauses sorted and merged; an open pause swallows everything after its start.</summary>
    private static List<PauseInterval> Merge(IReadOnlyList<PauseInterval> pauses)
    {
        var result = new List<PauseInterval>(pauses.Count);
        foreach (var pause in pauses.OrderBy(p => p.From))
        {
            if (pause.To is { } to && to <= pause.From)
            {
                continue;
            }

            if (result.Count > 0 && result[^1] is var last && (last.To is null || last.To >= pause.From))
            {
                result[^1] = last with { To = last.To is null || pause.To is null ? null : (last.To > pause.To ? last.To : pause.To) };
                continue;
            }

            result.Add(pause);
        }

        return result;
    }
}
