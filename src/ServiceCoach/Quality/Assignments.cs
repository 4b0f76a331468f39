using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Insights;
using ServiceCoach.Notifications;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>A conversation waiting in the unassigned queue (no team, no known agent).</summary>
public sealed record UnassignedConversation(long Id, string ExternalId, Channel Channel, string? AgentCode, string? TeamName, DateTime? StartTimeUtc, long? ImportId, double? Score, string? Grade);

/// <summary>Where conversations can be filed: a team, optionally one of its agents.</summary>
public sealed record AssignTarget(int TeamId, string TeamName, IReadOnlyList<(string UserId, string UserName, string AgentCode)> Agents);

public sealed record AgentMappingView(int Id, string ExternalAgentId, string UserId, string UserName, string? AgentCode, string? TeamName, string CreatedBy, DateTime CreatedAtUtc);

/// <summary>Someone a review-queue item can be assigned to.</summary>
public sealed record ReviewerOption(string UserId, string UserName, string Role);

/// <summary>Why an assignment was refused; <see cref="Assignments.Describe"/> says it plainly.</summary>
public enum AssignError
{
    NotAllowed,
    NothingChosen,
    UnknownTeam,
    NotYourTeam,
    UnknownAgent,
    AgentNotInTeam,
    UnknownReviewer,
    ReviewerCannotSee,
    ExternalIdRequired,
    ExternalIdTooLong,
    AlreadyMapped,
}

/// <summary>
/// Who imported work belongs to (issue: imported work reaches its team). The unassigned queue
/// holds conversations stored with no team and no known agent; supervisors (their own teams as
/// targets), QA inspectors and admins file them, in bulk, under a team and optionally an agent.
/// Agent mappings tell later imports which of our agents a source system's agent id is. Also:
/// assigning review-queue items to reviewers. Every change is audited; filing moves the
/// dashboards' rollups from "no team" to the team in the same transaction.
/// </summary>
public sealed class Assignments(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock, Notifier notifier)
{
    public const int MaxPageSize = 200;

    /// <summary>At most this many conversations per assignment (one form post).</summary>
    public const int MaxBatch = 500;

    internal static IQueryable<ConversationRecord> Unassigned(ServiceCoachDbContext db) =>
        db.Conversations.AsNoTracking().Where(c => c.TeamId == null && c.AgentUserId == null);

