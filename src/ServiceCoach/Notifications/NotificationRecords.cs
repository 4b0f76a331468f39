using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceCoach.Users;

namespace ServiceCoach.Notifications;

/// <summary>An in-app notification for one person; unread until <see cref="ReadAtUtc"/> is set.</summary>
public sealed class NotificationRecord
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>What happened, e.g. "complaint.breach", "complaint.escalation", "dispute.raised".</summary>
    public string Kind { get; set; } = "";

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    /// <summary>A local URL to the thing the notification is about.</summary>
    public string? Link { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? ReadAtUtc { get; set; }
}

public enum NotificationChannelKind
{
    Email = 1,
    WeCom = 2,
    DingTalk = 3,
}

/// <summary>
/// One message to send outside the product (an outbox row): written in the same transaction as
/// the change that caused it, sent by <see cref="NotificationDispatcher"/>, retried with backoff,
/// so a crash or an unreachable mail server loses nothing.
/// </summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }

    public NotificationChannelKind Channel { get; set; }

    /// <summary>The e-mail address, or the team id whose group-robot webhook receives the message (its URL is read when sending).</summary>
    public string Target { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public string? Link { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public DateTime? LeaseUntilUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    /// <summary>Set when the dispatcher gave up after <see cref="NotificationDispatcher.MaxAttempts"/> attempts.</summary>
    public DateTime? FailedAtUtc { get; set; }

    public string? LastError { get; set; }
}

/// <summary>A team's notification channels (configurable per team by admins and the team's supervisors).</summary>
public sealed class TeamNotificationSettings
{
    public int TeamId { get; set; }

    /// <summary>Also e-mail the people notified (when SMTP is configured and they have an address).</summary>
    public bool EmailEnabled { get; set; }

    /// <summary>企业微信群机器人 webhook (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…).</summary>
    public string? WeComWebhookUrl { get; set; }

    /// <summary>钉钉群机器人 webhook (https://oapi.dingtalk.com/robot/send?access_token=…).</summary>
    public string? DingTalkWebhookUrl { get; set; }

    /// <summary>The DingTalk robot's signing secret (加签), when the robot uses one.</summary>
    public string? DingTalkSecret { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}

internal sealed class NotificationRecordConfiguration : IEntityTypeConfiguration<NotificationRecord>
{
    public void Configure(EntityTypeBuilder<NotificationRecord> builder)
    {
        builder.ToTable("Notifications");
        builder.Property(n => n.Kind).HasMaxLength(64);
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(4000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.HasIndex(n => new { n.UserId, n.ReadAtUtc });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.ToTable("NotificationDeliveries");
        builder.Property(n => n.Target).HasMaxLength(320);
        builder.Property(n => n.Kind).HasMaxLength(64);
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(4000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.Property(n => n.LastError).HasMaxLength(1000);
        builder.HasIndex(n => new { n.SentAtUtc, n.FailedAtUtc, n.NextAttemptAtUtc });
    }
}

internal sealed class TeamNotificationSettingsConfiguration : IEntityTypeConfiguration<TeamNotificationSettings>
{
    public void Configure(EntityTypeBuilder<TeamNotificationSettings> builder)
    {
        builder.HasKey(s => s.TeamId);
        builder.Property(s => s.WeComWebhookUrl).HasMaxLength(500);
        builder.Property(s => s.DingTalkWebhookUrl).HasMaxLength(500);
        builder.Property(s => s.DingTalkSecret).HasMaxLength(200);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
        builder.HasOne<Team>().WithOne().HasForeignKey<TeamNotificationSettings>(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
