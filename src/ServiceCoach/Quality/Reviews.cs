using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Insights;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>
/// Human review (R-QA-3/4): a reviewer confirms or overrides a check. The override is audited and
/// wins in every figure: the scorecard's effective score, grade, fatal flag and failed checks are
/// recomputed with the engine's arithmetic, and the rollups move from the old figures to the new
/// in the same transaction.
/// </summary>
public sealed class Reviews(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock)
{
    /// <summary>Sets a reviewer's outcome for one check; returns the new effective scorecard.</summary>
    public async Task<Scorecard> DecideCheckAsync(Viewer viewer, long scorecardId, string checkId, CheckOutcome outcome, string comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var after = await DecideCheckAsync(db, viewer, scorecardId, checkId, outcome, comment, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return after;
    }

    /// <summary>
    /// The same, inside the caller's unit of work (a dispute decision commits its state and the
    /// override together); the caller owns the transaction and commits it.
    /// </summary>
    internal async Task<Scorecard> DecideCheckAsync(ServiceCoachDbContext db, Viewer viewer, long scorecardId, string checkId, CheckOutcome outcome, string comment, CancellationToken cancellationToken)
    {
        if (!viewer.Can(Policies.Review) && !viewer.Can(Policies.DecideDisputes))
        {
            throw new UnauthorizedAccessException("Only reviewers may change a check's outcome.");
        }

        var card = await db.Scorecards.FirstOrDefaultAsync(s => s.Id == scorecardId, cancellationToken)
            ?? throw new KeyNotFoundException($"Scorecard {scorecardId} does not exist.");
        if (!await ConversationQueries.Visible(db, viewer).AnyAsync(c => c.Id == card.ConversationId, cancellationToken))
        {
            throw new KeyNotFoundException($"Scorecard {scorecardId} does not exist.");
        }

        var standard = await standards.CompiledAsync(card.StandardVersionId, cancellationToken);
        var engineCard = ScorecardJson.Parse(card.EngineJson, standard);
        var engineCheck = engineCard.Check(checkId) ?? throw new ArgumentException($"Check '{checkId}' is not in this scorecard.", nameof(checkId));
        var overrides = await db.CheckOverrides.Where(o => o.ScorecardId == scorecardId).ToListAsync(cancellationToken);
        var before = ConversationQueries.Effective(standard, engineCard, overrides);
        var previous = overrides.FirstOrDefault(o => o.CheckId == checkId);

        var now = clock.GetUtcNow().UtcDateTime;
        if (previous is null)
        {
            previous = new CheckOverride { ScorecardId = scorecardId, CheckId = checkId, EngineOutcome = engineCheck.Outcome };
            db.CheckOverrides.Add(previous);
            overrides.Add(previous);
        }

        var oldOutcome = before.Check(checkId)!.Outcome;
        previous.Outcome = outcome;
        previous.Comment = comment;
        previous.ReviewerId = viewer.UserId;
        previous.ReviewerName = viewer.UserName;
        previous.AtUtc = now;

        var after = ConversationQueries.Effective(standard, engineCard, overrides);
        var rollups = new RollupWriter();
        rollups.Add(Copy(card), before.Checks.Select(c => (c.Id, c.Outcome)), -1);
        card.Score = ScorecardRecord.Stored(after.Score);
        card.Grade = after.Grade;
        card.Fatal = after.Fatal;
        card.FailedChecks = ScorecardFactory.FailedChecks(after);
        card.Reviewed = true;
        rollups.Add(card, after.Checks.Select(c => (c.Id, c.Outcome)), +1);

        AuditLog.Record(db, clock, viewer, "check.override", "scorecard", scorecardId.ToString(System.Globalization.CultureInfo.InvariantCulture), new
        {
            check = checkId,
            from = ScorecardJsonNames.Outcome(oldOutcome),
            to = ScorecardJsonNames.Outcome(outcome),
            engine = ScorecardJsonNames.Outcome(engineCheck.Outcome),
            scoreFrom = before.Score,
            scoreTo = after.Score,
            comment,
        });
        await db.SaveChangesAsync(cancellationToken);
        await rollups.ApplyAsync(db, cancellationToken);
        return after;
    }

    private static ScorecardRecord Copy(ScorecardRecord card) => new()
    {
        Score = card.Score,
        Grade = card.Grade,
        Fatal = card.Fatal,
        DayUtc = card.DayUtc,
        TeamId = card.TeamId,
        AgentCode = card.AgentCode,
        Channel = card.Channel,
    };
}
