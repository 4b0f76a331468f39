using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>One entry of the review queue, with why it was sampled.</summary>
public sealed record ReviewQueueItem(
    long Id, long ScorecardId, string ConversationId, Channel Channel, string? AgentCode, string? TeamName, DateTime? StartTimeUtc, int? Csat,
    double Score, string Grade, bool Fatal, int? RuleId, string Reason, ReviewState State, DateTime CreatedAtUtc, DateTime? CompletedAtUtc, string? CompletedBy,
    double DissatisfactionRisk, string? AssignedTo = null);

public enum ReviewCompletion
{
    Completed,
    AlreadyDone,
    NotFound,
}

/// <summary>
/// The review queue (复核队列, R-QA-3/4): scorecards the sampling rules picked, newest first; a reviewer
/// works through them on the conversation page and marks each done (audited). Reads go through
/// the viewer's scope, so a supervisor sees only their teams' items.
/// </summary>
public sealed class ReviewWorklist(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock, OrganisationTime organisationTime)
{
    public const int MaxPageSize = 200;

    /// <summary>Scorecards read per round when resampling, so history of any size fits in memory.</summary>
    internal const int ResampleBatch = 2_000;

    public async Task<(IReadOnlyList<ReviewQueueItem> Items, int Total)> ListAsync(
        Viewer viewer, ReviewState state, int? ruleId, int page, int pageSize, CancellationToken cancellationToken = default) =>
        await ListAsync(viewer, state, ruleId, page, pageSize, byRisk: false, cancellationToken);

    /// <summary>The queue, newest first, or (<paramref name="byRisk"/>) the customers most likely dissatisfied first.</summary>
    public async Task<(IReadOnlyList<ReviewQueueItem> Items, int Total)> ListAsync(
        Viewer viewer, ReviewState state, int? ruleId, int page, int pageSize, bool byRisk, CancellationToken cancellationToken = default) =>
        await ListAsync(viewer, state, ruleId, page, pageSize, byRisk, assignedToMe: false, cancellationToken);

