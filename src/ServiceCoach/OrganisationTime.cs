using System.Globalization;

namespace ServiceCoach;

/// <summary>
/// The organisation's one time zone (configuration <c>Organisation:TimeZone</c>, an IANA id,
/// default <see cref="DefaultZoneId"/>): every day a page buckets, filters or shows — dashboard
/// days and weeks, list and export date ranges, times in lists and detail pages — is a day in
/// this zone, so a dashboard count and the list behind it agree. Columns stay UTC.
/// </summary>
public sealed class OrganisationTime
{
    public const string ConfigurationKey = "Organisation:TimeZone";

    /// <summary>Chinese service centres: China Standard Time, UTC+08:00 all year.</summary>
    public const string DefaultZoneId = "Asia/Shanghai";

    public OrganisationTime(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
    }

    /// <summary>The shipped default zone (<see cref="DefaultZoneId"/>).</summary>
    public static OrganisationTime Default { get; } = FromId(DefaultZoneId);

    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// The zone named by <paramref name="id"/> (null or blank: the default). An unknown id fails
    /// with a message naming the setting and the value, so the host stops at start-up rather than
    /// showing days in a zone nobody chose.
    /// </summary>
    public static OrganisationTime FromId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            id = DefaultZoneId;
        }

        try
        {
            return new OrganisationTime(TimeZoneInfo.FindSystemTimeZoneById(id.Trim()));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} is '{id}', which is not a time zone this system knows. Use an IANA id such as 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei' or 'UTC'.", e);
        }
    }

    /// <summary>The wall-clock time in the organisation's zone of a UTC instant (Kind Unspecified).</summary>
    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The organisation's calendar day of a UTC instant.</summary>
    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>Today in the organisation's zone.</summary>
    public DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return LocalDate(clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// The UTC instant at which <paramref name="day"/> begins in the organisation's zone (when a
    /// daylight-saving change skips midnight, the first moment that exists).
    /// </summary>
    public DateTime StartOfDayUtc(DateOnly day) => LocalToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>A wall-clock time in the organisation's zone as UTC (a time skipped by a clock change moves forward to the first that exists).</summary>
    public DateTime LocalToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; i < 4 && Zone.IsInvalidTime(local); i++)
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>
    /// A time from outside (query string, API): with an offset or Z it is that instant; without one
    /// it is a wall-clock time in the organisation's zone. Returns UTC (Kind Utc).
    /// </summary>
    public DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(LocalToUtc(value), DateTimeKind.Utc),
    };

    /// <summary>A UTC time as the organisation's wall-clock time ("" for none).</summary>
    public string Format(DateTime? utc, string format = "yyyy-MM-dd HH:mm") =>
        utc is { } u ? ToLocal(u).ToString(format, CultureInfo.InvariantCulture) : "";

    /// <summary>A "yyyy-MM-dd" day (as a date filter sends it) as the UTC instant it begins; null for anything else.</summary>
    public DateTime? DayStartUtc(string? day, int addDays = 0) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.DayNumber + addDays <= DateOnly.MaxValue.DayNumber
            ? DateTime.SpecifyKind(StartOfDayUtc(d.AddDays(addDays)), DateTimeKind.Utc)
            : null;

    /// <summary>The zone's offset from UTC at <paramref name="utc"/>, as "UTC+08:00".</summary>
    public string OffsetLabel(DateTime utc)
    {
        var offset = Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>"Asia/Shanghai (UTC+08:00)": the zone as pages name it.</summary>
    public string Label(DateTime utc) => $"{Zone.Id} ({OffsetLabel(utc)})";
}
