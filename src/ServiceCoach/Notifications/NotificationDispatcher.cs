using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;

namespace ServiceCoach.Notifications;

/// <summary>
/// Sends the queued e-mail and webhook deliveries. Each row is claimed with a short lease (a
/// conditional update, so two nodes never send the same row), sent, and marked sent; a failure
/// is retried after 30 s, 2 min, 10 min, 1 h, then given up with its last error kept for admins.
/// The background loop is a thin wrapper around <see cref="DeliverPendingAsync"/>; tests and the
/// CLI call the method directly.
/// </summary>
public sealed class NotificationDispatcher(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock, IEnumerable<INotificationChannel> channels)
{
    public const int MaxAttempts = 5;

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    private readonly Dictionary<NotificationChannelKind, INotificationChannel> _channels = channels.ToDictionary(c => c.Kind);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Wake"/>: read it BEFORE delivering, then wait on it, and no wake-up is missed.</summary>
    public Task WakeSignal => Volatile.Read(ref _wake).Task;

    /// <summary>Tells the loop that deliveries were queued (no need to wait for the next poll).</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Sends every delivery that is due now; returns how many were attempted.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken = default)
    {
        var attempted = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            List<long> due;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                due = await db.Set<NotificationDelivery>().AsNoTracking()
                    .Where(d => d.SentAtUtc == null && d.FailedAtUtc == null && d.NextAttemptAtUtc <= now && (d.LeaseUntilUtc == null || d.LeaseUntilUtc < now))
                    .OrderBy(d => d.Id).Select(d => d.Id).Take(100).ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
            {
                return attempted;
            }

            foreach (var id in due)
            {
                if (await DeliverAsync(id, cancellationToken))
                {
                    attempted++;
                }
            }
        }
    }

    private async Task<bool> DeliverAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.Set<NotificationDelivery>()
            .Where(d => d.Id == id && d.SentAtUtc == null && d.FailedAtUtc == null && (d.LeaseUntilUtc == null || d.LeaseUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntilUtc, until), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var delivery = await db.Set<NotificationDelivery>().FirstAsync(d => d.Id == id, cancellationToken);
        TeamNotificationSettings? team = null;
        if (delivery.Channel != NotificationChannelKind.Email && int.TryParse(delivery.Target, out var teamId))
        {
            team = await db.Set<TeamNotificationSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TeamId == teamId, cancellationToken);
        }

        try
        {
            if (!_channels.TryGetValue(delivery.Channel, out var channel))
            {
                throw new InvalidOperationException($"No channel for {delivery.Channel}.");
            }

            await channel.SendAsync(delivery, team, cancellationToken);
            delivery.SentAtUtc = clock.GetUtcNow().UtcDateTime;
            delivery.LastError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            delivery.Attempts++;
            delivery.LastError = e.Message.Length <= 1000 ? e.Message : e.Message[..1000];
            if (delivery.Attempts >= MaxAttempts)
            {
                delivery.FailedAtUtc = clock.GetUtcNow().UtcDateTime;
            }
            else
            {
                delivery.NextAttemptAtUtc = clock.GetUtcNow().UtcDateTime + Backoff[Math.Min(delivery.Attempts - 1, Backoff.Length - 1)];
            }
        }

        delivery.LeaseUntilUtc = null;
        await db.SaveChangesAsync(CancellationToken.None);
        return true;
    }
}