    public async Task<(IReadOnlyList<UnassignedConversation> Items, int Total)> UnassignedAsync(
        Viewer viewer, long? importId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        page = Paging.Page(page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Unassigned(db);
        if (importId is { } id)
        {
            query = query.Where(c => c.ImportId == id);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await (from c in query
                           join s in db.Scorecards.AsNoTracking() on c.Id equals s.ConversationId into cards
                           from s in cards.DefaultIfEmpty()
                           orderby c.Id descending
                           select new UnassignedConversation(c.Id, c.ExternalId, c.Channel, c.AgentCode, c.TeamName, c.StartTimeUtc, c.ImportId,
                               s == null ? null : s.Score, s == null ? null : s.Grade))
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>The teams (with their agents) the viewer may file conversations under: a supervisor's own teams, every team for QA and admins.</summary>
    public async Task<IReadOnlyList<AssignTarget>> TargetsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        var agents = await db.Users.AsNoTracking().Where(u => u.AgentCode != null && u.TeamId != null)
            .OrderBy(u => u.AgentCode).Select(u => new { u.Id, u.UserName, u.AgentCode, u.TeamId }).ToListAsync(cancellationToken);
        return [.. teams.Where(t => ConversationQueries.CanSee(viewer, t.Id, null))
            .Select(t => new AssignTarget(t.Id, t.Name, [.. agents.Where(a => a.TeamId == t.Id).Select(a => (a.Id, a.UserName ?? a.Id, a.AgentCode!))]))];
    }

    /// <summary>
    /// Files conversations under <paramref name="teamId"/> (and <paramref name="agentUserId"/>, one
    /// of its agents, when given). Each must be unassigned or already visible to the viewer; others
    /// are skipped (never reported: they may be another team's). Returns how many were filed.
    /// </summary>
    public async Task<(int Assigned, AssignError? Error)> AssignConversationsAsync(
        Viewer viewer, IReadOnlyCollection<long> conversationIds, int teamId, string? agentUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(conversationIds);
        if (!viewer.Can(Policies.AssignConversations))
        {
            return (0, AssignError.NotAllowed);
        }

        var ids = conversationIds.Distinct().Take(MaxBatch).ToList();
        if (ids.Count == 0)
        {
            return (0, AssignError.NothingChosen);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        if (team is null)
        {
            return (0, AssignError.UnknownTeam);
        }

        if (!ConversationQueries.CanSee(viewer, teamId, null))
        {
            return (0, AssignError.NotYourTeam);
        }

        string? agentCode = null;
        if (!string.IsNullOrEmpty(agentUserId))
        {
            var agent = await db.Users.AsNoTracking().Where(u => u.Id == agentUserId).Select(u => new { u.AgentCode, u.TeamId }).FirstOrDefaultAsync(cancellationToken);
            if (agent?.AgentCode is null)
            {
                return (0, AssignError.UnknownAgent);
            }

            if (agent.TeamId != teamId)
            {
                return (0, AssignError.AgentNotInTeam);
            }

            agentCode = agent.AgentCode;
        }
        else
        {
            agentUserId = null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Which of them the viewer may file (a no-tracking query: Visible is), then those rows, tracked.
        var visible = ConversationQueries.Visible(db, viewer).Select(c => c.Id);
        var allowedIds = await db.Conversations.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && ((c.TeamId == null && c.AgentUserId == null) || visible.Contains(c.Id)))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        var conversations = await db.Conversations.Where(c => allowedIds.Contains(c.Id)).ToListAsync(cancellationToken);
        ids = allowedIds;
        var cards = await db.Scorecards.Where(s => ids.Contains(s.ConversationId)).ToListAsync(cancellationToken);
        var cardIds = cards.Select(c => c.Id).ToList();
        var overrides = (await db.CheckOverrides.AsNoTracking().Where(o => cardIds.Contains(o.ScorecardId)).ToListAsync(cancellationToken)).ToLookup(o => o.ScorecardId);
        var rollups = new RollupWriter();
        var moved = new List<object>(conversations.Count);
        foreach (var conversation in conversations)
        {
            moved.Add(new { conversation = conversation.ExternalId, fromTeam = conversation.TeamId, fromAgent = conversation.AgentCode });
            conversation.TeamId = teamId;
            if (agentUserId is not null)
            {
                conversation.AgentUserId = agentUserId;
                conversation.AgentCode = agentCode;
            }

            if (cards.FirstOrDefault(c => c.ConversationId == conversation.Id) is { } card)
            {
                var standard = await standards.CompiledAsync(card.StandardVersionId, cancellationToken);
                var effective = ConversationQueries.Effective(standard, ScorecardJson.Parse(card.EngineJson, standard), overrides[card.Id]);
                var outcomes = effective.Checks.Select(c => (c.Id, c.Outcome)).ToList();
                rollups.Add(card, outcomes, -1);
                card.TeamId = teamId;
                card.AgentCode = conversation.AgentCode;
                rollups.Add(card, outcomes, +1);
            }
        }

        AuditLog.Record(db, clock, viewer, "conversation.assign", "team", teamId.ToString(CultureInfo.InvariantCulture), new
        {
            team = team.Name,
            agent = agentCode,
            count = conversations.Count,
            conversations = moved,
        });
        await db.SaveChangesAsync(cancellationToken);
        await rollups.ApplyAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (conversations.Count, null);
    }

    public async Task<IReadOnlyList<AgentMappingView>> MappingsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from m in db.AgentMappings.AsNoTracking()
                          join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                          join t in db.Teams.AsNoTracking() on u.TeamId equals t.Id into teams
                          from t in teams.DefaultIfEmpty()
                          orderby m.ExternalAgentId
                          select new { m, u.UserName, u.AgentCode, u.TeamId, TeamName = t == null ? null : t.Name }).ToListAsync(cancellationToken);
        return [.. rows.Where(r => ConversationQueries.CanSee(viewer, r.TeamId, null))
            .Select(r => new AgentMappingView(r.m.Id, r.m.ExternalAgentId, r.m.UserId, r.UserName ?? r.m.UserId, r.AgentCode, r.TeamName, r.m.CreatedBy, r.m.CreatedAtUtc))];
    }

    /// <summary>Maps a source system's agent id to one of our agents (a supervisor: an agent of their own teams). Later imports file those conversations under the agent.</summary>
    public async Task<AssignError?> AddMappingAsync(Viewer viewer, string? externalAgentId, string agentUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.AssignConversations))
        {
            return AssignError.NotAllowed;
        }

