using System.Globalization;
using System.Reflection;
using ServiceCoach.Standards;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ServiceCoach.Complaints;

/// <summary>The result of loading a calendar file: the calendar, or the problems (file, line, column) that prevent it.</summary>
public sealed record CalendarLoadResult(BusinessCalendar? Calendar, IReadOnlyList<StandardProblem> Problems)
{
    public bool Succeeded => Calendar is not null && Problems.Count == 0;
}

/// <summary>
/// Reads a business calendar from YAML (schema in docs/complaints.md): time zone, weekly hours,
/// make-up-day hours, holidays (date ranges) and make-up working days (调休上班).
/// </summary>
public static class BusinessCalendarLoader
{
    public const string ShippedFileName = "zh-CN.mainland.yaml";

    private static readonly (string Key, DayOfWeek Day)[] Days =
    [
        ("monday", DayOfWeek.Monday), ("tuesday", DayOfWeek.Tuesday), ("wednesday", DayOfWeek.Wednesday),
        ("thursday", DayOfWeek.Thursday), ("friday", DayOfWeek.Friday), ("saturday", DayOfWeek.Saturday), ("sunday", DayOfWeek.Sunday),
    ];

    /// <summary>Mainland China's working-day calendar as shipped (2026 holidays and 调休 from the State Council's notice).</summary>
    public static string ShippedYaml { get; } = ReadResource("ServiceCoach.Complaints.zh-CN.mainland.yaml");

    public static BusinessCalendar Shipped => LazyShipped.Value;

    // After ShippedYaml: static initialisers run in text order.
    private static readonly Lazy<BusinessCalendar> LazyShipped = new(() =>
        Load(ShippedYaml, ShippedFileName).Calendar ?? throw new InvalidOperationException("The shipped calendar does not load."));

    public static CalendarLoadResult Load(string yaml, string fileName = "calendar.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var problems = new ProblemCollector(fileName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add(checked((int)e.Start.Line), checked((int)e.Start.Column), $"YAML syntax: {e.InnerException?.Message ?? e.Message}");
            return new CalendarLoadResult(null, problems.Problems);
        }
        catch (InvalidOperationException)
        {
            problems.Add(1, 1, "YAML syntax: a '[' or '{' is never closed (or a quote inside it is unbalanced).");
            return new CalendarLoadResult(null, problems.Problems);
        }

        if (stream.Documents.Count != 1)
        {
            problems.Add(1, 1, stream.Documents.Count == 0 ? "The file is empty." : "The file must hold exactly one YAML document.");
            return new CalendarLoadResult(null, problems.Problems);
        }

        var root = YamlMap.From(stream.Documents[0].RootNode, problems, "the calendar");
        if (root is null)
        {
            return new CalendarLoadResult(null, problems.Problems);
        }

