using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Complaints;

/// <summary>
/// Business calendars: the shipped mainland-China calendar, admins' own (YAML in the database,
/// validated with line/column problems), and which calendar each team's clocks run on.
/// </summary>
public sealed class ComplaintCalendars(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Id, DateTime UpdatedAt), BusinessCalendar> _compiled = new();

    public static string ShippedId => BusinessCalendarLoader.Shipped.Id;

    /// <summary>The calendar a team's clocks run on: its chosen one, else the shipped (or admin-edited) mainland calendar.</summary>
    public async Task<BusinessCalendar> ForTeamAsync(ServiceCoachDbContext db, int? teamId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = ShippedId;
        if (teamId is { } team && await db.Set<TeamComplaintSettings>().AsNoTracking().Where(s => s.TeamId == team).Select(s => s.CalendarId).FirstOrDefaultAsync(cancellationToken) is { } chosen)
        {
            id = chosen;
        }

        return await ByIdAsync(db, id, cancellationToken);
    }

    public async Task<BusinessCalendar> ByIdAsync(ServiceCoachDbContext db, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var record = await db.Set<BusinessCalendarRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (record is null)
        {
            return BusinessCalendarLoader.Shipped;
        }

        return _compiled.GetOrAdd((record.Id, record.UpdatedAtUtc), _ =>
            BusinessCalendarLoader.Load(record.Yaml, $"{record.Id}.yaml").Calendar ?? BusinessCalendarLoader.Shipped);
    }

    /// <summary>Every calendar: the stored ones and the shipped one (unless an admin stored an edited copy under its id).</summary>
    public async Task<IReadOnlyList<(string Id, string Name, string Yaml, bool Shipped)>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Set<BusinessCalendarRecord>().AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var result = new List<(string, string, string, bool)>();
        if (stored.All(s => s.Id != ShippedId))
        {
            result.Add((ShippedId, BusinessCalendarLoader.Shipped.Name, BusinessCalendarLoader.ShippedYaml, true));
        }

        foreach (var record in stored)
        {
            var calendar = BusinessCalendarLoader.Load(record.Yaml, record.Id + ".yaml").Calendar;
            result.Add((record.Id, calendar?.Name ?? record.Id, record.Yaml, false));
        }

        return result;
    }

    /// <summary>Validates and stores a calendar (admins only), then moves the due times of running clocks onto it. Problems come back with line and column.</summary>
    public async Task<IReadOnlyList<StandardProblem>> SaveAsync(Viewer viewer, string yaml, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.IsInRole(Roles.Admin))
        {
            return [new StandardProblem(new SourceLocation("calendar.yaml", 1, 1), "Only administrators may edit business calendars.")];
        }

        var loaded = BusinessCalendarLoader.Load(yaml ?? "", "calendar.yaml");
        if (!loaded.Succeeded)
        {
            return loaded.Problems;
        }

        var id = loaded.Calendar!.Id;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<BusinessCalendarRecord>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (record is null)
        {
            record = new BusinessCalendarRecord { Id = id };
            db.Add(record);
        }

        record.Yaml = yaml!;
        record.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        record.UpdatedBy = viewer.UserName;
        AuditLog.Record(db, clock, viewer, "calendar.save", "calendar", id, new { name = loaded.Calendar.Name, zone = loaded.Calendar.Zone.Id, days = loaded.Calendar.Exceptions.Count });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>The teams whose calendar the viewer may choose (admins: all; supervisors: their own) and the calendar each runs on now.</summary>
    public async Task<IReadOnlyList<(int TeamId, string TeamName, string CalendarId)>> TeamsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await UserAdministration.ManagedTeams(db, viewer)
            .Select(t => new { t.Id, t.Name, Chosen = db.Set<TeamComplaintSettings>().Where(s => s.TeamId == t.Id).Select(s => s.CalendarId).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return [.. teams.Select(t => (t.Id, t.Name, t.Chosen ?? ShippedId))];
    }

    /// <summary>Chooses a team's calendar (admins, or the team's supervisors). Audited.</summary>
    public async Task<bool> SetTeamCalendarAsync(Viewer viewer, int teamId, string calendarId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.MayManageTeam(teamId))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (calendarId != ShippedId && !await db.Set<BusinessCalendarRecord>().AnyAsync(c => c.Id == calendarId, cancellationToken))
        {
            return false;
        }

        var settings = await db.Set<TeamComplaintSettings>().FirstOrDefaultAsync(s => s.TeamId == teamId, cancellationToken);
        if (settings is null)
        {
            db.Add(new TeamComplaintSettings { TeamId = teamId, CalendarId = calendarId });
        }
        else
        {
            settings.CalendarId = calendarId;
        }

        AuditLog.Record(db, clock, viewer, "calendar.team", "team", teamId.ToString(CultureInfo.InvariantCulture), new { calendar = calendarId });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