        var external = (externalAgentId ?? "").Trim();
        if (external.Length == 0)
        {
            return AssignError.ExternalIdRequired;
        }

        if (external.Length > ConversationLimits.MaxAgentIdLength)
        {
            return AssignError.ExternalIdTooLong;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var agent = await db.Users.AsNoTracking().Where(u => u.Id == agentUserId).Select(u => new { u.AgentCode, u.TeamId }).FirstOrDefaultAsync(cancellationToken);
        if (agent?.AgentCode is null)
        {
            return AssignError.UnknownAgent;
        }

        if (!ConversationQueries.CanSee(viewer, agent.TeamId, null))
        {
            return AssignError.NotYourTeam;
        }

        if (await db.AgentMappings.AnyAsync(m => m.ExternalAgentId == external, cancellationToken) || await db.Users.AnyAsync(u => u.AgentCode == external, cancellationToken))
        {
            return AssignError.AlreadyMapped;
        }

        db.AgentMappings.Add(new AgentMapping { ExternalAgentId = external, UserId = agentUserId, CreatedBy = viewer.UserName, CreatedAtUtc = clock.GetUtcNow().UtcDateTime });
        AuditLog.Record(db, clock, viewer, "agent-mapping.add", "user", agentUserId, new { external, agent = agent.AgentCode });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            return AssignError.AlreadyMapped;
        }

