using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Insights;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality;

/// <summary>
/// Durable scoring: jobs are rows, claimed with a lease (<c>FOR UPDATE SKIP LOCKED</c> on
/// PostgreSQL; SQLite serialises writers, so a single UPDATE … RETURNING is already exclusive).
/// A job's scorecards, rollups, review-queue entries and its completion are written in ONE
/// transaction: a server killed mid-job leaves the job to be claimed again when the lease
/// expires, and nothing is written twice or lost.
/// </summary>
public sealed class ScoringJobs(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock, OrganisationTime organisationTime, ScoringBudget budget)
{
    /// <summary>How long a claimed job belongs to its node before another may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>After this many attempts a job is marked failed rather than retried forever.</summary>
    public const int MaxAttempts = 5;

    public string NodeName { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Queues scoring of the conversations in [first, last] with the given standard version.</summary>
    public static ScoringJob Create(long first, long last, int standardVersionId, long? importId, DateTime nowUtc) => new()
    {
        State = JobState.Pending,
        FirstConversationId = first,
        LastConversationId = last,
        StandardVersionId = standardVersionId,
        ImportId = importId,
        CreatedAtUtc = nowUtc,
    };

    /// <summary>Claims and runs one job; false when there was none to run.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken = default)
    {
        var jobId = await ClaimAsync(cancellationToken);
        if (jobId is null)
        {
            return false;
        }

        try
        {
            await RunAsync(jobId.Value, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordFailureAsync(jobId.Value, e, CancellationToken.None);
        }

        return true;
    }

    /// <summary>Runs jobs until none is left (the demo seeder and tests use this).</summary>
    public async Task<int> RunAllAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        while (await RunNextAsync(cancellationToken))
        {
            count++;
        }

        return count;
    }

    public async Task<long?> ClaimAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseUntil = now + Lease;
        var node = NodeName;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = (int)JobState.Pending;
        var running = (int)JobState.Running;
        var ids = db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<long>($"""
                UPDATE "ScoringJobs" SET "State" = {running}, "ClaimedBy" = {node}, "LeaseUntilUtc" = {leaseUntil}, "Attempts" = "Attempts" + 1
                WHERE "Id" = (
                    SELECT "Id" FROM "ScoringJobs"
                    WHERE "State" = {pending} OR ("State" = {running} AND "LeaseUntilUtc" < {now})
                    ORDER BY "Id" LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken)
            : await db.Database.SqlQuery<long>($"""
                UPDATE "ScoringJobs" SET "State" = {running}, "ClaimedBy" = {node}, "LeaseUntilUtc" = {leaseUntil}, "Attempts" = "Attempts" + 1
                WHERE "Id" = (
                    SELECT "Id" FROM "ScoringJobs"
                    WHERE "State" = {pending} OR ("State" = {running} AND "LeaseUntilUtc" < {now})
                    ORDER BY "Id" LIMIT 1)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken);
        return ids.Count == 0 ? null : ids[0];
    }