    /// <summary>The same; <paramref name="assignedToMe"/>: only the items assigned to the viewer.</summary>
    public async Task<(IReadOnlyList<ReviewQueueItem> Items, int Total)> ListAsync(
        Viewer viewer, ReviewState state, int? ruleId, int page, int pageSize, bool byRisk, bool assignedToMe, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        page = Paging.Page(page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = from r in db.ReviewItems.AsNoTracking()
                    where r.State == state
                    join s in db.Scorecards.AsNoTracking() on r.ScorecardId equals s.Id
                    join c in ConversationQueries.Visible(db, viewer) on s.ConversationId equals c.Id
                    select new { r, s, c };
        if (ruleId is { } rule)
        {
            query = query.Where(x => x.r.SamplingRuleId == rule);
        }

        if (assignedToMe)
        {
            var me = viewer.UserId;
            query = query.Where(x => x.r.AssignedToUserId == me);
        }

        var total = await query.CountAsync(cancellationToken);
        var ordered = byRisk
            ? query.OrderByDescending(x => x.s.DissatisfactionRisk).ThenByDescending(x => x.r.Id)
            : state == ReviewState.Done
                ? query.OrderByDescending(x => x.r.CompletedAtUtc).ThenByDescending(x => x.r.Id)
                : query.OrderByDescending(x => x.r.CreatedAtUtc).ThenByDescending(x => x.r.Id);
        var items = await ordered
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(x => new ReviewQueueItem(
                x.r.Id, x.s.Id, x.c.ExternalId, x.c.Channel, x.c.AgentCode, x.c.TeamName, x.c.StartTimeUtc, x.c.Csat,
                x.s.Score, x.s.Grade, x.s.Fatal, x.r.SamplingRuleId, x.r.Reason, x.r.State, x.r.CreatedAtUtc, x.r.CompletedAtUtc, x.r.CompletedBy,
                x.s.DissatisfactionRisk, x.r.AssignedToName))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>The queue entry of one scorecard (pending or done), or null when it was never sampled or the viewer may not see it.</summary>
    public async Task<ReviewItem?> ForScorecardAsync(Viewer viewer, long scorecardId, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from r in db.ReviewItems.AsNoTracking()
                      where r.ScorecardId == scorecardId
                      join s in db.Scorecards.AsNoTracking() on r.ScorecardId equals s.Id
                      join c in ConversationQueries.Visible(db, viewer) on s.ConversationId equals c.Id
                      select r).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Marks a queue entry done (audited). Idempotent: a second click says it was already done.</summary>
    public async Task<ReviewCompletion> CompleteAsync(Viewer viewer, long itemId, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await (from r in db.ReviewItems.AsNoTracking()
                          where r.Id == itemId
                          join s in db.Scorecards.AsNoTracking() on r.ScorecardId equals s.Id
                          join c in ConversationQueries.Visible(db, viewer) on s.ConversationId equals c.Id
                          select new { r.Id, r.ScorecardId, r.Reason, c.ExternalId, s.Score, s.Grade }).FirstOrDefaultAsync(cancellationToken);
        if (item is null)
        {
            return ReviewCompletion.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = viewer.UserName;
        // Conditional on Pending, so two reviewers clicking at once complete it (and audit it) once.
        var changed = await db.ReviewItems.Where(r => r.Id == itemId && r.State == ReviewState.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, ReviewState.Done)
            .SetProperty(r => r.CompletedAtUtc, now)
            .SetProperty(r => r.CompletedBy, user), cancellationToken);
        if (changed == 0)
        {
            return ReviewCompletion.AlreadyDone;
        }

        AuditLog.Record(db, clock, viewer, "review.complete", "scorecard", item.ScorecardId.ToString(CultureInfo.InvariantCulture), new
        {
            reviewItem = item.Id,
            conversation = item.ExternalId,
            reason = item.Reason,
            score = item.Score,
            grade = item.Grade,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReviewCompletion.Completed;
    }

    /// <summary>
    /// Applies the sampling rules to conversations scored before them: every scorecard not in the
    /// queue yet is matched against the enabled rules (or only <paramref name="ruleId"/>, to try a
    /// new rule on history) exactly as the scoring jobs do, and queued when one matches. Only the
    /// conversations the viewer sees are considered: a supervisor resamples their own teams. Audited;
    /// returns how many entries were added.
    /// </summary>
    public async Task<int> ResampleAsync(Viewer viewer, int? ruleId = null, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.SamplingRules.AsNoTracking()
            .Where(r => ruleId == null ? r.Enabled : r.Id == ruleId)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        if (ruleId is not null && rules.Count == 0)
        {
            throw new KeyNotFoundException($"Sampling rule {ruleId} does not exist.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // Places of quota rules already taken count against every day of history; new places go in scorecard-id order.
        var context = await SamplingContext.LoadAsync(db, rules, organisationTime.Today(clock), days: null, cancellationToken);
        var added = 0;
        var after = 0L;
        while (rules.Count > 0)
        {
            var batch = await (from s in db.Scorecards.AsNoTracking()
                               where s.Id > after && !db.ReviewItems.Any(r => r.ScorecardId == s.Id)
                               join c in ConversationQueries.Visible(db, viewer) on s.ConversationId equals c.Id
                               orderby s.Id
                               select new { s.Id, s.Fatal, s.Grade, s.StandardVersionId, s.FailedChecks, s.Tags, s.DissatisfactionRisk, s.DayUtc, c.ExternalId, c.Csat, c.AgentCode, c.TeamId })
                .Take(ResampleBatch).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            after = batch[^1].Id;
            foreach (var card in batch)
            {
                var standard = await standards.CompiledAsync(card.StandardVersionId, cancellationToken);
                var record = new ScorecardRecord
                {
                    Id = card.Id, Fatal = card.Fatal, Grade = card.Grade, FailedChecks = card.FailedChecks, Tags = card.Tags, DissatisfactionRisk = card.DissatisfactionRisk,
                    DayUtc = card.DayUtc, TeamId = card.TeamId,
                };
                var conversation = new ConversationRecord { ExternalId = card.ExternalId, Csat = card.Csat, AgentCode = card.AgentCode, TeamId = card.TeamId };
                if (Sampling.Match(rules, record, conversation, standard, context) is { } rule)
                {
                    db.ReviewItems.Add(new ReviewItem { ScorecardId = card.Id, SamplingRuleId = rule.Id, Reason = rule.Name, State = ReviewState.Pending, CreatedAtUtc = now });
                    added++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        AuditLog.Record(db, clock, viewer, "review.resample", "samplingRule", ruleId?.ToString(CultureInfo.InvariantCulture) ?? "enabled", new
        {
            rules = rules.Select(r => new { r.Id, r.Name }),
            added,
        });
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }
}