        return null;
    }

    public async Task<bool> RemoveMappingAsync(Viewer viewer, int mappingId, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mapping = await db.AgentMappings.FirstOrDefaultAsync(m => m.Id == mappingId, cancellationToken);
        var teamId = mapping is null ? null : await db.Users.Where(u => u.Id == mapping.UserId).Select(u => u.TeamId).FirstOrDefaultAsync(cancellationToken);
        if (mapping is null || !ConversationQueries.CanSee(viewer, teamId, null))
        {
            return false;
        }

        db.AgentMappings.Remove(mapping);
        AuditLog.Record(db, clock, viewer, "agent-mapping.remove", "user", mapping.UserId, new { external = mapping.ExternalAgentId });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>People who may review: admins and QA inspectors (every conversation), supervisors (their teams').</summary>
    public async Task<IReadOnlyList<ReviewerOption>> ReviewersAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reviewerRoles = new[] { Roles.Admin, Roles.QaInspector, Roles.Supervisor };
        var rows = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          join u in db.Users on ur.UserId equals u.Id
                          where reviewerRoles.Contains(r.Name!)
                          orderby u.UserName
                          select new { u.Id, u.UserName, Role = r.Name! }).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Id).Select(g => new ReviewerOption(g.Key, g.First().UserName ?? g.Key, string.Join(", ", g.Select(x => x.Role))))];
    }

    /// <summary>
    /// Assigns pending review-queue items (ones the viewer sees) to <paramref name="reviewerUserId"/>,
    /// or unassigns them (null). A reviewer must be able to see the conversation (a supervisor only
    /// their teams'); items they could not see are skipped. The reviewer is notified; audited.
    /// </summary>
    public async Task<(int Assigned, AssignError? Error)> AssignReviewsAsync(
        Viewer viewer, IReadOnlyCollection<long> itemIds, string? reviewerUserId, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        ArgumentNullException.ThrowIfNull(itemIds);
        var ids = itemIds.Distinct().Take(MaxBatch).ToList();
        if (ids.Count == 0)
        {
            return (0, AssignError.NothingChosen);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        string? reviewerName = null;
        int[]? reviewerTeams = null;
        if (!string.IsNullOrEmpty(reviewerUserId))
        {
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == reviewerUserId select r.Name!).ToListAsync(cancellationToken);
            reviewerName = await db.Users.Where(u => u.Id == reviewerUserId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
            if (reviewerName is null || !roles.Any(r => r is Roles.Admin or Roles.QaInspector or Roles.Supervisor))
            {
                return (0, AssignError.UnknownReviewer);
            }

            reviewerTeams = roles.Any(r => r is Roles.Admin or Roles.QaInspector)
                ? null
                : await db.TeamSupervisors.Where(s => s.UserId == reviewerUserId).Select(s => s.TeamId).ToArrayAsync(cancellationToken);
        }
        else
        {
            reviewerUserId = null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await (from r in db.ReviewItems.AsNoTracking()
                           where ids.Contains(r.Id) && r.State == ReviewState.Pending
                           join s in db.Scorecards.AsNoTracking() on r.ScorecardId equals s.Id
                           join c in ConversationQueries.Visible(db, viewer) on s.ConversationId equals c.Id
                           select new { r.Id, c.TeamId, c.ExternalId }).ToListAsync(cancellationToken);
        var foundIds = found.Select(f => f.Id).ToList();
        var tracked = await db.ReviewItems.Where(r => foundIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var items = found.Select(f => new { Item = tracked[f.Id], f.TeamId, f.ExternalId }).ToList();
        var allowed = items.Where(x => reviewerTeams is null || (x.TeamId is { } t && reviewerTeams.Contains(t))).ToList();
        if (allowed.Count == 0 && items.Count > 0)
        {
            return (0, AssignError.ReviewerCannotSee);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var x in allowed)
        {
            x.Item.AssignedToUserId = reviewerUserId;
            x.Item.AssignedToName = reviewerName;
            x.Item.AssignedAtUtc = reviewerUserId is null ? null : now;
        }

        AuditLog.Record(db, clock, viewer, reviewerUserId is null ? "review.unassign" : "review.assign", "reviewItems", string.Join(',', allowed.Select(x => x.Item.Id)), new
        {
            reviewer = reviewerName,
            conversations = allowed.Select(x => x.ExternalId).ToList(),
        });
        if (reviewerUserId is not null && allowed.Count > 0 && reviewerUserId != viewer.UserId)
        {
            var first = allowed[0].ExternalId;
            await notifier.NotifyAsync(db, NotificationRecipients.User(reviewerUserId), new NotificationMessage(
                "review.assigned",
                allowed.Count == 1 ? $"分配给您复核：{first}" : $"分配给您复核：{allowed.Count} 个会话",
                $"{viewer.UserName} 把 {allowed.Count} 个待复核会话分配给了您（{string.Join("、", allowed.Take(5).Select(x => x.ExternalId))}{(allowed.Count > 5 ? "…" : "")}）。",
                allowed.Count == 1 ? $"/conversations/{Uri.EscapeDataString(first)}" : "/review?assigned=me"), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (allowed.Count, null);
    }

    public static (string Chinese, string English) Describe(AssignError error) => error switch
    {
        AssignError.NotAllowed => ("您的角色不能分配会话。", "Your role may not assign conversations."),
        AssignError.NothingChosen => ("请先勾选要分配的条目。", "Tick the items to assign first."),
        AssignError.UnknownTeam => ("没有这个班组。", "There is no such team."),
        AssignError.NotYourTeam => ("只能分配到您带领的班组。", "You may assign only to a team you lead."),
        AssignError.UnknownAgent => ("没有这个客服（或该用户没有工号）。", "There is no such agent (or the user has no agent id)."),
        AssignError.AgentNotInTeam => ("该客服不在所选班组。", "That agent is not in the chosen team."),
        AssignError.UnknownReviewer => ("没有这个复核人（复核人须是管理员、质检员或主管）。", "There is no such reviewer (a reviewer is an admin, QA inspector or supervisor)."),
        AssignError.ReviewerCannotSee => ("所选复核人看不到这些会话（主管只能复核本班组的会话）。", "The chosen reviewer cannot see these conversations (a supervisor reviews only their own teams')."),
        AssignError.ExternalIdRequired => ("请填写外部系统的客服 id。", "Give the agent id used by the source system."),
        AssignError.ExternalIdTooLong => ("外部客服 id 太长（最多 64 个字符）。", "The external agent id is too long (at most 64 characters)."),
        AssignError.AlreadyMapped => ("这个外部客服 id 已经对应了一位客服（或本身就是某位客服的工号）。", "That external agent id is already mapped (or is an agent's own id)."),
        _ => (error.ToString(), error.ToString()),
    };

    private static void Demand(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.AssignConversations))
        {
            throw new UnauthorizedAccessException("Only admins, QA inspectors and supervisors may see and assign unassigned conversations.");
        }
    }
}
