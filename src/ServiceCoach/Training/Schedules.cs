using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

public sealed record SessionInput(string Title, int? CohortId, int? ModuleId, DateTime StartsAtUtc, DateTime EndsAtUtc, string Room, int Capacity, string? TrainerUserName);

public sealed record SessionView(int Id, string Title, int? CohortId, string? CohortName, int? ModuleId, string? ModuleTitle, DateTime StartsAtUtc, DateTime EndsAtUtc,
    string Room, int Capacity, string? TrainerUserId, string? TrainerName, int Seated);

public sealed record SessionAttendeeView(string UserId, string UserName, string Name, bool? Attended);

public sealed record SchedulingSummary(int Placed, int AlreadySeated, IReadOnlyList<string> Unplaced);

/// <summary>
/// Offline sessions (workshops, role-play, simulation) with room, capacity and trainer; a scheduler
/// that seats a cohort's learners without clashes; attendance; iCalendar files for learners and
/// trainers (R-TRN-3/4). A session may not share its room or its trainer with an overlapping one.
/// </summary>
public sealed class Schedules(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    public async Task<(int? Id, IReadOnlyList<string> Problems)> CreateAsync(Viewer viewer, SessionInput input, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 200)
        {
            problems.Add("The title is required (at most 200 characters).");
        }

        if (input.EndsAtUtc <= input.StartsAtUtc)
        {
            problems.Add("A session must end after it starts.");
        }

        if (input.Capacity is < 1 or > 10_000)
        {
            problems.Add("The capacity is between 1 and 10,000.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        string? trainerId = null;
        if (input.TrainerUserName is { Length: > 0 } trainer)
        {
            var normal = trainer.Trim().ToUpperInvariant();
            trainerId = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normal).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            if (trainerId is null)
            {
                problems.Add($"There is no user '{trainer}' to teach the session.");
            }
        }

        var room = input.Room.Trim();
        var clashes = await db.TrainingSessions.AsNoTracking()
            .Where(s => s.StartsAtUtc < input.EndsAtUtc && input.StartsAtUtc < s.EndsAtUtc && ((room != "" && s.Room == room) || (trainerId != null && s.TrainerUserId == trainerId)))
            .Select(s => new { s.Title, s.Room, s.TrainerUserId, s.StartsAtUtc }).ToListAsync(cancellationToken);
        foreach (var clash in clashes)
        {
            problems.Add(clash.Room == room && room.Length > 0
                ? $"Room {room} is taken by '{clash.Title}' at that time."
                : $"The trainer already teaches '{clash.Title}' at that time.");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var session = new TrainingSession
        {
            Title = input.Title.Trim(),
            CohortId = input.CohortId,
            ModuleId = input.ModuleId,
            StartsAtUtc = input.StartsAtUtc,
            EndsAtUtc = input.EndsAtUtc,
            Room = room,
            Capacity = input.Capacity,
            TrainerUserId = trainerId,
        };
        db.TrainingSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "session.create", "session", session.Id.ToString(CultureInfo.InvariantCulture), new { session.Title, session.StartsAtUtc, session.Room, session.Capacity });
        await db.SaveChangesAsync(cancellationToken);
        return (session.Id, []);
    }

    /// <summary>Sessions, soonest first: a cohort's, or all (trainers and admins), or the viewer's own.</summary>
    public async Task<IReadOnlyList<SessionView>> ListAsync(Viewer viewer, int? cohortId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.TrainingSessions.AsNoTracking();
        if (cohortId is { } cohort)
        {
            query = query.Where(s => s.CohortId == cohort);
        }

        if (!viewer.Can(Policies.ViewLearningRecords))
        {
            var me = viewer.UserId;
            query = query.Where(s => s.TrainerUserId == me || db.SessionAttendees.Any(a => a.SessionId == s.Id && a.UserId == me));
        }

        return await Views(db, query).ToListAsync(cancellationToken);
    }

    /// <summary>The sessions a person attends or teaches.</summary>
    public async Task<IReadOnlyList<SessionView>> ForUserAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!await TrainingAccess.MaySeeLearnerAsync(dbFactory, viewer, userId, cancellationToken))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.TrainingSessions.AsNoTracking().Where(s => s.TrainerUserId == userId || db.SessionAttendees.Any(a => a.SessionId == s.Id && a.UserId == userId));
        return await Views(db, query).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SessionAttendeeView>> AttendeesAsync(Viewer viewer, int sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = TrainingAccess.VisibleLearners(db, viewer);
        return await (from a in db.SessionAttendees.AsNoTracking()
                      where a.SessionId == sessionId
                      join u in visible on a.UserId equals u.Id
                      orderby u.UserName
                      select new SessionAttendeeView(u.Id, u.UserName ?? "", u.DisplayName, a.Attended)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Seats the cohort's learners who are not yet in any of the given sessions (all sessions of the
    /// cohort when none are named; only those of <paramref name="moduleId"/> when it is given), each in
    /// the earliest session that has room and does not clash with their other sessions.
    /// </summary>
    public async Task<SchedulingSummary> ScheduleAsync(Viewer viewer, int cohortId, int? moduleId = null, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sessions = await db.TrainingSessions.AsNoTracking().Where(s => s.CohortId == cohortId && (moduleId == null || s.ModuleId == moduleId))
            .Select(s => new { s.Id, s.StartsAtUtc, s.EndsAtUtc, s.Capacity, Seated = db.SessionAttendees.Count(a => a.SessionId == s.Id) }).ToListAsync(cancellationToken);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var members = await db.CohortMembers.AsNoTracking().Where(m => m.CohortId == cohortId).Select(m => m.UserId).ToListAsync(cancellationToken);
        var seated = (await db.SessionAttendees.AsNoTracking().Where(a => sessionIds.Contains(a.SessionId)).Select(a => a.UserId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var waiting = members.Where(m => !seated.Contains(m)).ToList();
        var busy = await (from a in db.SessionAttendees.AsNoTracking()
                          join s in db.TrainingSessions.AsNoTracking() on a.SessionId equals s.Id
                          where waiting.Contains(a.UserId)
                          select new { a.UserId, s.StartsAtUtc, s.EndsAtUtc }).ToListAsync(cancellationToken);
        var result = SessionScheduler.Assign(
            [.. sessions.Select(s => new SessionSlot(s.Id, s.StartsAtUtc, s.EndsAtUtc, s.Capacity, s.Seated))],
            [.. waiting.Select(u => new LearnerAvailability(u, [.. busy.Where(b => b.UserId == u).Select(b => (b.StartsAtUtc, b.EndsAtUtc))]))]);
        foreach (var seat in result.Assignments)
        {
            db.SessionAttendees.Add(new SessionAttendee { SessionId = seat.SessionId, UserId = seat.UserId });
        }

        AuditLog.Record(db, clock, viewer, "session.schedule", "cohort", cohortId.ToString(CultureInfo.InvariantCulture), new { moduleId, placed = result.Assignments.Count, unplaced = result.Unplaced.Count });
        await db.SaveChangesAsync(cancellationToken);
        var names = await db.Users.AsNoTracking().Where(u => result.Unplaced.Contains(u.Id)).Select(u => u.UserName!).ToListAsync(cancellationToken);
        return new SchedulingSummary(result.Assignments.Count, seated.Count, names);
    }

    public async Task<bool> MarkAttendanceAsync(Viewer viewer, int sessionId, string userId, bool attended, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.SessionAttendees.Where(a => a.SessionId == sessionId && a.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Attended, attended), cancellationToken);
        if (changed > 0)
        {
            AuditLog.Record(db, clock, viewer, "session.attendance", "session", sessionId.ToString(CultureInfo.InvariantCulture), new { userId, attended });
            await db.SaveChangesAsync(cancellationToken);
        }

        return changed > 0;
    }

    /// <summary>A person's sessions (as learner and as trainer) as an iCalendar file (RFC 5545), times in UTC.</summary>
    public async Task<string?> CalendarAsync(Viewer viewer, string userId, string siteName, CancellationToken cancellationToken = default)
    {
        if (!await TrainingAccess.MaySeeLearnerAsync(dbFactory, viewer, userId, cancellationToken))
        {
            return null;
        }

        var sessions = await ForUserAsync(viewer, userId, cancellationToken);
        var calendar = new Ical.Net.Calendar { ProductId = "-//ServiceCoach//Training//ZH" };
        calendar.AddProperty("X-WR-CALNAME", siteName);
        foreach (var s in sessions)
        {
            var description = string.Join("\n", new[]
            {
                s.ModuleTitle is null ? null : "模块：" + s.ModuleTitle,
                s.CohortName is null ? null : "班期：" + s.CohortName,
                s.TrainerName is null ? null : "培训师：" + s.TrainerName,
            }.Where(x => x is not null));
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"servicecoach-session-{s.Id.ToString(CultureInfo.InvariantCulture)}",
                Summary = s.Title,
                Location = s.Room,
                Description = description,
                DtStart = new CalDateTime(s.StartsAtUtc, "UTC"),
                DtEnd = new CalDateTime(s.EndsAtUtc, "UTC"),
                DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime, "UTC"),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar);
    }

    private static IQueryable<SessionView> Views(ServiceCoachDbContext db, IQueryable<TrainingSession> query) =>
        from s in query
        join c in db.Cohorts on s.CohortId equals c.Id into cs
        from c in cs.DefaultIfEmpty()
        join m in db.ProgrammeModules on s.ModuleId equals m.Id into ms
        from m in ms.DefaultIfEmpty()
        join u in db.Users on s.TrainerUserId equals u.Id into us
        from u in us.DefaultIfEmpty()
        orderby s.StartsAtUtc
        select new SessionView(s.Id, s.Title, s.CohortId, c != null ? c.Name : null, s.ModuleId, m != null ? m.Title : null, s.StartsAtUtc, s.EndsAtUtc,
            s.Room, s.Capacity, s.TrainerUserId, u != null ? u.DisplayName : null, db.SessionAttendees.Count(a => a.SessionId == s.Id));

    private static void RequireManage(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            throw new UnauthorizedAccessException("Only trainers and admins manage sessions.");
        }
    }
}