    /// <summary>
    /// Scores the job's conversations that have neither a scorecard nor a scoring error yet and completes
    /// the job, atomically. A conversation that cannot be scored (over its work budget, or the engine
    /// throws) gets a <see cref="ScoringErrorRecord"/> instead; the others are scored and the job completes.
    /// </summary>
    public async Task RunAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ScoringJobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        var standard = await standards.CompiledAsync(job.StandardVersionId, cancellationToken);
        var rules = await db.SamplingRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(cancellationToken);

        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.Id >= job.FirstConversationId && c.Id <= job.LastConversationId)
            .Where(c => !db.Scorecards.Any(s => s.ConversationId == c.Id) && !db.ScoringErrors.Any(e => e.ConversationId == c.Id))
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);

        var engine = new QualityEngine(standard, budget.WorkUnits);
        var now = clock.GetUtcNow().UtcDateTime;
        var results = new (ScorecardRecord Record, Scorecard Card)?[conversations.Count];
        var failures = new ScoringErrorRecord?[conversations.Count];
        Parallel.For(0, conversations.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var conversation = conversations[i];
            try
            {
                var card = engine.Score(conversation.ToConversation());
                results[i] = (ScorecardFactory.ToRecord(conversation, card, job.StandardVersionId, now, organisationTime), card);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // One conversation that cannot be scored gets its own error outcome; the rest of the range is scored.
                failures[i] = new ScoringErrorRecord
                {
                    ConversationId = conversation.Id,
                    StandardVersionId = job.StandardVersionId,
                    Reason = ScoringErrorRecord.Cut(e is ScoringBudgetExceededException ? e.Message : $"评分时内部错误 (internal error while scoring: {e.GetType().Name}: {e.Message})"),
                    AtUtc = now,
                };
            }
        });

        var scored = results.Where(r => r is not null).Select(r => r!.Value).ToArray();
        var rollups = new RollupWriter();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var errors = failures.Where(f => f is not null).Select(f => f!).ToList();
        await BulkInsert.InsertAsync(db, errors, cancellationToken);

        foreach (var (record, card) in scored)
        {
            rollups.Add(record, card.Checks.Select(c => (c.Id, c.Outcome)), +1);
        }

        await BulkInsert.InsertAsync(db, [.. scored.Select(s => s.Record)], cancellationToken);
        var byConversation = conversations.ToDictionary(c => c.Id);
        var sampled = new List<ReviewItem>();
        var context = await SamplingContext.LoadAsync(db, rules, organisationTime.Today(clock), [.. scored.Select(s => s.Record.DayUtc)], cancellationToken);
        foreach (var (record, _) in scored)
        {
            if (Sampling.Match(rules, record, byConversation[record.ConversationId], standard, context) is { } rule)
            {
                sampled.Add(new ReviewItem { ScorecardId = record.Id, SamplingRuleId = rule.Id, Reason = rule.Name, State = ReviewState.Pending, CreatedAtUtc = now });
            }
        }

        await BulkInsert.InsertAsync(db, sampled, cancellationToken);
        await rollups.ApplyAsync(db, cancellationToken);
        await db.ScoringJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(
            s => s.SetProperty(j => j.State, JobState.Done).SetProperty(j => j.CompletedAtUtc, now).SetProperty(j => j.Error, (string?)null),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task RecordFailureAsync(long jobId, Exception error, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ScoringJobs.FirstAsync(j => j.Id == jobId, cancellationToken);
        job.Error = $"{error.GetType().Name}: {error.Message}";
        job.State = job.Attempts >= MaxAttempts ? JobState.Failed : JobState.Pending;
        job.LeaseUntilUtc = null;
        await db.SaveChangesAsync(cancellationToken);
    }

}

/// <summary>
/// The work units one conversation may take when scored (setting <c>ServiceCoach:ScoringWorkBudget</c>;
/// default <see cref="QualityEngine.DefaultWorkBudget"/>). Beyond it the conversation's outcome is <c>error</c>.
/// </summary>
public sealed record ScoringBudget(long WorkUnits)
{
    public const string ConfigurationKey = "ServiceCoach:ScoringWorkBudget";

    public static readonly ScoringBudget Default = new(QualityEngine.DefaultWorkBudget);

    /// <summary>From the setting's text; null or empty gives the default; anything but a positive whole number is refused with the setting's name.</summary>
    public static ScoringBudget FromSetting(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        return long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var units) && units > 0
            ? new ScoringBudget(units)
            : throw new InvalidOperationException($"{ConfigurationKey} must be a positive whole number of work units (default {QualityEngine.DefaultWorkBudget}); found '{value}'.");
    }
}

/// <summary>Builds the stored form of a scorecard.</summary>
internal static class ScorecardFactory
{
    /// <param name="organisationTime">Whose calendar day the scorecard counts on (<see cref="ScorecardRecord.DayUtc"/>).</param>
    public static ScorecardRecord ToRecord(ConversationRecord conversation, Scorecard card, int standardVersionId, DateTime nowUtc, OrganisationTime organisationTime)
    {
        var day = organisationTime.LocalDate(conversation.StartTimeUtc ?? conversation.ImportedAtUtc).ToDateTime(TimeOnly.MinValue);
        return new ScorecardRecord
        {
            ConversationId = conversation.Id,
            StandardVersionId = standardVersionId,
            Score = ScorecardRecord.Stored(card.Score),
            EngineScore = ScorecardRecord.Stored(card.Score),
            Grade = card.Grade,
            Fatal = card.Fatal,
            FailedChecks = FailedChecks(card),
            Tags = "," + string.Concat(card.Tags.Select(t => t.Id + ",")),
            DissatisfactionRisk = (double)(card.DissatisfactionRisk ?? 0m),
            EngineJson = ScorecardJson.ToJson(card),
            ScoredAtUtc = nowUtc,
            DayUtc = DateTime.SpecifyKind(day, DateTimeKind.Utc),
            AgentCode = conversation.AgentCode,
            TeamId = conversation.TeamId,
            Channel = conversation.Channel,
        };
    }

    public static string FailedChecks(Scorecard card) =>
        "," + string.Concat(card.Checks.Where(c => c.Outcome == CheckOutcome.Fail && !c.Bonus).Select(c => c.Id + ","));
}
