using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>Filters for the conversation list; every one optional.</summary>
public sealed record ConversationFilter
{
    public string? Agent { get; init; }

    public int? TeamId { get; init; }

    /// <summary>
    /// Inclusive lower bound on the conversation's start — or, for one without a start time, on
    /// when it was imported: the same instant the dashboard counts it on, so a dashboard figure
    /// and the list it links to agree.
    /// </summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>Exclusive upper bound (on the same instant as <see cref="FromUtc"/>).</summary>
    public DateTime? ToUtc { get; init; }

    public string? Grade { get; init; }

    /// <summary>Only conversations whose effective scorecard failed this check.</summary>
    public string? FailedCheck { get; init; }

    public Channel? Channel { get; init; }

    public string? Category { get; init; }

    /// <summary>Matches the conversation id, or text in the transcript.</summary>
    public string? Search { get; init; }

    public bool? Fatal { get; init; }

    /// <summary>Only conversations stored by this import (the import page links to them).</summary>
    public long? ImportId { get; init; }

    /// <summary>Only conversations in which the engine found this behaviour (a tag of the standard).</summary>
    public string? Tag { get; init; }

    /// <summary>Only conversations in which the engine did NOT find this behaviour.</summary>
    public string? WithoutTag { get; init; }

    public ConversationOrder Order { get; init; }

    /// <summary>Only conversations in this scoring state (scored, waiting to be scored, or scoring ended in an error).</summary>
    public ScoringState? State { get; init; }
}

/// <summary>The names scoring states have in URLs and JSON: scored, pending, error.</summary>
public static class ScoringStates
{
    public static string Name(ScoringState state) => state switch
    {
        ScoringState.Scored => "scored",
        ScoringState.Error => "error",
        _ => "pending",
    };

    public static ScoringState? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "scored" => ScoringState.Scored,
        "pending" => ScoringState.Pending,
        "error" => ScoringState.Error,
        _ => null,
    };

    /// <summary>The state of a listed conversation.</summary>
    public static ScoringState Of(ConversationSummary summary) =>
        summary.Score is not null ? ScoringState.Scored : summary.ScoringError is not null ? ScoringState.Error : ScoringState.Pending;

    /// <summary>The state of a conversation shown in full.</summary>
    public static ScoringState Of(ConversationDetail detail) =>
        detail.Scorecard is not null ? ScoringState.Scored : detail.ScoringError is not null ? ScoringState.Error : ScoringState.Pending;
}

/// <summary>Where a conversation's scoring stands.</summary>
public enum ScoringState
{
    /// <summary>It has a scorecard.</summary>
    Scored,

    /// <summary>Not scored yet (its scoring job has not run).</summary>
    Pending,

    /// <summary>Scoring it ended in an <c>error</c> outcome (<see cref="ScoringErrorRecord"/>): no score.</summary>
    Error,
}

/// <summary>How the conversation list is ordered.</summary>
public enum ConversationOrder
{
    /// <summary>Newest conversation first.</summary>
    Newest,

    /// <summary>Most likely to leave the customer dissatisfied first (unscored last), so a supervisor reads those first.</summary>
    Risk,
}

/// <summary>One row of the conversation list.</summary>
public sealed record ConversationSummary(
    long Id, string ExternalId, Channel Channel, string? AgentCode, string? TeamName, DateTime? StartTimeUtc, string? Category, int? Csat,
    int TurnCount, double? Score, string? Grade, bool? Fatal, string? FailedChecks, bool Reviewed, double? DissatisfactionRisk, string? Tags,
    string? ScoringError = null);

/// <summary>A conversation with its effective scorecard (reviewers' overrides applied).</summary>
public sealed record ConversationDetail(
    ConversationRecord Record, Conversation Conversation, ScorecardRecord? ScorecardRecord, Scorecard? Scorecard,
    Scorecard? EngineScorecard, CompiledStandard? Standard, IReadOnlyList<CheckOverride> Overrides)
{
    /// <summary>Why scoring ended in an <c>error</c> outcome; null when it did not (scored, or not yet).</summary>
    public ScoringErrorRecord? ScoringError { get; init; }
}

