using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Notifications;

namespace ServiceCoach.Complaints;

/// <param name="Breaches">Clocks newly marked late (each announced once per late interval).</param>
/// <param name="Complaints">Complaints those clocks belong to (each escalated and notified once per pass).</param>
/// <param name="FollowUpReminders">Follow-up calls that fell due and were reminded.</param>
public sealed record SweepResult(int Breaches, int Complaints, int FollowUpReminders, TimeSpan Elapsed);

/// <summary>
/// The SLA sweeper: marks running clocks whose due time has passed as breached, escalates their
/// complaints (supervisors, the team's group chats and the owner are notified), and reminds owners
/// of follow-up calls that fell due. Due times are stored when clocks change, so a pass is one
/// indexed query for the due clocks plus work proportional to the breaches — not to the open
/// complaints. On PostgreSQL each batch is claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several
/// nodes may sweep at once without announcing a breach twice. The background loop and
/// <c>servicecoach sla sweep</c> both call <see cref="SweepAsync"/>.
/// </summary>
public sealed class SlaSweeper(IDbContextFactory<ServiceCoachDbContext> dbFactory, Notifier notifier, NotificationDispatcher dispatcher, TimeProvider clock)
{
    public const int BatchSize = 500;

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var breaches = 0;
        var complaints = 0;
        while (true)
        {
            var (clocks, affected) = await SweepBatchAsync(cancellationToken);
            if (clocks == 0)
            {
                break;
            }

            breaches += clocks;
            complaints += affected;
        }

        var reminders = await RemindFollowUpsAsync(cancellationToken);
        if (breaches + reminders > 0)
        {
            dispatcher.Wake();
        }

        return new SweepResult(breaches, complaints, reminders, Stopwatch.GetElapsedTime(started));
    }

    private async Task<(int Clocks, int Complaints)> SweepBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        List<long> ids;
        if (db.Database.IsNpgsql())
        {
            ids = await db.Database.SqlQuery<long>($"""
                SELECT "Id" AS "Value" FROM "SlaClocks"
                WHERE NOT "BreachNotified" AND "StoppedAtUtc" IS NULL AND "DueAtUtc" < {now}
                ORDER BY "DueAtUtc" LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
        }
        else
        {
            ids = await db.Set<SlaClockRecord>()
                .Where(c => !c.BreachNotified && c.StoppedAtUtc == null && c.DueAtUtc != null && c.DueAtUtc < now)
                .OrderBy(c => c.DueAtUtc).Select(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
        }

        if (ids.Count == 0)
        {
            return (0, 0);
        }

        // Set-based: one UPDATE for the claimed clocks, one for their complaints, the notifications
        // by COPY — a few statements per batch, not one per row (tracked entities and SaveChanges
        // cost ~3,000 statements and ~80 KB of allocation per breach; see docs/PERFORMANCE.md).
        var kinds = (await db.Set<SlaClockRecord>().AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new { c.ComplaintId, c.Kind }).ToListAsync(cancellationToken)).ToLookup(c => c.ComplaintId, c => c.Kind);
        await db.Set<SlaClockRecord>().Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.BreachNotified, true)
            .SetProperty(c => c.Status, SlaStatus.ActiveWithBreaches)
            .SetProperty(c => c.LastBreachAtUtc, c => c.DueAtUtc), cancellationToken);
        var complaintIds = kinds.Select(k => k.Key).ToArray();
        var complaints = await db.Set<ComplaintRecord>().AsNoTracking().Where(c => complaintIds.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Title, c.CustomerId, c.TierId, c.LevelId, c.OwnerUserId, c.OwnerName, c.TeamId }).ToListAsync(cancellationToken);
        await db.Set<ComplaintRecord>().Where(c => complaintIds.Contains(c.Id) && c.EscalatedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.EscalatedAtUtc, (DateTime?)now), cancellationToken);

        var batch = new List<(NotificationRecipients, NotificationMessage)>(complaints.Count);
        foreach (var complaint in complaints)
        {
            var id = complaint.Id;
            var names = string.Join("、", kinds[id].Select(ClockKinds.Name));
            var recipients = complaint.TeamId is { } team
                ? new NotificationRecipients { UserIds = [complaint.OwnerUserId], SupervisorsOf = [team], TeamChannels = [team] }
                : new NotificationRecipients { UserIds = [complaint.OwnerUserId], Admins = true };
            batch.Add((recipients, new NotificationMessage(
                "complaint.breach",
                $"投诉 #{id} 超时：{names}",
                $"{complaint.Title}\n客户 {complaint.CustomerId}（{complaint.TierId}），等级 {complaint.LevelId}，负责人 {complaint.OwnerName}。{names}已超过时限，已升级给主管。",
                $"/complaints/{id}")));
        }

        await notifier.WriteManyAsync(db, batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (ids.Count, complaints.Count);
    }

    private async Task<int> RemindFollowUpsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await (from f in db.Set<FollowUpRecord>()
                         join c in db.Set<ComplaintRecord>() on f.ComplaintId equals c.Id
                         where f.DoneAtUtc == null && f.ReminderSentAtUtc == null && f.DueAtUtc <= now
                         select new { FollowUp = f, c.Id, c.Title, c.OwnerUserId, c.CustomerId }).Take(1000).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        foreach (var item in due)
        {
            item.FollowUp.ReminderSentAtUtc = now;
        }

        await notifier.NotifyManyAsync(db, [.. due.Select(d => (NotificationRecipients.User(d.OwnerUserId), new NotificationMessage(
            "complaint.follow-up", $"回访到期：投诉 #{d.Id}", $"{d.Title}\n请回访客户 {d.CustomerId}，记录结果和满意度（5 分制）。", $"/complaints/{d.Id}")))], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}
