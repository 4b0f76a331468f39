using ServiceCoach.Complaints;

namespace ServiceCoach.Web.Complaints;

/// <summary>A thin loop around <see cref="SlaSweeper.SweepAsync"/> (the same method <c>servicecoach sla sweep</c> runs).</summary>
internal sealed partial class SlaSweepWorker(SlaSweeper sweeper, ILogger<SlaSweepWorker> logger, TimeProvider clock, IConfiguration configuration) : BackgroundService
{
    [LoggerMessage(Level = LogLevel.Error, Message = "SLA sweep failed; retrying at the next interval.")]
    private static partial void SweepFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA sweep: {Breaches} breaches on {Complaints} complaints, {Reminders} follow-up reminders.")]
    private static partial void Swept(ILogger logger, int breaches, int complaints, int reminders);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Seconds matter (a 30-second first response): sweep every few seconds by default.
        var interval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("ServiceCoach:SlaSweepSeconds", 5), 1, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await sweeper.SweepAsync(stoppingToken);
                if (result.Breaches + result.FollowUpReminders > 0)
                {
                    Swept(logger, result.Breaches, result.Complaints, result.FollowUpReminders);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                SweepFailed(logger, e);
            }

            await Task.Delay(interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