/// <summary>Headline figures of what a viewer may see.</summary>
/// <param name="Unscored">Conversations waiting to be scored (no scorecard and no scoring error).</param>
/// <param name="Errors">Conversations whose scoring ended in an <c>error</c> outcome (never counted in the average).</param>
public sealed record Overview(int Conversations, int Scored, int Unscored, double? AverageScore, int Fatal, int PendingReviews, int Errors = 0);

/// <summary>Reads conversations and scorecards, always through the viewer's scope.</summary>
public sealed class ConversationQueries(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards)
{
    public const int MaxPageSize = 200;

    /// <summary>The conversations a viewer may see: all for admins, QA and trainers; their teams' for supervisors; their own for agents.</summary>
    internal static IQueryable<ConversationRecord> Visible(ServiceCoachDbContext db, Viewer viewer)
    {
        var query = db.Conversations.AsNoTracking();
        if (viewer.SeesEverything)
        {
            return query;
        }

        var teams = viewer.IsInRole(Roles.Supervisor) ? viewer.TeamIds.ToArray() : [];
        var agent = viewer.AgentCode;
        return query.Where(c => (c.TeamId != null && teams.Contains(c.TeamId.Value)) || (agent != null && c.AgentCode == agent));
    }

    /// <summary>The same rule as <see cref="Visible"/>, for one conversation's team and agent.</summary>
    internal static bool CanSee(Viewer viewer, int? teamId, string? agentCode) =>
        viewer.SeesEverything
        || (teamId is { } team && viewer.IsInRole(Roles.Supervisor) && viewer.TeamIds.Contains(team))
        || (viewer.AgentCode is { } agent && agentCode == agent);

