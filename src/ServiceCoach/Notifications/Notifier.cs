using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Notifications;

/// <summary>
/// Who should hear about something. People get an in-app notification (and an e-mail when their
/// team enables it and they have an address); teams get their group-robot webhooks (WeCom,
/// DingTalk). <see cref="SupervisorsOf"/> resolves a team's supervisors when sending.
/// </summary>
public sealed record NotificationRecipients
{
    public IReadOnlyList<string> UserIds { get; init; } = [];

    /// <summary>Teams whose supervisors are notified in-app (and by e-mail).</summary>
    public IReadOnlyList<int> SupervisorsOf { get; init; } = [];

    /// <summary>Teams whose group-robot webhooks get the message.</summary>
    public IReadOnlyList<int> TeamChannels { get; init; } = [];

    /// <summary>Every administrator (managers and the crisis team, in the role model).</summary>
    public bool Admins { get; init; }

    public static NotificationRecipients User(string userId) => new() { UserIds = [userId] };

    /// <summary>A team's supervisors and its group chats: how escalations and breaches reach a team.</summary>
    public static NotificationRecipients Team(int teamId) => new() { SupervisorsOf = [teamId], TeamChannels = [teamId] };
}

/// <param name="Kind">A dotted name callers choose ("complaint.breach", "dispute.raised"); shown nowhere, used for filtering and tests.</param>
/// <param name="Link">A local URL ("/complaints/12"); e-mails and webhooks make it absolute with the configured public address.</param>
public sealed record NotificationMessage(string Kind, string Title, string Body, string? Link = null);

/// <summary>What <see cref="Notifier.NotifyAsync(NotificationRecipients, NotificationMessage, CancellationToken)"/> wrote: who got it in-app and which deliveries were queued.</summary>
public sealed record NotifyResult(IReadOnlyList<string> UserNames, IReadOnlyList<string> Channels);

/// <summary>
/// The one notification service of the product (ARCHITECTURE: cross-cutting, built once).
/// <c>NotifyAsync(recipients, message)</c> writes in-app notifications and queues e-mail and
/// webhook deliveries in the caller's transaction (the overload taking a context) or its own;
/// <see cref="NotificationDispatcher"/> sends the queue. Reading: unread counts, the inbox, mark read.
/// </summary>
public sealed class Notifier(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock, NotificationDispatcher dispatcher)
{
    public const int MaxInboxPage = 100;

