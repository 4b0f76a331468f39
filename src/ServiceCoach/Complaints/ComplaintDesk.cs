using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Quality;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Complaints;

public enum ComplaintError
{
    /// <summary>No such complaint, or not one the viewer may see (never says which).</summary>
    NotFound,

    /// <summary>The viewer's role may not do this.</summary>
    NotAllowed,

    /// <summary>The input has problems; <see cref="ComplaintResult.Problems"/> says which, in Chinese.</summary>
    Invalid,
}

public sealed record ComplaintResult(long? Id, ComplaintError? Error, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Error is null;

    public static ComplaintResult Ok(long id) => new(id, null, []);

    public static ComplaintResult Fail(ComplaintError error, params string[] problems) => new(null, error, problems);
}

/// <summary>What a person fills in to open a complaint.</summary>
public sealed record NewComplaint
{
    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public string CustomerId { get; init; } = "";

    public string? CustomerName { get; init; }

    /// <summary>P1/P2/P3; when null, <see cref="AnnualRevenue"/> decides; when both are null, the lowest tier.</summary>
    public string? TierId { get; init; }

    public decimal? AnnualRevenue { get; init; }

    public string Channel { get; init; } = "chat";

    public string CategoryId { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>lusaf or learn; null = the standard's default.</summary>
    public string? FlowId { get; init; }

    /// <summary>Stored conversations (their ids in the source system) to link.</summary>
    public IReadOnlyList<string> ConversationIds { get; init; } = [];

    /// <summary>The customer already heard from us (a complaint opened from a conversation): the first-response clock is met at once.</summary>
    public bool AlreadyResponded { get; init; }
}

/// <summary>A row of the complaint list.</summary>
public sealed record ComplaintSummary(
    long Id, string Title, string CustomerId, string TierId, string CategoryId, string LevelId, bool LevelOverridden, ComplaintState State,
    string OwnerName, DateTime CreatedAtUtc, DateTime? NextDueUtc, int Breaches, long? GroupId);

/// <summary>A clock as the page shows it: the stored row and the engine's state now.</summary>
public sealed record ClockView(SlaClockRecord Record, SlaClockState State);

/// <summary>A linked conversation and which complaint-flow steps the quality engine found in it.</summary>
public sealed record LinkedConversation(string ExternalId, DateTime? StartUtc, string? AgentCode, string? CheckOutcome, IReadOnlyList<(string Step, bool Found, string? Quote)> Steps, string? Reason);

/// <summary>Everything the complaint page shows.</summary>
public sealed record ComplaintView(
    ComplaintRecord Record,
    ComplaintStandard Standard,
    FlowDefinition Flow,
    StepWalk Walk,
    IReadOnlyList<ComplaintStepRecord> Steps,
    IReadOnlyList<ClockView> Clocks,
    IReadOnlyList<LinkedConversation> Conversations,
    IReadOnlyList<FollowUpRecord> FollowUps,
    ComplaintGroup? Group,
    BusinessCalendar Calendar,
    bool CanAct,
    bool CanOverrideLevel,
    bool NeedsTakeOver,
    bool ViewerMayTakeOver);

/// <summary>
/// Complaints (R-CMP-1…10): open (from scratch or from a stored conversation), level by the
/// standard's rules with an audited manual override, SLA clocks on the team's business calendar,
/// escalation by the number of distinct customers, the handling steps, compensation and returns
/// decisions, technical faults, closure and follow-up. Agents see and work their own complaints,
/// supervisors their teams', admins all; every change that matters is audited.
/// </summary>
public sealed class ComplaintDesk(
    IDbContextFactory<ServiceCoachDbContext> dbFactory,
    StandardCatalog standards,
    ComplaintCalendars calendars,
    ConversationQueries conversations,
    Notifier notifier,
    NotificationDispatcher dispatcher,
    TimeProvider clock)
{
    public const int MaxPageSize = 200;

    internal static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Steps whose recording meets the first-solution clock (Solve &amp; Act, Resolve).</summary>
    private static readonly HashSet<string> SolutionSteps = new(StringComparer.Ordinal) { "solve", "resolve" };

    /// <summary>The complaints section of the active standard (the shipped default's when the active one has none).</summary>
    public async Task<(string Version, CompiledStandard Compiled, ComplaintStandard Complaints)> StandardAsync(CancellationToken cancellationToken = default)
    {
        var (record, compiled) = await standards.ActiveAsync(cancellationToken);
        var complaints = compiled.Definition.Complaints ?? ShippedStandards.Default.Definition.Complaints!;
        return ($"{record.StandardId}@{record.Version}", compiled, complaints);
    }

    public static Authority AuthorityOf(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.IsInRole(Roles.Admin) ? Authority.CrisisTeam
            : viewer.IsInRole(Roles.Supervisor) ? Authority.Supervisor
            : Authority.Agent;
    }

    /// <summary>May work complaints at all: agents, supervisors and admins.</summary>
    public static bool MayUse(Viewer viewer) =>
        viewer is not null && (viewer.IsInRole(Roles.Admin) || viewer.IsInRole(Roles.Supervisor) || viewer.IsInRole(Roles.Agent));

    /// <summary>The complaints a viewer may see: all for admins; their teams' for supervisors; their own (owned or opened) for agents.</summary>
    internal static IQueryable<ComplaintRecord> Visible(ServiceCoachDbContext db, Viewer viewer)
    {
        var query = db.Set<ComplaintRecord>().AsNoTracking();
        if (viewer.IsInRole(Roles.Admin))
        {
            return query;
        }

        if (!MayUse(viewer))
        {
            return query.Where(_ => false);
        }

        var teams = viewer.IsInRole(Roles.Supervisor) ? viewer.TeamIds.ToArray() : [];
        var me = viewer.UserId;
        return query.Where(c => (c.TeamId != null && teams.Contains(c.TeamId.Value)) || c.OwnerUserId == me || c.CreatedByUserId == me);
    }

    private static bool CanAct(Viewer viewer, ComplaintRecord complaint) =>
        viewer.IsInRole(Roles.Admin) || complaint.OwnerUserId == viewer.UserId ||
        (viewer.IsInRole(Roles.Supervisor) && complaint.TeamId is { } team && viewer.TeamIds.Contains(team));

    private static bool CanOverride(Viewer viewer, ComplaintRecord complaint) =>
        viewer.IsInRole(Roles.Admin) || (viewer.IsInRole(Roles.Supervisor) && complaint.TeamId is { } team && viewer.TeamIds.Contains(team));

    public async Task<(IReadOnlyList<ComplaintSummary> Items, int Total)> ListAsync(Viewer viewer, ComplaintState? state, string? levelId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Visible(db, viewer);
        if (state is { } s)
        {
            query = query.Where(c => c.State == s);
        }

        if (!string.IsNullOrEmpty(levelId))
        {
            query = query.Where(c => c.LevelId == levelId);
        }

        var total = await query.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var clocks = db.Set<SlaClockRecord>().AsNoTracking();
        var items = await query.OrderByDescending(c => c.CreatedAtUtc).ThenByDescending(c => c.Id)
            .Skip(Paging.Offset(page, size)).Take(size)
            .Select(c => new ComplaintSummary(
                c.Id, c.Title, c.CustomerId, c.TierId, c.CategoryId, c.LevelId, c.LevelOverridden, c.State, c.OwnerName, c.CreatedAtUtc,
                clocks.Where(k => k.ComplaintId == c.Id && k.StoppedAtUtc == null && k.DueAtUtc != null).Min(k => k.DueAtUtc),
                clocks.Where(k => k.ComplaintId == c.Id).Sum(k => k.PastBreaches + (k.BreachNotified || k.Status == SlaStatus.Breached ? 1 : 0)),
                c.GroupId))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<ComplaintView?> GetAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await Visible(db, viewer).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (complaint is null)
        {
            return null;
        }

        var (_, compiled, standard) = await StandardAsync(cancellationToken);
        var flow = compiled.Definition.Flows.FirstOrDefault(f => f.Id == complaint.FlowId) ?? compiled.Definition.Flows.First(f => f.Id == standard.Handling.Flows[0]);
        var steps = await db.Set<ComplaintStepRecord>().AsNoTracking().Where(s => s.ComplaintId == id).OrderBy(s => s.AtUtc).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var walk = HandlingSteps.Walk(standard, flow, [.. steps.Where(s => s.FlowId == flow.Id).Select(ToRecorded)]);
        var calendar = await calendars.ForTeamAsync(db, complaint.TeamId, cancellationToken);
        var pauses = ClockMath.Pauses(await db.Set<ComplaintPause>().AsNoTracking().Where(p => p.ComplaintId == id).ToListAsync(cancellationToken));
        var now = clock.GetUtcNow();
        var clockRows = await db.Set<SlaClockRecord>().AsNoTracking().Where(c => c.ComplaintId == id).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var clocks = clockRows.Select(c => new ClockView(c, ClockMath.Evaluate(c, pauses, calendar, now))).ToArray();
        var followUps = await db.Set<FollowUpRecord>().AsNoTracking().Where(f => f.ComplaintId == id).OrderBy(f => f.DueAtUtc).ToListAsync(cancellationToken);
        var group = complaint.GroupId is { } g ? await db.Set<ComplaintGroup>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == g, cancellationToken) : null;
        var linkedIds = await (from l in db.Set<ComplaintConversation>().AsNoTracking()
                               join c in db.Conversations.AsNoTracking() on l.ConversationId equals c.Id
                               where l.ComplaintId == id
                               select c.ExternalId).ToListAsync(cancellationToken);
        var linked = new List<LinkedConversation>();
        foreach (var externalId in linkedIds)
        {
            linked.Add(await FlowFindingsAsync(externalId, compiled, flow, cancellationToken));
        }

        var level = standard.LevelOrLowest(complaint.LevelId);
        var needsTakeOver = complaint.State != ComplaintState.Closed && complaint.OwnerAuthority < (int)level.Authority;
        return new ComplaintView(complaint, standard, flow, walk, steps, clocks, linked, followUps, group, calendar,
            CanAct(viewer, complaint), CanOverride(viewer, complaint), needsTakeOver,
            needsTakeOver && AuthorityOf(viewer) >= level.Authority && CanOverride(viewer, complaint));
    }

