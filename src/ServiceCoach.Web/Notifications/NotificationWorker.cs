using ServiceCoach.Notifications;

namespace ServiceCoach.Web.Notifications;

/// <summary>A thin loop around <see cref="NotificationDispatcher.DeliverPendingAsync"/>: sends at once when woken, else polls for retries.</summary>
internal sealed partial class NotificationWorker(NotificationDispatcher dispatcher, ILogger<NotificationWorker> logger, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending notifications failed; retrying shortly.")]
    private static partial void DeliveryFailed(ILogger logger, Exception error);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Read the wake-up signal before delivering, so a wake during delivery is not missed.
            var woken = dispatcher.WakeSignal;
            try
            {
                await dispatcher.DeliverPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                DeliveryFailed(logger, e);
            }

            await Task.WhenAny(woken, Task.Delay(Poll, clock, stoppingToken)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
