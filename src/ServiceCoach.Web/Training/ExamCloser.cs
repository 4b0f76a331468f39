using ServiceCoach.Training;

namespace ServiceCoach.Web.Training;

/// <summary>
/// Submits attempts whose time is up (R-TRN-3: the timer is the server's). Runs on every node; the
/// submit is a conditional update, so two nodes never submit one attempt twice.
/// </summary>
internal sealed partial class ExamCloser(Exams exams, ILogger<ExamCloser> logger, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var submitted = await exams.SubmitDueAsync(stoppingToken);
                if (submitted > 0)
                {
                    Submitted(logger, submitted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(logger, e);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted {Count} exam attempt(s) whose time was up.")]
    private static partial void Submitted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submitting due exam attempts failed; retrying.")]
    private static partial void Failed(ILogger logger, Exception exception);
}