    private async Task<LinkedConversation> FlowFindingsAsync(string externalId, CompiledStandard standard, FlowDefinition flow, CancellationToken cancellationToken)
    {
        // The complaint's readers may read what the quality engine found in its linked conversations.
        var detail = await conversations.GetAsync(Viewer.System, externalId, cancellationToken);
        var check = detail?.Scorecard?.Checks.FirstOrDefault(c => c.Id == (flow.Id == "learn" ? "learn-flow" : "complaint-flow"))
            ?? detail?.Scorecard?.Check("complaint-flow");
        var found = new List<(string, bool, string?)>();
        foreach (var step in flow.Steps)
        {
            var evidence = check?.Evidence.FirstOrDefault(e => e.Note == step.Name);
            found.Add((step.Name, evidence is not null, evidence?.Text));
        }

        return new LinkedConversation(externalId, detail?.Record.StartTimeUtc, detail?.Record.AgentCode,
            check is null ? null : ScorecardOutcome(check.Outcome), found, check?.Reason);
    }

    private static string ScorecardOutcome(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "pass",
        CheckOutcome.Fail => "fail",
        _ => "na",
    };

    /// <summary>Opens a complaint from a stored conversation the viewer may see: customer, channel and the customer's words prefilled; the conversation linked.</summary>
    public async Task<ComplaintResult> OpenFromConversationAsync(Viewer viewer, string conversationId, string? categoryId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!MayUse(viewer))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        var draft = await DraftFromConversationAsync(viewer, conversationId, cancellationToken);
        if (draft is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        return await CreateAsync(viewer, categoryId is null ? draft : draft with { CategoryId = categoryId }, cancellationToken);
    }