    public async Task<NotifyResult> NotifyAsync(NotificationRecipients recipients, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var result = await NotifyAsync(db, recipients, message, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        dispatcher.Wake();
        return result;
    }

    /// <summary>Adds the notification rows to <paramref name="db"/> without saving: they commit with the caller's change. Call <see cref="NotificationDispatcher.Wake"/> after committing.</summary>
    public async Task<NotifyResult> NotifyAsync(ServiceCoachDbContext db, NotificationRecipients recipients, NotificationMessage message, CancellationToken cancellationToken = default) =>
        (await NotifyManyAsync(db, [(recipients, message)], cancellationToken))[0];

    /// <summary>
    /// Many notifications at once (group escalations, follow-up reminders): supervisors, users and
    /// team settings are looked up once for the whole batch. Rows are added to <paramref name="db"/>
    /// without saving.
    /// </summary>
    public async Task<IReadOnlyList<NotifyResult>> NotifyManyAsync(ServiceCoachDbContext db, IReadOnlyList<(NotificationRecipients Recipients, NotificationMessage Message)> batch, CancellationToken cancellationToken = default)
    {
        var (results, notifications, deliveries) = await ComposeAsync(db, batch, cancellationToken);
        db.Set<NotificationRecord>().AddRange(notifications);
        db.Set<NotificationDelivery>().AddRange(deliveries);
        return results;
    }

    /// <summary>
    /// Like <see cref="NotifyManyAsync"/>, but writes the rows now, in the caller's open transaction,
    /// without tracking them (PostgreSQL: binary COPY; SQLite: one batched save, after which the
    /// context's change tracker is cleared — call it with no other changes pending). For thousands of
    /// notifications at once: the SLA sweeper's passes.
    /// </summary>
    public async Task<IReadOnlyList<NotifyResult>> WriteManyAsync(ServiceCoachDbContext db, IReadOnlyList<(NotificationRecipients Recipients, NotificationMessage Message)> batch, CancellationToken cancellationToken = default)
    {
        var (results, notifications, deliveries) = await ComposeAsync(db, batch, cancellationToken);
        await BulkInsert.InsertAsync(db, notifications, cancellationToken);
        await BulkInsert.InsertAsync(db, deliveries, cancellationToken);
        return results;
    }

    /// <summary>Resolves the recipients of a batch (supervisors, users and team settings looked up once) and builds its rows.</summary>
    private async Task<(List<NotifyResult> Results, List<NotificationRecord> Notifications, List<NotificationDelivery> Deliveries)> ComposeAsync(
        ServiceCoachDbContext db, IReadOnlyList<(NotificationRecipients Recipients, NotificationMessage Message)> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        var now = clock.GetUtcNow().UtcDateTime;
        var supervisedTeams = batch.SelectMany(b => b.Recipients.SupervisorsOf).Distinct().ToArray();
        var supervisors = supervisedTeams.Length == 0 ? [] : await db.TeamSupervisors.AsNoTracking()
            .Where(s => supervisedTeams.Contains(s.TeamId)).Select(s => new { s.TeamId, s.UserId }).ToListAsync(cancellationToken);
        var admins = !batch.Any(b => b.Recipients.Admins) ? [] : await (from ur in db.UserRoles
                                                                         join r in db.Roles on ur.RoleId equals r.Id
                                                                         where r.Name == Roles.Admin
                                                                         select ur.UserId).ToListAsync(cancellationToken);
        var wanted = new List<HashSet<string>>(batch.Count);
        foreach (var (recipients, _) in batch)
        {
            var ids = new HashSet<string>(recipients.UserIds, StringComparer.Ordinal);
            ids.UnionWith(supervisors.Where(s => recipients.SupervisorsOf.Contains(s.TeamId)).Select(s => s.UserId));
            if (recipients.Admins)
            {
                ids.UnionWith(admins);
            }

            wanted.Add(ids);
        }

        var allIds = wanted.SelectMany(w => w).Distinct(StringComparer.Ordinal).ToArray();
        var users = (await db.Users.AsNoTracking().Where(u => allIds.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.Email, u.TeamId }).ToListAsync(cancellationToken)).ToDictionary(u => u.Id, StringComparer.Ordinal);
        var teamIds = users.Values.Where(u => u.TeamId != null).Select(u => u.TeamId!.Value)
            .Concat(batch.SelectMany(b => b.Recipients.TeamChannels)).Concat(supervisedTeams).Distinct().ToArray();
        var settings = await db.Set<TeamNotificationSettings>().AsNoTracking().Where(s => teamIds.Contains(s.TeamId)).ToDictionaryAsync(s => s.TeamId, cancellationToken);
        var emailTeams = settings.Values.Where(s => s.EmailEnabled).Select(s => s.TeamId).ToHashSet();

        var results = new List<NotifyResult>(batch.Count);
        var notifications = new List<NotificationRecord>();
        var deliveries = new List<NotificationDelivery>();
        for (var i = 0; i < batch.Count; i++)
        {
            var (recipients, message) = batch[i];
            var supervisorEmail = recipients.SupervisorsOf.Any(emailTeams.Contains);
            var channels = new List<string>();
            var names = new List<string>();
            foreach (var id in wanted[i].Order(StringComparer.Ordinal))
            {
                if (!users.TryGetValue(id, out var user))
                {
                    continue;
                }

                names.Add(user.UserName ?? user.Id);
                notifications.Add(new NotificationRecord
                {
                    UserId = user.Id,
                    Kind = message.Kind,
                    Title = Cut(message.Title, 200),
                    Body = Cut(message.Body, 4000),
                    Link = message.Link,
                    CreatedAtUtc = now,
                });
                var wantsEmail = (user.TeamId is { } team && emailTeams.Contains(team)) || supervisorEmail;
                if (wantsEmail && !string.IsNullOrWhiteSpace(user.Email))
                {
                    deliveries.Add(Delivery(NotificationChannelKind.Email, user.Email!, message, now));
                    channels.Add($"email:{user.Email}");
                }
            }

            foreach (var team in recipients.TeamChannels.Distinct())
            {
                if (!settings.TryGetValue(team, out var s))
                {
                    continue;
                }

                var target = team.ToString(CultureInfo.InvariantCulture);
                if (!string.IsNullOrWhiteSpace(s.WeComWebhookUrl))
                {
                    deliveries.Add(Delivery(NotificationChannelKind.WeCom, target, message, now));
                    channels.Add($"wecom:team-{target}");
                }

                if (!string.IsNullOrWhiteSpace(s.DingTalkWebhookUrl))
                {
                    deliveries.Add(Delivery(NotificationChannelKind.DingTalk, target, message, now));
                    channels.Add($"dingtalk:team-{target}");
                }
            }

            results.Add(new NotifyResult(names, channels));
        }

        return (results, notifications, deliveries);
    }

