using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Complaints;

/// <summary>A cluster with the complaints in it (those the viewer may see).</summary>
public sealed record ClusterView(ComplaintCluster Cluster, IReadOnlyList<(long Id, string Title, DateTime CreatedAtUtc)> Members);

/// <summary>What the learning page shows: clusters, root-cause shares, CSAT from follow-ups.</summary>
public sealed record LearningView(
    IReadOnlyList<ClusterView> Clusters,
    IReadOnlyList<RootCauseShare> RootCauses,
    int WithRootCause,
    decimal? Csat,
    int FollowUpsDone,
    int Complaints,
    DateTime FromUtc);

public sealed record BoardView(IReadOnlyList<ImprovementItem> Items, IReadOnlyList<StageCompletion> Completion);

/// <summary>
/// Learning from complaints (R-CMP-8/9): escalation groups, clustering of the texts into
/// high-frequency problems, root-cause shares (fishbone), CSAT from follow-ups, the feedback-loop
/// board, and crisis templates checked against the standard's proportions. Scoped by the viewer
/// like the complaints themselves; the board and templates are for supervisors and admins.
/// </summary>
public sealed class ComplaintInsights(IDbContextFactory<ServiceCoachDbContext> dbFactory, ComplaintDesk desk, TimeProvider clock)
{
    /// <summary>At most this many complaints are clustered at once (the most recent).</summary>
    public const int MaxClustered = 5000;

    public static bool MayManage(Viewer viewer) => viewer is not null && (viewer.IsInRole(Roles.Admin) || viewer.IsInRole(Roles.Supervisor));