    /// <summary>
    /// What a complaint opened from a stored conversation starts with (the new-complaint form is
    /// prefilled with it): title and description from the customer's words, customer, tier, channel,
    /// category and the conversation linked. Null when the viewer may not see the conversation.
    /// </summary>
    public async Task<NewComplaint?> DraftFromConversationAsync(Viewer viewer, string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!MayUse(viewer) || string.IsNullOrWhiteSpace(conversationId))
        {
            return null;
        }

        var detail = await conversations.GetAsync(viewer, conversationId, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        var (_, _, standard) = await StandardAsync(cancellationToken);
        var words = string.Join(" ", detail.Conversation.Turns.Where(t => t.Speaker == Conversations.Speaker.Customer).Select(t => t.Text));
        return new NewComplaint
        {
            Title = Cut($"{detail.Record.Category ?? "投诉"}：{words}", 60),
            Description = Cut(words, 2000),
            CustomerId = detail.Record.CustomerId ?? $"conversation:{conversationId}",
            TierId = standard.Tier(detail.Record.CustomerTier)?.Id,
            Channel = detail.Record.Channel.ToString().ToLowerInvariant(),
            CategoryId = standard.Category(detail.Record.Category)?.Id ?? GuessCategory(standard, detail.Record.Category),
            ConversationIds = [conversationId],
            AlreadyResponded = true,
        };
    }

    private static string GuessCategory(ComplaintStandard standard, string? conversationCategory)
    {
        var text = conversationCategory ?? "";
        var match = standard.Categories.FirstOrDefault(c => text.Contains(c.Name, StringComparison.Ordinal) || c.Name.Contains(text, StringComparison.Ordinal) && text.Length >= 2);
        return (match ?? standard.Categories.FirstOrDefault(c => c.Id == "service-attitude") ?? standard.Categories[0]).Id;
    }