    public async Task<int> UnreadCountAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<NotificationRecord>().CountAsync(n => n.UserId == viewer.UserId && n.ReadAtUtc == null, cancellationToken);
    }

    /// <summary>The viewer's own notifications, newest first.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> InboxAsync(Viewer viewer, bool unreadOnly = false, int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Set<NotificationRecord>().AsNoTracking().Where(n => n.UserId == viewer.UserId);
        if (unreadOnly)
        {
            query = query.Where(n => n.ReadAtUtc == null);
        }

        return await query.OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id).Take(Math.Clamp(take, 1, MaxInboxPage)).ToListAsync(cancellationToken);
    }

    /// <summary>Marks one (or, with null, all) of the viewer's notifications read; others' are never touched.</summary>
    public async Task<int> MarkReadAsync(Viewer viewer, long? notificationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Set<NotificationRecord>().Where(n => n.UserId == viewer.UserId && n.ReadAtUtc == null);
        if (notificationId is { } id)
        {
            query = query.Where(n => n.Id == id);
        }

        return await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), cancellationToken);
    }

    public async Task<TeamNotificationSettings?> TeamSettingsAsync(int teamId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<TeamNotificationSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TeamId == teamId, cancellationToken);
    }

    /// <summary>The teams whose channels the viewer may set (admins: all; supervisors: their own), each with its settings or null when none are stored.</summary>
    public async Task<IReadOnlyList<(int TeamId, string TeamName, TeamNotificationSettings? Settings)>> TeamChannelsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await UserAdministration.ManagedTeams(db, viewer).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        var ids = teams.Select(t => t.Id).ToArray();
        var settings = await db.Set<TeamNotificationSettings>().AsNoTracking().Where(s => ids.Contains(s.TeamId)).ToDictionaryAsync(s => s.TeamId, cancellationToken);
        return [.. teams.Select(t => (t.Id, t.Name, settings.GetValueOrDefault(t.Id)))];
    }

    /// <summary>
    /// Saves a team's channels. Admins and the team's own supervisors may; webhook URLs must be
    /// https (http only to this machine, for tests and local relays). Audited, without the secret.
    /// </summary>
    public async Task<string?> SaveTeamSettingsAsync(Viewer viewer, int teamId, bool emailEnabled, string? weCom, string? dingTalk, string? dingTalkSecret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.MayManageTeam(teamId))
        {
            return "not-allowed";
        }

        weCom = Clean(weCom);
        dingTalk = Clean(dingTalk);
        if ((UrlProblem(weCom) ?? UrlProblem(dingTalk)) is { } problem)
        {
            return problem;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            return "not-found";
        }

        var settings = await db.Set<TeamNotificationSettings>().FirstOrDefaultAsync(s => s.TeamId == teamId, cancellationToken);
        if (settings is null)
        {
            settings = new TeamNotificationSettings { TeamId = teamId };
            db.Add(settings);
        }

        settings.EmailEnabled = emailEnabled;
        settings.WeComWebhookUrl = weCom;
        settings.DingTalkWebhookUrl = dingTalk;
        if (dingTalkSecret is not null)
        {
            settings.DingTalkSecret = Clean(dingTalkSecret);
        }

        settings.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        settings.UpdatedBy = viewer.UserName;
        AuditLog.Record(db, clock, viewer, "notifications.team-settings", "team", teamId.ToString(CultureInfo.InvariantCulture),
            new { emailEnabled, weCom = weCom is not null, dingTalk = dingTalk is not null, signed = !string.IsNullOrEmpty(settings.DingTalkSecret) });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Why a webhook URL is refused, or null when it is fine (or empty).</summary>
    public static string? UrlProblem(string? url)
    {
        if (url is null)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            return "bad-url";
        }

        return null;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static NotificationDelivery Delivery(NotificationChannelKind channel, string target, NotificationMessage message, DateTime now) => new()
    {
        Channel = channel,
        Target = target,
        Kind = message.Kind,
        Title = Cut(message.Title, 200),
        Body = Cut(message.Body, 4000),
        Link = message.Link,
        CreatedAtUtc = now,
        NextAttemptAtUtc = now,
    };
}
