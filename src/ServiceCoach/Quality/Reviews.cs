using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Insights;
using ServiceCoach.Notifications;
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
/// <remarks>
/// Order of authority: every human judgement on a check (a reviewer's override, a dispute upheld,
/// a dispute rejected) is a <see cref="CheckJudgement"/>, and the LATEST one is the check's
/// outcome. The history keeps all of them, so the page can show how the outcome came about.
/// </remarks>
public sealed class Reviews(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock, Notifier notifier)
{
    /// <summary>
    /// "Confirm all, change a few": sets the outcomes in <paramref name="changes"/> (only those that
    /// differ from the current outcome; the rest stay as they are) in ONE transaction, one
    /// judgement and one audit entry each; returns how many checks changed.
    /// </summary>
    public async Task<int> DecideChecksAsync(Viewer viewer, long scorecardId, IReadOnlyDictionary<string, CheckOutcome> changes, string comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(changes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = 0;
        foreach (var (checkId, outcome) in changes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (await CurrentOutcomeAsync(db, scorecardId, checkId, cancellationToken) == outcome)
            {
                continue;
            }

            await DecideCheckAsync(db, viewer, scorecardId, checkId, outcome, comment, cancellationToken);
            changed++;
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>The check's effective outcome (override applied), or null when the scorecard has no such check.</summary>
    internal async Task<CheckOutcome?> CurrentOutcomeAsync(ServiceCoachDbContext db, long scorecardId, string checkId, CancellationToken cancellationToken)
    {
        var decided = await db.CheckOverrides.AsNoTracking().Where(o => o.ScorecardId == scorecardId && o.CheckId == checkId).Select(o => (CheckOutcome?)o.Outcome).FirstOrDefaultAsync(cancellationToken);
        if (decided is not null)
        {
            return decided;
        }

        var card = await db.Scorecards.AsNoTracking().Where(s => s.Id == scorecardId).Select(s => new { s.EngineJson, s.StandardVersionId }).FirstOrDefaultAsync(cancellationToken);
        if (card is null)
        {
            return null;
        }

        var standard = await standards.CompiledAsync(card.StandardVersionId, cancellationToken);
        return ScorecardJson.Parse(card.EngineJson, standard).Check(checkId)?.Outcome;
    }

    /// <summary>The judgements on a scorecard's checks, oldest first (the conversation page groups them by check).</summary>
    public async Task<IReadOnlyList<CheckJudgement>> HistoryAsync(long scorecardId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CheckJudgements.AsNoTracking().Where(j => j.ScorecardId == scorecardId).OrderBy(j => j.Id).ToListAsync(cancellationToken);
    }

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
    internal async Task<Scorecard> DecideCheckAsync(
        ServiceCoachDbContext db, Viewer viewer, long scorecardId, string checkId, CheckOutcome outcome, string comment, CancellationToken cancellationToken,
        JudgementKind kind = JudgementKind.Override, long? disputeId = null)
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

        db.CheckJudgements.Add(new CheckJudgement
        {
            ScorecardId = scorecardId,
            CheckId = checkId,
            Kind = kind,
            From = oldOutcome,
            To = outcome,
            DisputeId = disputeId,
            ByUserId = viewer.UserId,
            ByName = viewer.UserName,
            Comment = comment.Length <= 4000 ? comment : comment[..4000],
            AtUtc = now,
        });

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
            kind = kind.ToString(),
            dispute = disputeId,
        });

        // The agent hears of a reviewer's change to their own conversation (dispute decisions send their own notice).
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == card.ConversationId).Select(c => new { c.ExternalId, c.AgentUserId }).FirstAsync(cancellationToken);
        if (kind == JudgementKind.Override && oldOutcome != outcome && conversation.AgentUserId is { } agentUserId && agentUserId != viewer.UserId)
        {
            var check = engineCheck.Name;
            await notifier.NotifyAsync(db, NotificationRecipients.User(agentUserId), new NotificationMessage(
                "check.override",
                $"复核改判：{conversation.ExternalId} · {check}",
                $"{viewer.UserName} 把检查项「{check}」从 {ScorecardJsonNames.Outcome(oldOutcome)} 改为 {ScorecardJsonNames.Outcome(outcome)}；得分 {before.Score} → {after.Score}。{comment}",
                $"/conversations/{Uri.EscapeDataString(conversation.ExternalId)}#check-{Uri.EscapeDataString(checkId)}"), cancellationToken);
        }

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