    public async Task<ComplaintResult> CreateAsync(Viewer viewer, NewComplaint input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(input);
        if (!MayUse(viewer))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        var (version, compiled, standard) = await StandardAsync(cancellationToken);
        var problems = new List<string>();
        var title = (input.Title ?? "").Trim();
        var description = (input.Description ?? "").Trim();
        var customer = (input.CustomerId ?? "").Trim();
        if (title.Length == 0)
        {
            problems.Add("请填写标题。");
        }

        if (title.Length > 200 || description.Length > 8000)
        {
            problems.Add("标题最多 200 字，描述最多 8000 字。");
        }

        if (customer.Length is 0 or > 128)
        {
            problems.Add("请填写客户编号（最多 128 字符）：同一客户的多次投诉据此识别。");
        }

        var category = standard.Category(input.CategoryId);
        if (category is null)
        {
            problems.Add($"未知的投诉类别「{input.CategoryId}」。");
        }

        CustomerTierDefinition tier;
        if (input.TierId is { Length: > 0 } tierId)
        {
            tier = standard.Tier(tierId) ?? standard.Tiers[^1];
            if (standard.Tier(tierId) is null)
            {
                problems.Add($"未知的客户层级「{tierId}」。");
            }
        }
        else
        {
            tier = input.AnnualRevenue is { } revenue ? standard.TierFor(revenue) : standard.Tiers[^1];
        }

        var flowId = input.FlowId is { Length: > 0 } f ? f : standard.Handling.Flows.Count > 0 ? standard.Handling.Flows[0] : "lusaf";
        if (!standard.Handling.Flows.Contains(flowId) || compiled.Definition.Flows.All(x => x.Id != flowId))
        {
            problems.Add($"未知的处理流程「{flowId}」。");
        }

        var tags = input.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (string.Join(',', tags).Length > 1000)
        {
            problems.Add("标签太多。");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var links = new List<long>();
        foreach (var conversationId in input.ConversationIds.Distinct(StringComparer.Ordinal))
        {
            var found = await ConversationQueries.Visible(db, viewer).Where(c => c.ExternalId == conversationId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                problems.Add($"找不到会话「{conversationId}」。");
            }
            else
            {
                links.Add(found.Value);
            }
        }

        if (problems.Count > 0)
        {
            return new ComplaintResult(null, ComplaintError.Invalid, problems);
        }

        var me = await db.Users.AsNoTracking().Where(u => u.Id == viewer.UserId).Select(u => new { u.Id, u.UserName, u.DisplayName, u.TeamId }).FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Escalation by count: join (or start) the group of complaints about the same problem first,
        // because its distinct customers are part of this complaint's level.
        var text = $"{title} {description}";
        var escalation = await EscalationGroups.JoinAsync(db, standard, category!.Id, text, tags, customer, now, cancellationToken);
        var decision = ComplaintLeveling.Compute(standard, new ComplaintFacts(category.Id, text, tier.Id, input.Channel, escalation.DistinctCustomers));
        var complaint = new ComplaintRecord
        {
            Title = title,
            Description = description,
            CustomerId = customer,
            CustomerName = input.CustomerName?.Trim() is { Length: > 0 } name ? Cut(name, 200) : null,
            TierId = tier.Id,
            Channel = Cut((input.Channel ?? "chat").Trim(), 32),
            CategoryId = category.Id,
            Tags = string.Join(',', tags),
            OwnerUserId = viewer.UserId,
            OwnerName = me?.DisplayName is { Length: > 0 } display ? display : viewer.UserName,
            OwnerAuthority = (int)AuthorityOf(viewer),
            CreatedByUserId = viewer.UserId,
            TeamId = me?.TeamId ?? (viewer.TeamIds.Count > 0 ? viewer.TeamIds[0] : null),
            LevelId = decision.Level.Id,
            ComputedLevelId = decision.Level.Id,
            LevelReasons = JsonSerializer.Serialize(decision.Reasons.Select(r => new { rule = r.RuleId, description = r.Description, level = r.LevelId }), Json),
            State = ComplaintState.Open,
            FlowId = flowId,
            GroupId = escalation.Group.Id,
            StandardVersion = version,
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
        };
        db.Add(complaint);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var link in links)
        {
            db.Add(new ComplaintConversation { ComplaintId = complaint.Id, ConversationId = link });
        }

        var calendar = await calendars.ForTeamAsync(db, complaint.TeamId, cancellationToken);
        foreach (var clockRecord in NewClocks(standard, decision.Level, category, complaint.Id, now, calendar))
        {
            if (clockRecord.Kind == ClockKinds.FirstResponse && input.AlreadyResponded)
            {
                ClockMath.Stop(clockRecord, [], calendar, now);
            }

            db.Add(clockRecord);
        }

        EscalationGroups.RecordJoin(db, escalation, complaint, now);
        AuditLog.Record(db, clock, viewer, "complaint.create", "complaint", Id(complaint.Id), new
        {
            complaint.Title, complaint.CustomerId, complaint.TierId, complaint.CategoryId, level = complaint.LevelId,
            reasons = decision.Reasons.Select(r => r.RuleId), group = escalation.Group.Id, customers = escalation.DistinctCustomers,
            conversations = input.ConversationIds,
        });
        await db.SaveChangesAsync(cancellationToken);

        if (escalation.NewlyReached is { } threshold)
        {
            await EscalationGroups.EscalateGroupAsync(db, standard, calendars, notifier, clock, escalation.Group, threshold, now, cancellationToken);
        }

        // The group's escalation already told the same people when the count set this level.
        if (complaint.OwnerAuthority < (int)decision.Level.Authority && escalation.NewlyReached?.LevelId != decision.Level.Id)
        {
            await NotifyAwaitingOwnerAsync(db, standard, complaint, decision.Level, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        dispatcher.Wake();
        return ComplaintResult.Ok(complaint.Id);
    }

    internal static IEnumerable<SlaClockRecord> NewClocks(ComplaintStandard standard, ComplaintLevelDefinition level, ComplaintCategoryDefinition? category, long complaintId, DateTimeOffset now, BusinessCalendar calendar)
    {
        var clocks = new List<SlaClockRecord>();
        void Add(string kind, int? seconds, ClockMode mode, bool pausable)
        {
            if (seconds is not { } target)
            {
                return;
            }

            var record = new SlaClockRecord
            {
                ComplaintId = complaintId,
                Kind = kind,
                TargetSeconds = target,
                Mode = mode,
                Pausable = pausable,
                StartedAtUtc = now.UtcDateTime,
                AnchorAtUtc = now.UtcDateTime,
            };
            ClockMath.Refresh(record, [], calendar, now);
            clocks.Add(record);
        }

        Add(ClockKinds.FirstResponse, level.FirstResponseSeconds, level.Clock, pausable: false);
        Add(ClockKinds.FirstSolution, level.FirstSolutionSeconds, level.Clock, pausable: true);
        Add(ClockKinds.Update, level.UpdateIntervalSeconds, level.Clock, pausable: true);
        Add(ClockKinds.Closure, level.ClosureSeconds, level.ClosureClock, pausable: true);
        if (category?.TechnicalFault == true)
        {
            Add(ClockKinds.TechHandoff, standard.TechnicalFaultHandoffSeconds, level.Clock, pausable: false);
        }

        return clocks;
    }

    /// <summary>
    /// Sets the level by hand (supervisors of the team and admins), with a reason; audited with the
    /// level before, the computed level and the reason. The running clocks take the new level's limits.
    /// </summary>
    public async Task<ComplaintResult> OverrideLevelAsync(Viewer viewer, long id, string levelId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (_, _, standard) = await StandardAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        if (!CanOverride(viewer, complaint))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        var level = standard.Level(levelId);
        var text = (reason ?? "").Trim();
        if (level is null || text.Length == 0 || text.Length > 1000)
        {
            return ComplaintResult.Fail(ComplaintError.Invalid, level is null ? $"未知的等级「{levelId}」。" : "请写明调整等级的理由（最多 1000 字）。");
        }

        var before = complaint.LevelId;
        complaint.LevelId = level.Id;
        complaint.LevelOverridden = level.Id != complaint.ComputedLevelId;
        complaint.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await ApplyLevelToClocksAsync(db, standard, calendars, complaint, clock.GetUtcNow(), cancellationToken);
        AuditLog.Record(db, clock, viewer, "complaint.level-override", "complaint", Id(id), new { from = before, to = level.Id, computed = complaint.ComputedLevelId, reason = text });
        if (complaint.OwnerAuthority < (int)level.Authority)
        {
            await NotifyAwaitingOwnerAsync(db, standard, complaint, level, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        dispatcher.Wake();
        return ComplaintResult.Ok(id);
    }

    /// <summary>The running level-based clocks take the complaint's current level's limits; due times move accordingly.</summary>
    internal static async Task ApplyLevelToClocksAsync(ServiceCoachDbContext db, ComplaintStandard standard, ComplaintCalendars calendars, ComplaintRecord complaint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var level = standard.LevelOrLowest(complaint.LevelId);
        var calendar = await calendars.ForTeamAsync(db, complaint.TeamId, cancellationToken);
        var pauses = ClockMath.Pauses(await db.Set<ComplaintPause>().AsNoTracking().Where(p => p.ComplaintId == complaint.Id).ToListAsync(cancellationToken));
        foreach (var record in await db.Set<SlaClockRecord>().Where(c => c.ComplaintId == complaint.Id && c.StoppedAtUtc == null).ToListAsync(cancellationToken))
        {
            (int? target, ClockMode mode) = record.Kind switch
            {
                ClockKinds.FirstResponse => (level.FirstResponseSeconds, level.Clock),
                ClockKinds.FirstSolution => (level.FirstSolutionSeconds, level.Clock),
                ClockKinds.Update => (level.UpdateIntervalSeconds, level.Clock),
                ClockKinds.Closure => (level.ClosureSeconds, level.ClosureClock),
                _ => ((int?)null, record.Mode),
            };
            if (target is { } seconds)
            {
                record.TargetSeconds = seconds;
                record.Mode = mode;
                ClockMath.Refresh(record, pauses, calendar, now);
            }
        }
    }

    /// <summary>A person with the level's authority takes the complaint over (becomes its owner). Audited.</summary>
    public async Task<ComplaintResult> TakeOverAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (_, _, standard) = await StandardAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        var level = standard.LevelOrLowest(complaint.LevelId);
        if (!CanOverride(viewer, complaint) || AuthorityOf(viewer) < level.Authority)
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        var before = complaint.OwnerName;
        var me = await db.Users.AsNoTracking().Where(u => u.Id == viewer.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        complaint.OwnerUserId = viewer.UserId;
        complaint.OwnerName = me is { Length: > 0 } ? me : viewer.UserName;
        complaint.OwnerAuthority = (int)AuthorityOf(viewer);
        complaint.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        AuditLog.Record(db, clock, viewer, "complaint.take-over", "complaint", Id(id), new { from = before, to = complaint.OwnerName, level = level.Id });
        await db.SaveChangesAsync(cancellationToken);
        return ComplaintResult.Ok(id);
    }

    /// <summary>
    /// Records the next handling step with its time and note. The first step meets the first
    /// response; Solve/Resolve meets the first solution; every step restarts the update interval;
    /// a committed time becomes a commitment clock.
    /// </summary>
    public async Task<ComplaintResult> RecordStepAsync(Viewer viewer, long id, string stepId, string? note, IReadOnlyList<string> options, DateTimeOffset? committedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(options);
        var (_, compiled, standard) = await StandardAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        if (!CanAct(viewer, complaint))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        if (complaint.State == ComplaintState.Closed)
        {
            return ComplaintResult.Fail(ComplaintError.Invalid, "投诉已关闭。");
        }

        var flow = compiled.Definition.Flows.First(f => f.Id == complaint.FlowId);
        var recorded = await db.Set<ComplaintStepRecord>().AsNoTracking().Where(s => s.ComplaintId == id && s.FlowId == flow.Id).OrderBy(s => s.AtUtc).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var text = (note ?? "").Trim();
        var problems = HandlingSteps.Validate(standard, flow, [.. recorded.Select(ToRecorded)], stepId, options, committedAt, now).ToList();
        if (text.Length > 2000)
        {
            problems.Add("备注最多 2000 字。");
        }

        if (problems.Count > 0)
        {
            return new ComplaintResult(null, ComplaintError.Invalid, problems);
        }

        var clean = HandlingSteps.CleanOptions(options);
        db.Add(new ComplaintStepRecord
        {
            ComplaintId = id,
            FlowId = flow.Id,
            StepId = stepId,
            AtUtc = now.UtcDateTime,
            Note = text.Length == 0 ? null : text,
            Options = JsonSerializer.Serialize(clean, Json),
            CommittedAtUtc = committedAt?.UtcDateTime,
            ByUserName = viewer.UserName,
        });

        var calendar = await calendars.ForTeamAsync(db, complaint.TeamId, cancellationToken);
        var pauses = ClockMath.Pauses(await db.Set<ComplaintPause>().AsNoTracking().Where(p => p.ComplaintId == id).ToListAsync(cancellationToken));
        var clocks = await db.Set<SlaClockRecord>().Where(c => c.ComplaintId == id && c.StoppedAtUtc == null).ToListAsync(cancellationToken);
        foreach (var running in clocks)
        {
            switch (running.Kind)
            {
                case ClockKinds.FirstResponse:
                    ClockMath.Stop(running, pauses, calendar, now);
                    break;
                case ClockKinds.FirstSolution when SolutionSteps.Contains(stepId):
                    ClockMath.Stop(running, pauses, calendar, now);
                    break;
                case ClockKinds.Update:
                    ClockMath.Restart(running, pauses, calendar, now);
                    break;
                case ClockKinds.Commitment when committedAt is not null:
                    // A new commitment replaces the last one.
                    ClockMath.Stop(running, pauses, calendar, now);
                    break;
            }
        }

        if (committedAt is { } at)
        {
            var commitment = new SlaClockRecord
            {
                ComplaintId = id,
                Kind = ClockKinds.Commitment,
                TargetSeconds = Math.Max(1, (long)Math.Ceiling((at - now).TotalSeconds)),
                Mode = ClockMode.Continuous,
                StartedAtUtc = now.UtcDateTime,
                AnchorAtUtc = now.UtcDateTime,
            };
            ClockMath.Refresh(commitment, pauses, calendar, now);
            db.Add(commitment);
        }

        complaint.UpdatedAtUtc = now.UtcDateTime;
        AuditLog.Record(db, clock, viewer, "complaint.step", "complaint", Id(id), new { flow = flow.Id, step = stepId, note = text, options = clean, committedAt });
        await db.SaveChangesAsync(cancellationToken);
        return ComplaintResult.Ok(id);
    }

    /// <summary>Waiting for the customer pauses the customer-facing clocks; resuming starts them again.</summary>
    public async Task<ComplaintResult> SetWaitingAsync(Viewer viewer, long id, bool waiting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        if (!CanAct(viewer, complaint))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        var expected = waiting ? ComplaintState.Open : ComplaintState.Waiting;
        if (complaint.State != expected)
        {
            return ComplaintResult.Fail(ComplaintError.Invalid, waiting ? "只有处理中的投诉可以设为等待客户。" : "投诉不在等待客户状态。");
        }

        var now = clock.GetUtcNow();
        if (waiting)
        {
            db.Add(new ComplaintPause { ComplaintId = id, FromUtc = now.UtcDateTime });
        }
        else
        {
            foreach (var open in await db.Set<ComplaintPause>().Where(p => p.ComplaintId == id && p.ToUtc == null).ToListAsync(cancellationToken))
            {
                open.ToUtc = now.UtcDateTime;
            }
        }

        complaint.State = waiting ? ComplaintState.Waiting : ComplaintState.Open;
        complaint.UpdatedAtUtc = now.UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await RefreshClocksAsync(db, complaint, cancellationToken);
        AuditLog.Record(db, clock, viewer, waiting ? "complaint.wait" : "complaint.resume", "complaint", Id(id), new { });
        await db.SaveChangesAsync(cancellationToken);
        return ComplaintResult.Ok(id);
    }

    private async Task RefreshClocksAsync(ServiceCoachDbContext db, ComplaintRecord complaint, CancellationToken cancellationToken)
    {
        var calendar = await calendars.ForTeamAsync(db, complaint.TeamId, cancellationToken);
        var pauses = ClockMath.Pauses(await db.Set<ComplaintPause>().AsNoTracking().Where(p => p.ComplaintId == complaint.Id).ToListAsync(cancellationToken));
        var now = clock.GetUtcNow();
        foreach (var running in await db.Set<SlaClockRecord>().Where(c => c.ComplaintId == complaint.Id && c.StoppedAtUtc == null).ToListAsync(cancellationToken))
        {
            ClockMath.Refresh(running, pauses, calendar, now);
        }
    }

    /// <summary>The technical-fault form (R-CMP-5): symptom recorded; handing over to the tech team meets the 10-minute clock.</summary>
    public async Task<ComplaintResult> RecordTechnicalFaultAsync(
        Viewer viewer, long id, string? errorCode, string? scene, string? steps, string? device, DateTimeOffset? expectedFixAt, bool handOver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        if (!CanAct(viewer, complaint))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(scene) && string.IsNullOrWhiteSpace(errorCode))
        {
            problems.Add("请至少填写错误码或故障场景。");
        }

        if (handOver && expectedFixAt is null)
        {
            problems.Add("移交技术团队时，请填写预计修复时间，并告知客户。");
        }

        if (problems.Count > 0)
        {
            return new ComplaintResult(null, ComplaintError.Invalid, problems);
        }

        var now = clock.GetUtcNow();
        complaint.FaultErrorCode = Trim(errorCode, 100);
        complaint.FaultScene = Trim(scene, 1000);
        complaint.FaultSteps = Trim(steps, 2000);
        complaint.FaultDevice = Trim(device, 200);
        complaint.ExpectedFixAtUtc = expectedFixAt?.UtcDateTime ?? complaint.ExpectedFixAtUtc;
        if (handOver && complaint.HandedToTechAtUtc is null)
        {
            complaint.HandedToTechAtUtc = now.UtcDateTime;
            var calendar = await calendars.ForTeamAsync(db, complaint.TeamId, cancellationToken);
            foreach (var handoff in await db.Set<SlaClockRecord>().Where(c => c.ComplaintId == id && c.Kind == ClockKinds.TechHandoff && c.StoppedAtUtc == null).ToListAsync(cancellationToken))
            {
                ClockMath.Stop(handoff, [], calendar, now);
            }
        }

        complaint.UpdatedAtUtc = now.UtcDateTime;
        AuditLog.Record(db, clock, viewer, handOver ? "complaint.tech-handover" : "complaint.tech-fault", "complaint", Id(id),
            new { complaint.FaultErrorCode, complaint.FaultScene, complaint.FaultDevice, expectedFixAt });
        await db.SaveChangesAsync(cancellationToken);
        return ComplaintResult.Ok(id);
    }

    /// <summary>Evaluates the compensation tree for this complaint and stores the decision with its path (audited).</summary>
    public async Task<(ComplaintResult Result, CompensationDecision? Decision)> DecideCompensationAsync(
        Viewer viewer, long id, decimal loss, FaultSide fault, bool repeat, string? chosenOption, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (_, _, standard) = await StandardAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return (ComplaintResult.Fail(ComplaintError.NotFound), null);
        }

        if (!CanAct(viewer, complaint))
        {
            return (ComplaintResult.Fail(ComplaintError.NotAllowed), null);
        }

        if (loss < 0 || loss > 100_000_000)
        {
            return (ComplaintResult.Fail(ComplaintError.Invalid, "损失金额不正确。"), null);
        }

        var authority = AuthorityOf(viewer);
        var decision = standard.Compensation.Evaluate(new CompensationInput(complaint.LevelId, complaint.TierId, loss, fault, repeat), authority, standard);
        var chosen = decision.Options.FirstOrDefault(o => o.Name == chosenOption);
        if (chosenOption is { Length: > 0 } && (chosen is null || !chosen.WithinAuthority))
        {
            return (ComplaintResult.Fail(ComplaintError.Invalid, "所选方案不在您的权限内，请提交审批。"), decision);
        }

        complaint.CompensationJson = JsonSerializer.Serialize(new
        {
            loss, fault = fault.ToString(), repeat, level = complaint.LevelId, tier = complaint.TierId, authority = authority.ToString(),
            path = decision.Path, options = decision.Options, decision.NeedsApproval, approver = decision.Approver?.ToString(), decision.Note,
            chosen = chosen?.Name, decidedBy = viewer.UserName, decidedAtUtc = clock.GetUtcNow().UtcDateTime,
        }, Json);
        complaint.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        AuditLog.Record(db, clock, viewer, "complaint.compensation", "complaint", Id(id), new
        {
            loss, fault = fault.ToString(), repeat, path = decision.Path.Where(p => p.Matched).Select(p => p.Label), chosen = chosen?.Name, decision.NeedsApproval,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (ComplaintResult.Ok(id), decision);
    }

    /// <summary>Decides a return or exchange by the category's rules and stores the decision (audited); the label is printable when allowed.</summary>
    public async Task<(ComplaintResult Result, ReturnDecision? Decision)> DecideReturnAsync(
        Viewer viewer, long id, string categoryId, ReturnKind kind, ReturnReason reason, DateOnly deliveredOn, PackagingState packaging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (_, _, standard) = await StandardAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return (ComplaintResult.Fail(ComplaintError.NotFound), null);
        }

        if (!CanAct(viewer, complaint))
        {
            return (ComplaintResult.Fail(ComplaintError.NotAllowed), null);
        }

        var calendar = await calendars.ForTeamAsync(db, complaint.TeamId, cancellationToken);
        var today = calendar.LocalDate(clock.GetUtcNow());
        var days = today.DayNumber - deliveredOn.DayNumber;
        var decision = ReturnsPolicy.Decide(standard.Returns, new ReturnRequest(categoryId, kind, reason, days, packaging));
        var category = standard.Returns.Category(categoryId);
        complaint.ReturnJson = JsonSerializer.Serialize(new
        {
            category = categoryId, categoryName = category?.Name, requested = kind.ToString(), reason = reason.ToString(), deliveredOn = deliveredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            days, packaging = packaging.ToString(), decision.Allowed, kind = decision.Kind.ToString(), shipping = decision.ShippingPaidBy?.ToString(), reasonText = decision.Reason,
            decidedBy = viewer.UserName, decidedAtUtc = clock.GetUtcNow().UtcDateTime,
        }, Json);
        complaint.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        AuditLog.Record(db, clock, viewer, "complaint.return", "complaint", Id(id), new { category = categoryId, kind = kind.ToString(), reason = reason.ToString(), days, decision.Allowed, why = decision.Reason });
        await db.SaveChangesAsync(cancellationToken);
        return (ComplaintResult.Ok(id), decision);
    }

    /// <summary>Root cause (R-CMP-8): fishbone category and 5W2H notes.</summary>
    public async Task<ComplaintResult> SetRootCauseAsync(Viewer viewer, long id, RootCauseCategory? category, IReadOnlyDictionary<string, string> notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(notes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        if (!CanAct(viewer, complaint))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        string[] keys = ["what", "where", "when", "who", "why", "how", "howMuch"];
        var clean = keys.Where(k => notes.TryGetValue(k, out var v) && !string.IsNullOrWhiteSpace(v)).ToDictionary(k => k, k => Cut(notes[k].Trim(), 500));
        complaint.RootCause = category;
        complaint.RootCauseNotes = clean.Count == 0 ? null : JsonSerializer.Serialize(clean, Json);
        complaint.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        AuditLog.Record(db, clock, viewer, "complaint.root-cause", "complaint", Id(id), new { category = category?.ToString(), notes = clean });
        await db.SaveChangesAsync(cancellationToken);
        return ComplaintResult.Ok(id);
    }

    /// <summary>Closes the complaint: every clock stops (met or breached), and the follow-up call is scheduled per the standard.</summary>
    public async Task<ComplaintResult> CloseAsync(Viewer viewer, long id, string? resolution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (_, _, standard) = await StandardAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        if (!CanAct(viewer, complaint))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        var text = (resolution ?? "").Trim();
        if (complaint.State == ComplaintState.Closed || text.Length == 0 || text.Length > 4000)
        {
            return ComplaintResult.Fail(ComplaintError.Invalid, complaint.State == ComplaintState.Closed ? "投诉已关闭。" : "请填写处理结果（最多 4000 字）。");
        }

        var now = clock.GetUtcNow();
        foreach (var open in await db.Set<ComplaintPause>().Where(p => p.ComplaintId == id && p.ToUtc == null).ToListAsync(cancellationToken))
        {
            open.ToUtc = now.UtcDateTime;
        }

        await db.SaveChangesAsync(cancellationToken);
        var calendar = await calendars.ForTeamAsync(db, complaint.TeamId, cancellationToken);
        var pauses = ClockMath.Pauses(await db.Set<ComplaintPause>().AsNoTracking().Where(p => p.ComplaintId == id).ToListAsync(cancellationToken));
        foreach (var running in await db.Set<SlaClockRecord>().Where(c => c.ComplaintId == id && c.StoppedAtUtc == null).ToListAsync(cancellationToken))
        {
            ClockMath.Stop(running, pauses, calendar, now);
        }

        complaint.State = ComplaintState.Closed;
        complaint.ClosedAtUtc = now.UtcDateTime;
        complaint.Resolution = text;
        complaint.UpdatedAtUtc = now.UtcDateTime;
        var followUp = new FollowUpRecord { ComplaintId = id, DueAtUtc = now.UtcDateTime.AddSeconds(standard.FollowUp.AfterSeconds) };
        db.Add(followUp);
        AuditLog.Record(db, clock, viewer, "complaint.close", "complaint", Id(id), new { resolution = text, followUpDueUtc = followUp.DueAtUtc });
        await db.SaveChangesAsync(cancellationToken);
        return ComplaintResult.Ok(id);
    }

    /// <summary>Records the follow-up call's outcome and 5-point satisfaction (feeds CSAT).</summary>
    public async Task<ComplaintResult> RecordFollowUpAsync(Viewer viewer, long id, long followUpId, string? outcome, int satisfaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await TrackedVisibleAsync(db, viewer, id, cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        if (!CanAct(viewer, complaint))
        {
            return ComplaintResult.Fail(ComplaintError.NotAllowed);
        }

        var followUp = await db.Set<FollowUpRecord>().FirstOrDefaultAsync(f => f.Id == followUpId && f.ComplaintId == id, cancellationToken);
        if (followUp is null)
        {
            return ComplaintResult.Fail(ComplaintError.NotFound);
        }

        if (followUp.DoneAtUtc is not null || satisfaction is < 1 or > 5)
        {
            return ComplaintResult.Fail(ComplaintError.Invalid, followUp.DoneAtUtc is not null ? "这次回访已记录。" : "满意度是 1 到 5 分。");
        }

        followUp.DoneAtUtc = clock.GetUtcNow().UtcDateTime;
        followUp.Outcome = Trim(outcome, 2000);
        followUp.Satisfaction = satisfaction;
        followUp.ByUserName = viewer.UserName;
        AuditLog.Record(db, clock, viewer, "complaint.follow-up", "complaint", Id(id), new { followUp = followUpId, satisfaction, outcome = followUp.Outcome });
        await db.SaveChangesAsync(cancellationToken);
        return ComplaintResult.Ok(id);
    }

    private async Task NotifyAwaitingOwnerAsync(ServiceCoachDbContext db, ComplaintStandard standard, ComplaintRecord complaint, ComplaintLevelDefinition level, CancellationToken cancellationToken)
    {
        var recipients = level.Authority <= Authority.Supervisor && complaint.TeamId is { } team
            ? NotificationRecipients.Team(team)
            : new NotificationRecipients { Admins = true, TeamChannels = complaint.TeamId is { } t ? [t] : [] };
        await notifier.NotifyAsync(db, recipients, new NotificationMessage(
            "complaint.escalation",
            $"投诉 #{complaint.Id} 需要{CompensationNames.Authority(level.Authority)}接手（{level.Name}）",
            $"{complaint.Title}\n客户 {complaint.CustomerId}（{complaint.TierId}），等级 {level.Name}，超出当前负责人 {complaint.OwnerName} 的权限。",
            $"/complaints/{complaint.Id}"), cancellationToken);
        _ = standard;
    }

    private static async Task<ComplaintRecord?> TrackedVisibleAsync(ServiceCoachDbContext db, Viewer viewer, long id, CancellationToken cancellationToken)
    {
        if (!await Visible(db, viewer).AnyAsync(c => c.Id == id, cancellationToken))
        {
            return null;
        }

        return await db.Set<ComplaintRecord>().FirstAsync(c => c.Id == id, cancellationToken);
    }

    internal static RecordedStep ToRecorded(ComplaintStepRecord s) => new(
        s.StepId, ClockMath.Utc(s.AtUtc), s.Note, JsonSerializer.Deserialize<string[]>(s.Options) ?? [], s.CommittedAtUtc is { } c ? ClockMath.Utc(c) : null);

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string? Trim(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : Cut(text.Trim(), max);
}

/// <summary>The kinds of SLA clock a complaint has.</summary>
public static class ClockKinds
{
    public const string FirstResponse = "first-response";
    public const string FirstSolution = "first-solution";
    public const string Update = "update";
    public const string Closure = "closure";
    public const string TechHandoff = "tech-handoff";
    public const string Commitment = "commitment";

    public static string Name(string kind) => kind switch
    {
        FirstResponse => "首次响应",
        FirstSolution => "初步解决方案",
        Update => "进展更新",
        Closure => "闭环",
        TechHandoff => "移交技术团队",
        Commitment => "承诺时间",
        _ => kind,
    };
}
