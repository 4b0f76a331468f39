using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Users;

namespace ServiceCoach.Complaints;

/// <summary>A complaint joining its group: the group, its distinct customers before and after, and the threshold newly reached.</summary>
internal sealed record GroupJoin(ComplaintGroup Group, int Before, int DistinctCustomers, CountThreshold? NewlyReached);

/// <summary>One group as its page shows it.</summary>
public sealed record GroupView(
    ComplaintGroup Group,
    IReadOnlyList<ComplaintSummary> Members,
    IReadOnlyList<ComplaintGroupEvent> Events,
    IReadOnlyList<(DateTime AtUtc, int Customers)> Growth);

/// <summary>
/// Escalation by count (R-CMP-1): a new complaint joins the most similar active group of its
/// category (engine: <see cref="ComplaintGrouping"/>), the group's distinct customers are
/// recounted, and a newly reached threshold raises every open member to its level and notifies
/// the people who must act; every step is a group event (growth, threshold, who was notified).
/// </summary>
internal static class EscalationGroups
{
    private const int MembersPerGroup = 20;

    public static async Task<GroupJoin> JoinAsync(ServiceCoachDbContext db, ComplaintStandard standard, string categoryId, string text, IReadOnlyList<string> tags, string customerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now.UtcDateTime.AddSeconds(-standard.Escalation.WindowSeconds);
        var groups = await db.Set<ComplaintGroup>().Where(g => g.CategoryId == categoryId && g.LastMemberAtUtc >= since).ToListAsync(cancellationToken);
        var ids = groups.Select(g => g.Id).ToArray();
        var members = await db.Set<ComplaintRecord>().AsNoTracking()
            .Where(c => c.GroupId != null && ids.Contains(c.GroupId.Value))
            .OrderByDescending(c => c.CreatedAtUtc)
            .Select(c => new { GroupId = c.GroupId!.Value, c.Title, c.Description, c.Tags })
            .Take(MembersPerGroup * Math.Max(1, ids.Length))
            .ToListAsync(cancellationToken);
        var candidates = members
            .GroupBy(m => m.GroupId)
            .SelectMany(g => g.Take(MembersPerGroup))
            .Select(m => new GroupCandidate(m.GroupId, categoryId, $"{m.Title} {m.Description}", SplitTags(m.Tags), ClockMath.Utc(groups.First(x => x.Id == m.GroupId).LastMemberAtUtc)));
        var match = ComplaintGrouping.FindGroup(standard.Escalation, new GroupingSignature(categoryId, text, tags), candidates, now);

        ComplaintGroup group;
        if (match is not null)
        {
            group = groups.First(g => g.Id == match.GroupId);
        }
        else
        {
            group = new ComplaintGroup { CategoryId = categoryId, Label = Label(text), CreatedAtUtc = now.UtcDateTime, LastMemberAtUtc = now.UtcDateTime };
            db.Add(group);
            await db.SaveChangesAsync(cancellationToken);
        }

        var before = group.DistinctCustomers;
        var customers = await db.Set<ComplaintRecord>().Where(c => c.GroupId == group.Id).Select(c => c.CustomerId).Distinct().ToListAsync(cancellationToken);
        var after = ComplaintGrouping.DistinctCustomers(customers.Append(customerId));
        var reached = ComplaintGrouping.NewlyReached(standard.Escalation, before, after);
        group.DistinctCustomers = after;
        group.LastMemberAtUtc = now.UtcDateTime;
        if (reached is not null)
        {
            group.ReachedLevelId = reached.LevelId;
        }

        return new GroupJoin(group, before, after, reached);
    }

    public static void RecordJoin(ServiceCoachDbContext db, GroupJoin join, ComplaintRecord complaint, DateTimeOffset now) =>
        db.Add(new ComplaintGroupEvent
        {
            GroupId = join.Group.Id,
            AtUtc = now.UtcDateTime,
            Kind = "joined",
            Text = join.DistinctCustomers > join.Before
                ? $"投诉 #{complaint.Id}（客户 {complaint.CustomerId}）加入，共 {join.DistinctCustomers} 位客户"
                : $"投诉 #{complaint.Id}（客户 {complaint.CustomerId}，已在组内）加入",
            DistinctCustomers = join.DistinctCustomers,
            ComplaintId = complaint.Id,
        });

    /// <summary>Raises the group's open members (not manually overridden) to the threshold's level, notifies, and records both as events.</summary>
    public static async Task EscalateGroupAsync(
        ServiceCoachDbContext db, ComplaintStandard standard, ComplaintCalendars calendars, Notifier notifier, TimeProvider clock, ComplaintGroup group, CountThreshold threshold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var level = standard.LevelOrLowest(threshold.LevelId);
        var members = await db.Set<ComplaintRecord>().Where(c => c.GroupId == group.Id && c.State != ComplaintState.Closed).ToListAsync(cancellationToken);
        var raised = 0;
        foreach (var member in members.Where(m => !m.LevelOverridden && standard.LevelOrLowest(m.LevelId).Rank < level.Rank))
        {
            member.LevelId = level.Id;
            member.ComputedLevelId = level.Id;
            member.UpdatedAtUtc = now.UtcDateTime;
            await ComplaintDesk.ApplyLevelToClocksAsync(db, standard, calendars, member, now, cancellationToken);
            AuditLog.Record(db, clock, Viewer.System, "complaint.level-escalation", "complaint", ComplaintDesk.Id(member.Id),
                new { group = group.Id, to = level.Id, customers = group.DistinctCustomers, threshold = threshold.Written });
            raised++;
        }

        db.Add(new ComplaintGroupEvent
        {
            GroupId = group.Id,
            AtUtc = now.UtcDateTime,
            Kind = "threshold",
            Text = $"达到 {threshold.Written}：升级为「{level.Name}」（{CompensationNames.Authority(level.Authority)}负责），{raised} 件投诉随之升级",
            DistinctCustomers = group.DistinctCustomers,
        });

        var teams = members.Where(m => m.TeamId != null).Select(m => m.TeamId!.Value).Distinct().ToArray();
        var recipients = level.Authority <= Authority.Supervisor
            ? new NotificationRecipients { SupervisorsOf = teams, TeamChannels = teams }
            : new NotificationRecipients { Admins = true, SupervisorsOf = teams, TeamChannels = teams };
        var result = await notifier.NotifyAsync(db, recipients, new NotificationMessage(
            "complaint.group-escalation",
            $"同一问题已有 {group.DistinctCustomers} 位客户投诉：升级为「{level.Name}」",
            $"问题：{group.Label}\n类别 {group.CategoryId}，{group.DistinctCustomers} 位客户（{threshold.Written}），请{CompensationNames.Authority(level.Authority)}介入。",
            $"/complaints/groups/{group.Id.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
        db.Add(new ComplaintGroupEvent
        {
            GroupId = group.Id,
            AtUtc = now.UtcDateTime,
            Kind = "notified",
            Text = "已通知：" + string.Join("、", result.UserNames.Concat(result.Channels).DefaultIfEmpty("（无人：请在团队设置中配置主管和通知渠道）")),
            DistinctCustomers = group.DistinctCustomers,
        });
    }

    public static IReadOnlyList<string> SplitTags(string tags) =>
        [.. tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Label(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 60 ? trimmed : trimmed[..59] + "…";
    }
}
