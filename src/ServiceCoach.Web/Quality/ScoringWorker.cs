using ServiceCoach.Quality;

namespace ServiceCoach.Web.Quality;

/// <summary>A thin loop around <see cref="ScoringJobs.RunNextAsync"/>: runs jobs while there are any, then polls.</summary>
internal sealed partial class ScoringWorker(ScoringJobs jobs, ILogger<ScoringWorker> logger, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(1);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scoring worker failed; retrying shortly.")]
    private static partial void WorkerFailed(ILogger logger, Exception error);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool ran;
            try
            {
                ran = await jobs.RunNextAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be briefly unavailable; the job stays claimable and is retried.
                WorkerFailed(logger, e);
                ran = false;
            }

            if (!ran)
            {
                await Task.Delay(IdleDelay, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
