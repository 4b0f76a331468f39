using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>One dispute as its readers see it: the contested check's current outcome, reason and evidence included.</summary>
public sealed record DisputeView(
    long Id, long ScorecardId, string ConversationId, string? AgentCode, string CheckId, string CheckName, string Reason, DisputeState State,
    DateTime CreatedAtUtc, string? DecidedBy, string? DecisionComment, DateTime? DecidedAtUtc,
    double Score, string Grade, CheckResult? Check, CheckOutcome? EngineOutcome);

/// <summary>Why a dispute could not be raised or decided; each has a plain message (<see cref="Disputes.Describe"/>).</summary>
public enum DisputeError
{
    /// <summary>No such conversation, check or dispute — or not one the viewer may see (never says which).</summary>
    NotFound,

    /// <summary>The viewer's role may not do this.</summary>
    NotAllowed,
    ReasonRequired,
    ReasonTooLong,

    /// <summary>Only a failed (non-bonus) check can be contested.</summary>
    CheckNotFailed,

    /// <summary>The check already has an open dispute.</summary>
    AlreadyOpen,
    CommentRequired,
    CommentTooLong,
    AlreadyDecided,
}

public sealed record DisputeResult(DisputeView? Dispute, DisputeError? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Agent disputes (申诉, R-QA-3/4). An agent contests a FAILED check of one of their own
/// scorecards, giving a reason; one dispute per check may be open at a time. A QA inspector
/// decides: upholding makes the check pass, rejecting (维持原判) makes it fail — the outcome the
/// agent contested — even when a reviewer overrode it to pass in between: a decision is the
/// latest human judgement on the check and the latest judgement wins (see <see cref="Reviews"/>).
/// Both go through <see cref="Reviews"/> (score, grade and rollups move in the same transaction),
/// are written to the check's history, audited with the comment, and the agent is notified.
/// Every read is scoped by the viewer: an agent sees only their own disputes.
/// </summary>
public sealed class Disputes(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, Reviews reviews, TimeProvider clock, Notifier notifier)
{
    public const int MaxReasonLength = 2000;
    public const int MaxCommentLength = 2000;
    public const int MaxPageSize = 200;

    /// <summary>Raises a dispute on check <paramref name="checkId"/> of the viewer's own conversation <paramref name="conversationId"/> (its id in the source system).</summary>
    public async Task<DisputeResult> RaiseAsync(Viewer viewer, string conversationId, string checkId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.RaiseDisputes))
        {
            return new DisputeResult(null, DisputeError.NotAllowed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agent = viewer.AgentCode;
        var target = await (from c in ConversationQueries.Visible(db, viewer)
                            where c.ExternalId == conversationId && agent != null && c.AgentCode == agent
                            join s in db.Scorecards.AsNoTracking() on c.Id equals s.ConversationId
                            select new { ScorecardId = s.Id }).FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return new DisputeResult(null, DisputeError.NotFound);
        }

        var text = (reason ?? "").Trim();
        if (text.Length == 0)
        {
            return new DisputeResult(null, DisputeError.ReasonRequired);
        }

        if (text.Length > MaxReasonLength)
        {
            return new DisputeResult(null, DisputeError.ReasonTooLong);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Take the scorecard's row lock first (a no-op update): two raises of the same check at
        // once then run one after the other, and the second sees the first's open dispute.
        await db.Scorecards.Where(s => s.Id == target.ScorecardId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Reviewed, x => x.Reviewed), cancellationToken);
        var (card, _) = await EffectiveAsync(db, target.ScorecardId, cancellationToken);
        if (card.Check(checkId) is not { } check)
        {
            return new DisputeResult(null, DisputeError.NotFound);
        }

        if (check.Outcome != CheckOutcome.Fail || check.Bonus)
        {
            return new DisputeResult(null, DisputeError.CheckNotFailed);
        }

        if (await db.Disputes.AnyAsync(d => d.ScorecardId == target.ScorecardId && d.CheckId == checkId && d.State == DisputeState.Open, cancellationToken))
        {
            return new DisputeResult(null, DisputeError.AlreadyOpen);
        }

        var dispute = new Dispute
        {
            ScorecardId = target.ScorecardId,
            CheckId = checkId,
            AgentUserId = viewer.UserId,
            Reason = text,
            State = DisputeState.Open,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Disputes.Add(dispute);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "dispute.raise", "dispute", Id(dispute.Id), new { scorecard = target.ScorecardId, conversation = conversationId, check = checkId, reason = text });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DisputeResult(await GetAsync(viewer, dispute.Id, cancellationToken), null);
    }

    /// <summary>
    /// Decides an open dispute. Upheld: the check becomes pass (an audited override: score, grade
    /// and rollups move). Rejected: nothing changes but the dispute. Either way the decision and
    /// its comment are audited, in the same transaction as the change.
    /// </summary>
    public async Task<DisputeResult> DecideAsync(Viewer viewer, long disputeId, bool uphold, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.DecideDisputes))
        {
            return new DisputeResult(null, DisputeError.NotAllowed);
        }

        var text = (comment ?? "").Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dispute = await (from d in db.Disputes.AsNoTracking()
                             where d.Id == disputeId
                             join s in db.Scorecards.AsNoTracking() on d.ScorecardId equals s.Id
                             join c in ConversationQueries.Visible(db, viewer) on s.ConversationId equals c.Id
                             select d).FirstOrDefaultAsync(cancellationToken);
        if (dispute is null)
        {
            return new DisputeResult(null, DisputeError.NotFound);
        }

        if (dispute.State != DisputeState.Open)
        {
            return new DisputeResult(null, DisputeError.AlreadyDecided);
        }

        if (text.Length == 0)
        {
            return new DisputeResult(null, DisputeError.CommentRequired);
        }

        if (text.Length > MaxCommentLength)
        {
            return new DisputeResult(null, DisputeError.CommentTooLong);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var state = uphold ? DisputeState.Upheld : DisputeState.Rejected;
        var decidedBy = viewer.UserName;
        // Conditional on Open: of two inspectors deciding at once, exactly one decision counts.
        var claimed = await db.Disputes.Where(d => d.Id == disputeId && d.State == DisputeState.Open).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, state)
            .SetProperty(d => d.DecidedBy, decidedBy)
            .SetProperty(d => d.DecisionComment, text)
            .SetProperty(d => d.DecidedAtUtc, now), cancellationToken);
        if (claimed == 0)
        {
            return new DisputeResult(null, DisputeError.AlreadyDecided);
        }

        var (before, _) = await EffectiveAsync(db, dispute.ScorecardId, cancellationToken);
        var after = await reviews.DecideCheckAsync(db, viewer, dispute.ScorecardId, dispute.CheckId, uphold ? CheckOutcome.Pass : CheckOutcome.Fail,
            string.Create(CultureInfo.InvariantCulture, $"申诉 #{dispute.Id}{(uphold ? "成立" : "维持原判")}：{text}"), cancellationToken,
            uphold ? JudgementKind.DisputeUpheld : JudgementKind.DisputeRejected, dispute.Id);
        var conversationId = await (from s in db.Scorecards.AsNoTracking()
                                    where s.Id == dispute.ScorecardId
                                    join c in db.Conversations.AsNoTracking() on s.ConversationId equals c.Id
                                    select c.ExternalId).FirstAsync(cancellationToken);
        var checkName = after.Check(dispute.CheckId)?.Name ?? dispute.CheckId;
        await notifier.NotifyAsync(db, NotificationRecipients.User(dispute.AgentUserId), new NotificationMessage(
            uphold ? "dispute.upheld" : "dispute.rejected",
            uphold ? $"申诉成立：{conversationId} · {checkName}" : $"申诉已驳回，维持原判：{conversationId} · {checkName}",
            string.Create(CultureInfo.InvariantCulture, $"{viewer.UserName}：{text}（得分 {before.Score} → {after.Score}）"),
            $"/conversations/{Uri.EscapeDataString(conversationId)}#check-{Uri.EscapeDataString(dispute.CheckId)}"), cancellationToken);
        AuditLog.Record(db, clock, viewer, uphold ? "dispute.uphold" : "dispute.reject", "dispute", Id(disputeId), new
        {
            scorecard = dispute.ScorecardId,
            check = dispute.CheckId,
            comment = text,
            scoreFrom = before.Score,
            scoreTo = after.Score,
            gradeFrom = before.Grade,
            gradeTo = after.Grade,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DisputeResult(await GetAsync(viewer, disputeId, cancellationToken), null);
    }

    /// <summary>One dispute, or null when it does not exist or the viewer may not see it.</summary>
    public async Task<DisputeView?> GetAsync(Viewer viewer, long disputeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var views = await ViewsAsync(db, Scoped(db, viewer).Where(x => x.D.Id == disputeId), cancellationToken);
        return views.Count == 0 ? null : views[0];
    }

    /// <summary>
    /// Disputes the viewer may see, newest first (open ones oldest first: the queue is worked in
    /// order): agents their own; supervisors their teams'; inspectors, admins and trainers all.
    /// </summary>
    public async Task<(IReadOnlyList<DisputeView> Items, int Total)> ListAsync(
        Viewer viewer, DisputeState? state, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        page = Paging.Page(page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Scoped(db, viewer);
        if (state is { } s)
        {
            query = query.Where(x => x.D.State == s);
        }

        var total = await query.CountAsync(cancellationToken);
        var ordered = state == DisputeState.Open
            ? query.OrderBy(x => x.D.CreatedAtUtc).ThenBy(x => x.D.Id)
            : query.OrderByDescending(x => x.D.CreatedAtUtc).ThenByDescending(x => x.D.Id);
        return (await ViewsAsync(db, ordered.Skip(Paging.Offset(page, pageSize)).Take(pageSize), cancellationToken), total);
    }

    /// <summary>The disputes of one scorecard the viewer may see (for the conversation page).</summary>
    public async Task<IReadOnlyList<DisputeView>> ForScorecardAsync(Viewer viewer, long scorecardId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ViewsAsync(db, Scoped(db, viewer).Where(x => x.D.ScorecardId == scorecardId).OrderByDescending(x => x.D.CreatedAtUtc), cancellationToken);
    }

    /// <summary>The plain message for an error, in Chinese and English.</summary>
    public static (string Chinese, string English) Describe(DisputeError error) => error switch
    {
        DisputeError.NotFound => ("未找到该会话、检查项或申诉，或者您无权查看。", "No such conversation, check or dispute, or you may not see it."),
        DisputeError.NotAllowed => ("您的角色不能执行此操作。", "Your role may not do this."),
        DisputeError.ReasonRequired => ("请写明申诉理由。", "Please give a reason for the dispute."),
        DisputeError.ReasonTooLong => ($"申诉理由最多 {MaxReasonLength} 个字。", $"The reason can be at most {MaxReasonLength} characters."),
        DisputeError.CheckNotFailed => ("只能对未通过的检查项提出申诉。", "Only a failed check can be disputed."),
        DisputeError.AlreadyOpen => ("该检查项已有一条待处理的申诉。", "This check already has an open dispute."),
        DisputeError.CommentRequired => ("请填写处理意见。", "Please write a comment for the agent."),
        DisputeError.CommentTooLong => ($"处理意见最多 {MaxCommentLength} 个字。", $"The comment can be at most {MaxCommentLength} characters."),
        DisputeError.AlreadyDecided => ("该申诉已经处理过了。", "This dispute has already been decided."),
        _ => (error.ToString(), error.ToString()),
    };

    /// <summary>A class with settable members (not a positional record), so EF can translate filters over it.</summary>
    private sealed class Row
    {
        public required Dispute D { get; init; }

        public required ScorecardRecord S { get; init; }

        public required ConversationRecord C { get; init; }
    }

    private static IQueryable<Row> Scoped(ServiceCoachDbContext db, Viewer viewer)
    {
        var query = from d in db.Disputes.AsNoTracking()
                    join s in db.Scorecards.AsNoTracking() on d.ScorecardId equals s.Id
                    join c in ConversationQueries.Visible(db, viewer) on s.ConversationId equals c.Id
                    select new Row { D = d, S = s, C = c };
        if (!viewer.SeesEverything && !viewer.IsInRole(Roles.Supervisor))
        {
            // An agent: their own disputes only, whatever else they could see.
            var userId = viewer.UserId;
            query = query.Where(x => x.D.AgentUserId == userId);
        }

        return query;
    }

    private async Task<IReadOnlyList<DisputeView>> ViewsAsync(ServiceCoachDbContext db, IQueryable<Row> rows, CancellationToken cancellationToken)
    {
        var list = await rows.ToListAsync(cancellationToken);
        var cardIds = list.Select(x => x.S.Id).Distinct().ToList();
        var overrides = (await db.CheckOverrides.AsNoTracking().Where(o => cardIds.Contains(o.ScorecardId)).ToListAsync(cancellationToken))
            .ToLookup(o => o.ScorecardId);
        var views = new List<DisputeView>(list.Count);
        foreach (var row in list)
        {
            var (d, s, c) = (row.D, row.S, row.C);
            var standard = await standards.CompiledAsync(s.StandardVersionId, cancellationToken);
            var engine = ScorecardJson.Parse(s.EngineJson, standard);
            var effective = ConversationQueries.Effective(standard, engine, overrides[s.Id]);
            var check = effective.Check(d.CheckId);
            views.Add(new DisputeView(
                d.Id, s.Id, c.ExternalId, c.AgentCode, d.CheckId, check?.Name ?? d.CheckId, d.Reason, d.State,
                d.CreatedAtUtc, d.DecidedBy, d.DecisionComment, d.DecidedAtUtc, s.Score, s.Grade, check, engine.Check(d.CheckId)?.Outcome));
        }

        return views;
    }

    private async Task<(Scorecard Effective, ScorecardRecord Record)> EffectiveAsync(ServiceCoachDbContext db, long scorecardId, CancellationToken cancellationToken)
    {
        var record = await db.Scorecards.AsNoTracking().FirstAsync(s => s.Id == scorecardId, cancellationToken);
        var overrides = await db.CheckOverrides.AsNoTracking().Where(o => o.ScorecardId == scorecardId).ToListAsync(cancellationToken);
        var standard = await standards.CompiledAsync(record.StandardVersionId, cancellationToken);
        return (ConversationQueries.Effective(standard, ScorecardJson.Parse(record.EngineJson, standard), overrides), record);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