    public async Task<IReadOnlyList<ComplaintGroup>> GroupsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visibleGroups = ComplaintDesk.Visible(db, viewer).Where(c => c.GroupId != null).Select(c => c.GroupId!.Value).Distinct();
        return await db.Set<ComplaintGroup>().AsNoTracking().Where(g => visibleGroups.Contains(g.Id) && g.DistinctCustomers > 1)
            .OrderByDescending(g => g.DistinctCustomers).ThenByDescending(g => g.LastMemberAtUtc).Take(200).ToListAsync(cancellationToken);
    }

    public async Task<GroupView?> GroupAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await ComplaintDesk.Visible(db, viewer).AnyAsync(c => c.GroupId == id, cancellationToken))
        {
            return null;
        }

        var group = await db.Set<ComplaintGroup>().AsNoTracking().FirstAsync(g => g.Id == id, cancellationToken);
        var members = await ComplaintDesk.Visible(db, viewer).Where(c => c.GroupId == id).OrderBy(c => c.CreatedAtUtc)
            .Select(c => new ComplaintSummary(c.Id, c.Title, c.CustomerId, c.TierId, c.CategoryId, c.LevelId, c.LevelOverridden, c.State, c.OwnerName, c.CreatedAtUtc, null, 0, c.GroupId))
            .ToListAsync(cancellationToken);
        var events = await db.Set<ComplaintGroupEvent>().AsNoTracking().Where(e => e.GroupId == id).OrderBy(e => e.AtUtc).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var growth = events.Where(e => e.Kind == "joined").Select(e => (e.AtUtc, e.DistinctCustomers)).ToList();
        return new GroupView(group, members, events, growth);
    }

    public async Task<LearningView> LearningAsync(Viewer viewer, int days = 90, double similarity = 0.2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var from = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Clamp(days, 1, 3660));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = ComplaintDesk.Visible(db, viewer).Where(c => c.CreatedAtUtc >= from);
        var rows = await visible.OrderByDescending(c => c.CreatedAtUtc).Take(MaxClustered)
            .Select(c => new { c.Id, c.Title, c.Description, c.Tags, c.CreatedAtUtc, c.RootCause }).ToListAsync(cancellationToken);
        var clusters = ComplaintClustering.Cluster(
            [.. rows.Select(r => new ClusterDocument(r.Id, $"{r.Title} {r.Description}", EscalationGroups.SplitTags(r.Tags), ClockMath.Utc(r.CreatedAtUtc)))],
            new ClusteringOptions(Similarity: similarity));
        var byId = rows.ToDictionary(r => r.Id);
        var views = clusters.Take(50).Select(c => new ClusterView(c, [.. c.Members.Select(m => (m, byId[m].Title, byId[m].CreatedAtUtc))])).ToList();
        var causes = rows.Where(r => r.RootCause != null).Select(r => r.RootCause!.Value).ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        var ratings = await db.Set<FollowUpRecord>().AsNoTracking().Where(f => ids.Contains(f.ComplaintId) && f.Satisfaction != null).Select(f => f.Satisfaction!.Value).ToListAsync(cancellationToken);
        var (_, _, standard) = await desk.StandardAsync(cancellationToken);
        return new LearningView(views, ComplaintLearning.Shares(causes), causes.Count, ComplaintLearning.Csat(ratings, standard.FollowUp.SatisfiedAtLeast), ratings.Count, rows.Count, from);
    }

    public async Task<BoardView?> BoardAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!MayManage(viewer))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = await db.Set<ImprovementItem>().AsNoTracking().OrderByDescending(i => i.Impact).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        return new BoardView(items, ComplaintLearning.Completion(items.Select(i => i.Stage)));
    }

    /// <summary>Adds an improvement linked to complaints; its impact is computed from them (distinct customers × highest level). Audited.</summary>
    public async Task<long?> AddImprovementAsync(Viewer viewer, string title, string? description, string? clusterLabel, IReadOnlyList<long> complaintIds, bool rising, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(complaintIds);
        if (!MayManage(viewer) || string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var (_, _, standard) = await desk.StandardAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = complaintIds.Distinct().Take(500).ToArray();
        var linked = await ComplaintDesk.Visible(db, viewer).Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.CustomerId, c.LevelId }).ToListAsync(cancellationToken);
        var rank = linked.Count == 0 ? 1 : linked.Max(l => standard.LevelOrLowest(l.LevelId).Rank);
        var now = clock.GetUtcNow().UtcDateTime;
        var item = new ImprovementItem
        {
            Title = title.Trim().Length <= 200 ? title.Trim() : title.Trim()[..200],
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            ClusterLabel = clusterLabel,
            Stage = FeedbackStage.Classify,
            Impact = ComplaintLearning.Impact(ComplaintGroupingCount(linked.Select(l => l.CustomerId)), rank, rising),
            ComplaintIds = string.Join(',', linked.Select(l => l.Id.ToString(CultureInfo.InvariantCulture))),
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
            UpdatedBy = viewer.UserName,
        };
        db.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "improvement.create", "improvement", ComplaintDesk.Id(item.Id), new { item.Title, item.Impact, item.ComplaintIds });
        await db.SaveChangesAsync(cancellationToken);
        return item.Id;
    }

    private static int ComplaintGroupingCount(IEnumerable<string> customers) => Math.Max(1, ComplaintGrouping.DistinctCustomers(customers));

    public async Task<bool> MoveImprovementAsync(Viewer viewer, long id, FeedbackStage stage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!MayManage(viewer))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.Set<ImprovementItem>().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return false;
        }

        var before = item.Stage;
        item.Stage = stage;
        item.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        item.UpdatedBy = viewer.UserName;
        AuditLog.Record(db, clock, viewer, "improvement.stage", "improvement", ComplaintDesk.Id(id), new { from = before.ToString(), to = stage.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<CrisisTemplateRecord>> TemplatesAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!MayManage(viewer))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<CrisisTemplateRecord>().AsNoTracking().OrderByDescending(t => t.UpdatedAtUtc).ToListAsync(cancellationToken);
    }

    /// <summary>Checks a crisis statement against the standard's proportions and lexicons (no saving).</summary>
    public async Task<TemplateCheck> CheckTemplateAsync(string? apology, string? solution, string? commitment, CancellationToken cancellationToken = default)
    {
        var (_, compiled, standard) = await desk.StandardAsync(cancellationToken);
        return CrisisTemplateChecker.Check(standard.CrisisTemplate, Sections(standard, apology, solution, commitment), compiled);
    }

    /// <summary>Saves a template (new when <paramref name="id"/> is null) and returns its check. Audited.</summary>
    public async Task<(int? Id, TemplateCheck Check)> SaveTemplateAsync(Viewer viewer, int? id, string title, string? apology, string? solution, string? commitment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var check = await CheckTemplateAsync(apology, solution, commitment, cancellationToken);
        if (!MayManage(viewer) || string.IsNullOrWhiteSpace(title))
        {
            return (null, check);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = id is { } existing ? await db.Set<CrisisTemplateRecord>().FirstOrDefaultAsync(t => t.Id == existing, cancellationToken) : null;
        if (record is null)
        {
            record = new CrisisTemplateRecord();
            db.Add(record);
        }

        record.Title = title.Trim().Length <= 200 ? title.Trim() : title.Trim()[..200];
        record.Apology = (apology ?? "").Trim();
        record.Solution = (solution ?? "").Trim();
        record.Commitment = (commitment ?? "").Trim();
        record.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        record.UpdatedBy = viewer.UserName;
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "crisis-template.save", "crisis-template", record.Id.ToString(CultureInfo.InvariantCulture),
            new { record.Title, check.Balanced, shares = check.Sections.Select(s => new { s.Id, s.ActualPercent }) });
        await db.SaveChangesAsync(cancellationToken);
        return (record.Id, check);
    }

    private static Dictionary<string, string> Sections(ComplaintStandard standard, string? apology, string? solution, string? commitment)
    {
        // The editor has three boxes; a standard that renames the sections maps them by order.
        string?[] texts = [apology, solution, commitment];
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < standard.CrisisTemplate.Sections.Count && i < texts.Length; i++)
        {
            result[standard.CrisisTemplate.Sections[i].Id] = texts[i] ?? "";
        }

        return result;
    }

    /// <summary>The return label of a complaint whose return was allowed, or null (not visible, no return, or refused).</summary>
    public async Task<byte[]?> ReturnLabelAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (_, _, standard) = await desk.StandardAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var complaint = await ComplaintDesk.Visible(db, viewer).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (complaint?.ReturnJson is not { } json)
        {
            return null;
        }

        using var decision = JsonDocument.Parse(json);
        var root = decision.RootElement;
        if (!root.GetProperty("Allowed").GetBoolean())
        {
            return null;
        }

        var kind = root.GetProperty("kind").GetString() == nameof(ReturnKind.Exchange) ? "换货" : "退货";
        var reason = Enum.TryParse<ReturnReason>(root.GetProperty("reason").GetString(), out var r) ? ReturnsPolicy.ReasonName(r) : "";
        var shipping = root.GetProperty("shipping").GetString() == nameof(ShippingPayer.Company) ? "我方承担（运费到付）" : "客户承担（请寄付）";
        var issued = root.GetProperty("decidedAtUtc").GetDateTime();
        return ReturnLabelPdf.Render(new ReturnLabelData(
            string.Create(CultureInfo.InvariantCulture, $"RMA-{complaint.Id:000000}-{issued:yyMMdd}"),
            $"{complaint.CustomerName ?? "客户"}（{complaint.CustomerId}）",
            standard.Returns.ReturnAddress,
            root.GetProperty("categoryName").GetString() ?? "",
            kind,
            reason,
            shipping,
            issued.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
    }
}
