using System.Globalization;

namespace ServiceCoach.Complaints;

/// <summary>Working hours within one local day, in minutes after local midnight: [Start, End), End ≤ 1440 (24:00).</summary>
public readonly record struct DayRange(int StartMinute, int EndMinute)
{
    public int Minutes => EndMinute - StartMinute;

    public override string ToString() => $"{Format(StartMinute)}-{Format(EndMinute)}";

    private static string Format(int minute) => string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");
}

/// <summary>What kind of day a local date is in a calendar.</summary>
public enum CalendarDayKind
{
    /// <summary>A normal working day by the weekly hours.</summary>
    Workday,

    /// <summary>A day the weekly hours leave closed (usually the weekend).</summary>
    RestDay,

    /// <summary>法定节假日 — closed whatever the weekday.</summary>
    Holiday,

    /// <summary>调休上班 — a weekend day declared a working day to make up for a holiday.</summary>
    MakeUpWorkday,
}

/// <summary>A dated exception to the weekly hours: a holiday (no hours) or a make-up working day (its hours).</summary>
public sealed record CalendarDay(DateOnly Date, string Name, CalendarDayKind Kind, IReadOnlyList<DayRange> Hours);

/// <summary>
/// A business calendar: weekly working hours in a time zone, holidays and make-up working days
/// (调休, which generic holiday libraries get wrong: mainland China moves weekend days to working
/// days around long holidays). Pure and immutable; every instant in and out is a
/// <see cref="DateTimeOffset"/> and every working interval is computed in the calendar's zone, so a
/// zone with daylight saving time yields the right UTC instants and a 23- or 25-hour day where the
/// hours span the change.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>How far a search for working time looks ahead before giving up (a calendar closed for years).</summary>
    public const int HorizonDays = 3 * 366;

    private readonly IReadOnlyList<DayRange>[] _weekly;
    private readonly Dictionary<DateOnly, CalendarDay> _exceptions;

    public BusinessCalendar(
        string id,
        string name,
        TimeZoneInfo zone,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<DayRange>> weeklyHours,
        IReadOnlyList<DayRange> makeUpDayHours,
        IEnumerable<CalendarDay> exceptions)
    {
        ArgumentNullException.ThrowIfNull(weeklyHours);
        ArgumentNullException.ThrowIfNull(exceptions);
        Id = id;
        Name = name;
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
        _weekly = new IReadOnlyList<DayRange>[7];
        for (var d = 0; d < 7; d++)
        {
            _weekly[d] = weeklyHours.TryGetValue((DayOfWeek)d, out var hours) ? [.. hours.OrderBy(h => h.StartMinute)] : [];
        }

        MakeUpDayHours = makeUpDayHours;
        _exceptions = exceptions.ToDictionary(e => e.Date);
    }

    public string Id { get; }

    public string Name { get; }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<DayRange> MakeUpDayHours { get; }

    /// <summary>The dated exceptions in date order (holidays and make-up working days).</summary>
    public IReadOnlyList<CalendarDay> Exceptions => [.. _exceptions.Values.OrderBy(e => e.Date)];

    public IReadOnlyList<DayRange> WeeklyHours(DayOfWeek day) => _weekly[(int)day];

    /// <summary>Open every second of every day in <paramref name="zone"/> (24×7).</summary>
    public static BusinessCalendar AlwaysOpen(TimeZoneInfo zone)
    {
        IReadOnlyList<DayRange> allDay = [new DayRange(0, 1440)];
        return new BusinessCalendar("24x7", "全天候 24×7", zone, Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => allDay), allDay, []);
    }

    public CalendarDayKind KindOf(DateOnly date)
    {
        if (_exceptions.TryGetValue(date, out var exception))
        {
            return exception.Kind;
        }

        return _weekly[(int)date.DayOfWeek].Count > 0 ? CalendarDayKind.Workday : CalendarDayKind.RestDay;
    }

    /// <summary>The name of a holiday or make-up day, or null for an ordinary day.</summary>
    public string? NameOf(DateOnly date) => _exceptions.TryGetValue(date, out var e) ? e.Name : null;

    /// <summary>The working hours of a local date (empty on rest days and holidays).</summary>
    public IReadOnlyList<DayRange> HoursOn(DateOnly date) =>
        _exceptions.TryGetValue(date, out var exception) ? exception.Hours : _weekly[(int)date.DayOfWeek];

    /// <summary>The local date of an instant in the calendar's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public bool IsWorkingTime(DateTimeOffset instant)
    {
        foreach (var (start, end) in WorkingIntervals(instant.AddDays(-1)))
        {
            if (start > instant)
            {
                return false;
            }

            if (instant < end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The working intervals [start, end) that end after <paramref name="from"/>, in order, the
    /// first clipped to start no earlier than <paramref name="from"/>; at most <see cref="HorizonDays"/>
    /// local days are looked at. Adjacent intervals (24:00 then 00:00) are yielded separately.
    /// </summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> WorkingIntervals(DateTimeOffset from)
    {
        var date = LocalDate(from);
        for (var day = 0; day < HorizonDays; day++, date = date.AddDays(1))
        {
            foreach (var range in HoursOn(date))
            {
                var start = ToInstant(date, range.StartMinute);
                var end = ToInstant(date, range.EndMinute);
                if (end <= from || end <= start)
                {
                    continue;
                }

                yield return (start < from ? from : start, end);
            }
        }
    }

    /// <summary>
    /// The instant of a local wall-clock time in the zone. A time skipped by a spring-forward
    /// change is read with the offset before the change (02:30 becomes 03:30 daylight time); a time
    /// that occurs twice at a fall-back change is its first occurrence.
    /// </summary>
    public DateTimeOffset ToInstant(DateOnly date, int minuteOfDay)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddMinutes(minuteOfDay);
        TimeSpan offset;
        if (Zone.IsInvalidTime(local))
        {
            offset = Zone.GetUtcOffset(local.AddHours(-3));
        }
        else if (Zone.IsAmbiguousTime(local))
        {
            offset = Zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = Zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