        var calendar = Parse(root, problems);
        return new CalendarLoadResult(problems.HasProblems ? null : calendar, problems.Problems);
    }

    private static BusinessCalendar? Parse(YamlMap root, ProblemCollector problems)
    {
        var id = root.String("id", required: true);
        var name = root.String("name");
        var zoneText = root.String("timeZone", required: true);
        TimeZoneInfo? zone = null;
        if (zoneText is { } z)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(z.Value);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                problems.Add(z.Location, $"Unknown time zone '{z.Value}': use an IANA name such as Asia/Shanghai or Europe/Berlin.");
            }
        }

        var weekly = new Dictionary<DayOfWeek, IReadOnlyList<DayRange>>();
        if (root.Map("hours", required: true) is { } hours)
        {
            foreach (var (key, day) in Days)
            {
                if (hours.Node(key) is { } node)
                {
                    weekly[day] = Ranges(node, $"hours.{key}", problems);
                }
            }

            hours.RejectUnknownKeys();
            if (weekly.Values.All(h => h.Count == 0))
            {
                problems.Add(hours.Location, "The calendar has no working hours on any weekday: give at least one day, e.g. monday: 09:00-18:00.");
            }
        }

        IReadOnlyList<DayRange> makeUp = root.Node("makeUpDayHours") is { } makeUpNode
            ? Ranges(makeUpNode, "makeUpDayHours", problems)
            : weekly.GetValueOrDefault(DayOfWeek.Monday) ?? [];

        var exceptions = new Dictionary<DateOnly, CalendarDay>();
        if (root.Sequence("holidays") is { } holidays)
        {
            foreach (var item in holidays.Children)
            {
                var entry = YamlMap.From(item, problems, "a holiday");
                if (entry is null)
                {
                    continue;
                }

                var from = Date(entry, "from", required: true);
                var to = Date(entry, "to") ?? from;
                var holidayName = entry.String("name")?.Value ?? "节假日";
                entry.RejectUnknownKeys();
                if (from is null || to is null)
                {
                    continue;
                }

                if (to < from)
                {
                    problems.Add(entry.LocationOf("to"), $"The holiday '{holidayName}' ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
                    continue;
                }

                for (var d = from.Value; d <= to.Value; d = d.AddDays(1))
                {
                    if (!exceptions.TryAdd(d, new CalendarDay(d, holidayName, CalendarDayKind.Holiday, [])))
                    {
                        problems.Add(entry.Location, $"{d:yyyy-MM-dd} is listed twice ({exceptions[d].Name} and {holidayName}).");
                    }
                }
            }
        }

        if (root.Sequence("workdays") is { } workdays)
        {
            foreach (var item in workdays.Children)
            {
                var entry = YamlMap.From(item, problems, "a make-up working day");
                if (entry is null)
                {
                    continue;
                }

                var date = Date(entry, "date", required: true);
                var dayName = entry.String("name")?.Value ?? "调休上班";
                IReadOnlyList<DayRange> dayHours = entry.Node("hours") is { } h ? Ranges(h, "the hours of a make-up day", problems) : makeUp;
                entry.RejectUnknownKeys();
                if (date is null)
                {
                    continue;
                }

                if (dayHours.Count == 0)
                {
                    problems.Add(entry.Location, $"The make-up working day {date:yyyy-MM-dd} has no hours: set makeUpDayHours or give this day 'hours'.");
                }

                if (!exceptions.TryAdd(date.Value, new CalendarDay(date.Value, dayName, CalendarDayKind.MakeUpWorkday, dayHours)))
                {
                    problems.Add(entry.Location, $"{date:yyyy-MM-dd} is both '{exceptions[date.Value].Name}' and '{dayName}'.");
                }
            }
        }

        root.RejectUnknownKeys();
        if (id is null || zone is null)
        {
            return null;
        }

        return new BusinessCalendar(id.Value.Value, name?.Value ?? id.Value.Value, zone, weekly, makeUp, exceptions.Values);
    }

    private static DateOnly? Date(YamlMap map, string key, bool required = false)
    {
        var text = map.String(key, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Value.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        map.Problems.Add(text.Value.Location, $"'{key}' in {map.Context} must be a date written yyyy-MM-dd, found '{text.Value.Value}'.");
        return null;
    }

    /// <summary>"09:00-18:00", a list of such ranges, or an empty list (closed).</summary>
    private static List<DayRange> Ranges(YamlNode node, string context, ProblemCollector problems)
    {
        var result = new List<DayRange>();
        IEnumerable<YamlNode> items = node switch
        {
            YamlSequenceNode sequence => sequence.Children,
            YamlScalarNode { Value: null or "" or "closed" } => [],
            _ => [node],
        };
        foreach (var item in items)
        {
            var at = YamlMap.At(item, problems.File);
            if (item is not YamlScalarNode { Value: { } text } || ParseRange(text) is not { } range)
            {
                problems.Add(at, $"{context}: expected a time range such as 09:00-18:00 (24:00 for midnight at the end), found {YamlMap.Describe(item)}.");
                continue;
            }

            if (result.Count > 0 && result[^1].EndMinute > range.StartMinute)
            {
                problems.Add(at, $"{context}: {range} overlaps or comes before {result[^1]}; list ranges in order without overlap.");
                continue;
            }

            result.Add(range);
        }

        return result;
    }

    internal static DayRange? ParseRange(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || Minute(text[..dash].Trim()) is not { } start || Minute(text[(dash + 1)..].Trim()) is not { } end || end <= start)
        {
            return null;
        }

        return new DayRange(start, end);
    }

    private static int? Minute(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 ||
            !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var hours) ||
            !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ||
            minutes > 59 || text.Length - colon - 1 != 2)
        {
            return null;
        }

        var total = (hours * 60) + minutes;
        return total <= 1440 ? total : null;
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The shipped calendar '{name}' is missing from the engine assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