    public async Task<Overview> OverviewAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = Visible(db, viewer);
        var cards = from c in visible join s in db.Scorecards.AsNoTracking() on c.Id equals s.ConversationId select s;
        var conversations = await visible.CountAsync(cancellationToken);
        var scored = await cards.CountAsync(cancellationToken);
        var average = scored == 0 ? (double?)null : await cards.AverageAsync(s => s.Score, cancellationToken);
        var fatal = await cards.CountAsync(s => s.Fatal, cancellationToken);
        var pending = await (from r in db.ReviewItems.AsNoTracking() where r.State == ReviewState.Pending
                             join s in cards on r.ScorecardId equals s.Id select r).CountAsync(cancellationToken);
        var errors = await (from c in visible join e in db.ScoringErrors.AsNoTracking() on c.Id equals e.ConversationId select e).CountAsync(cancellationToken);
        return new Overview(conversations, scored, conversations - scored - errors, average is { } a ? Math.Round(a, 1) : null, fatal, pending, errors);
    }

    public async Task<(IReadOnlyList<ConversationSummary> Items, int Total)> ListAsync(
        Viewer viewer, ConversationFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        page = Paging.Page(page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversations = Visible(db, viewer);
        if (filter.Agent is { Length: > 0 } agent)
        {
            conversations = conversations.Where(c => c.AgentCode == agent);
        }

        if (filter.TeamId is { } team)
        {
            conversations = conversations.Where(c => c.TeamId == team);
        }

        if (filter.FromUtc is { } from)
        {
            conversations = conversations.Where(c => (c.StartTimeUtc ?? c.ImportedAtUtc) >= from);
        }

        if (filter.ToUtc is { } to)
        {
            conversations = conversations.Where(c => (c.StartTimeUtc ?? c.ImportedAtUtc) < to);
        }

        if (filter.Channel is { } channel)
        {
            conversations = conversations.Where(c => c.Channel == channel);
        }

        if (filter.Category is { Length: > 0 } category)
        {
            conversations = conversations.Where(c => c.Category == category);
        }

        if (filter.ImportId is { } importId)
        {
            conversations = conversations.Where(c => c.ImportId == importId);
        }

        if (filter.Search is { Length: > 0 } search)
        {
            // The id as typed; the text folded like the stored SearchText (never the JSON around it).
            var folded = ConversationSearch.Fold(search);
            conversations = conversations.Where(c => c.ExternalId.Contains(search) || c.SearchText.Contains(folded));
        }

        var joined = from c in conversations
                     join s in db.Scorecards.AsNoTracking() on c.Id equals s.ConversationId into cards
                     from s in cards.DefaultIfEmpty()
                     join e in db.ScoringErrors.AsNoTracking() on c.Id equals e.ConversationId into errors
                     from e in errors.DefaultIfEmpty()
                     select new { c, s, e };
        switch (filter.State)
        {
            case ScoringState.Scored:
                joined = joined.Where(x => x.s != null);
                break;
            case ScoringState.Pending:
                joined = joined.Where(x => x.s == null && x.e == null);
                break;
            case ScoringState.Error:
                joined = joined.Where(x => x.e != null);
                break;
        }

        if (filter.Grade is { Length: > 0 } grade)
        {
            joined = joined.Where(x => x.s != null && x.s.Grade == grade);
        }

        if (filter.FailedCheck is { Length: > 0 } failed)
        {
            var pattern = "," + failed + ",";
            joined = joined.Where(x => x.s != null && x.s.FailedChecks.Contains(pattern));
        }

        if (filter.Fatal is { } fatal)
        {
            joined = joined.Where(x => x.s != null && x.s.Fatal == fatal);
        }

        if (filter.Tag is { Length: > 0 } tag)
        {
            var pattern = "," + tag + ",";
            joined = joined.Where(x => x.s != null && x.s.Tags.Contains(pattern));
        }

        if (filter.WithoutTag is { Length: > 0 } absent)
        {
            var pattern = "," + absent + ",";
            joined = joined.Where(x => x.s != null && !x.s.Tags.Contains(pattern));
        }

        var total = await joined.CountAsync(cancellationToken);
        var ordered = filter.Order == ConversationOrder.Risk
            ? joined.OrderBy(x => x.s == null).ThenByDescending(x => x.s == null ? 0 : x.s.DissatisfactionRisk).ThenByDescending(x => x.c.Id)
            : joined.OrderByDescending(x => x.c.StartTimeUtc).ThenByDescending(x => x.c.Id);
        var items = await ordered
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(x => new ConversationSummary(
                x.c.Id, x.c.ExternalId, x.c.Channel, x.c.AgentCode, x.c.TeamName, x.c.StartTimeUtc, x.c.Category, x.c.Csat, x.c.TurnCount,
                x.s == null ? null : x.s.Score, x.s == null ? null : x.s.Grade, x.s == null ? null : x.s.Fatal, x.s == null ? null : x.s.FailedChecks,
                x.s != null && x.s.Reviewed, x.s == null ? null : x.s.DissatisfactionRisk, x.s == null ? null : x.s.Tags,
                x.e == null ? null : x.e.Reason))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>One conversation by its id in the source system; null when it does not exist OR the viewer may not see it.</summary>
    public async Task<ConversationDetail?> GetAsync(Viewer viewer, string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await Visible(db, viewer).FirstOrDefaultAsync(c => c.ExternalId == externalId, cancellationToken);
        return record is null ? null : await DetailAsync(db, record, cancellationToken);
    }

    private async Task<ConversationDetail> DetailAsync(ServiceCoachDbContext db, ConversationRecord record, CancellationToken cancellationToken)
    {
        var scorecard = await db.Scorecards.AsNoTracking().FirstOrDefaultAsync(s => s.ConversationId == record.Id, cancellationToken);
        if (scorecard is null)
        {
            var error = await db.ScoringErrors.AsNoTracking().FirstOrDefaultAsync(e => e.ConversationId == record.Id, cancellationToken);
            return new ConversationDetail(record, record.ToConversation(), null, null, null, null, []) { ScoringError = error };
        }

        var overrides = await db.CheckOverrides.AsNoTracking().Where(o => o.ScorecardId == scorecard.Id).OrderBy(o => o.AtUtc).ToListAsync(cancellationToken);
        var standard = await standards.CompiledAsync(scorecard.StandardVersionId, cancellationToken);
        var engineCard = ScorecardJson.Parse(scorecard.EngineJson, standard);
        var effective = Effective(standard, engineCard, overrides);
        return new ConversationDetail(record, record.ToConversation(), scorecard, effective, engineCard, standard, overrides);
    }

    internal static Scorecard Effective(CompiledStandard standard, Scorecard engineCard, IEnumerable<CheckOverride> overrides)
    {
        var decided = overrides.ToDictionary(o => o.CheckId, o => o.Outcome, StringComparer.Ordinal);
        return decided.Count == 0 ? engineCard : new QualityEngine(standard).ApplyOverrides(engineCard, decided);
    }
}
