using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceCoach.Quality;
using ServiceCoach.Users;

namespace ServiceCoach.Complaints;

public enum ComplaintState
{
    Open = 0,

    /// <summary>等待客户 — the customer-facing clocks are paused.</summary>
    Waiting = 1,
    Closed = 2,
}

/// <summary>A complaint (ticket). Times are UTC; the level is an id of the standard's complaints section.</summary>
public sealed class ComplaintRecord
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The customer's id in the source system: distinct customers drive escalation by count.</summary>
    public string CustomerId { get; set; } = "";

    public string? CustomerName { get; set; }

    public string TierId { get; set; } = "";

    public string Channel { get; set; } = "";

    public string CategoryId { get; set; } = "";

    /// <summary>Tags separated by commas.</summary>
    public string Tags { get; set; } = "";

    public string OwnerUserId { get; set; } = "";

    public string OwnerName { get; set; } = "";

    /// <summary>The owner's authority when assigned (1 agent … 4 crisis team); below the level's, the complaint awaits a take-over.</summary>
    public int OwnerAuthority { get; set; }

    public string CreatedByUserId { get; set; } = "";

    public int? TeamId { get; set; }

    public string LevelId { get; set; } = "";

    /// <summary>The level the rules computed; differs from <see cref="LevelId"/> after a manual override.</summary>
    public string ComputedLevelId { get; set; } = "";

    public bool LevelOverridden { get; set; }

    /// <summary>Why the rules chose the computed level, as JSON [{rule, description, level}].</summary>
    public string LevelReasons { get; set; } = "[]";

    public ComplaintState State { get; set; }

    /// <summary>The handling flow walked (lusaf or learn).</summary>
    public string FlowId { get; set; } = "";

    public long? GroupId { get; set; }

    public string StandardVersion { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>When an SLA breach first escalated it (supervisors notified).</summary>
    public DateTime? EscalatedAtUtc { get; set; }

    public string? Resolution { get; set; }

    /// <summary>The compensation decision as JSON: input, path, options, choice, who decided.</summary>
    public string? CompensationJson { get; set; }

    public string? ReturnJson { get; set; }

    public RootCauseCategory? RootCause { get; set; }

    /// <summary>5W2H notes as JSON {what, where, when, who, why, how, howMuch}.</summary>
    public string? RootCauseNotes { get; set; }

    public string? FaultErrorCode { get; set; }

    public string? FaultScene { get; set; }

    public string? FaultSteps { get; set; }

    public string? FaultDevice { get; set; }

    public DateTime? HandedToTechAtUtc { get; set; }

    public DateTime? ExpectedFixAtUtc { get; set; }
}

public sealed class ComplaintConversation
{
    public long ComplaintId { get; set; }

    public long ConversationId { get; set; }
}

public sealed class ComplaintStepRecord
{
    public long Id { get; set; }

    public long ComplaintId { get; set; }

    public string FlowId { get; set; } = "";

    public string StepId { get; set; } = "";

    public DateTime AtUtc { get; set; }

    public string? Note { get; set; }

    /// <summary>The options offered (Resolve: 2–3), as a JSON array.</summary>
    public string Options { get; set; } = "[]";

    public DateTime? CommittedAtUtc { get; set; }

    public string ByUserName { get; set; } = "";
}

/// <summary>A time the complaint waited for the customer (its customer-facing clocks did not run).</summary>
public sealed class ComplaintPause
{
    public long Id { get; set; }

    public long ComplaintId { get; set; }

    public DateTime FromUtc { get; set; }

    public DateTime? ToUtc { get; set; }
}

/// <summary>
/// One SLA clock of a complaint, persisted so the sweeper finds due clocks with one indexed query.
/// <see cref="DueAtUtc"/> is the engine's due time of the current interval (null while paused or
/// stopped); <see cref="AnchorAtUtc"/> starts the current interval (update clocks restart it).
/// </summary>
public sealed class SlaClockRecord
{
    public long Id { get; set; }

    public long ComplaintId { get; set; }

    /// <summary>first-response, first-solution, update, closure, tech-handoff, commitment.</summary>
    public string Kind { get; set; } = "";

    public long TargetSeconds { get; set; }

    public ClockMode Mode { get; set; }

    /// <summary>Stops while the complaint waits for the customer.</summary>
    public bool Pausable { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime AnchorAtUtc { get; set; }

    public DateTime? StoppedAtUtc { get; set; }

    public DateTime? DueAtUtc { get; set; }

    public SlaStatus Status { get; set; }

    /// <summary>Late intervals before the current one (update clocks).</summary>
    public int PastBreaches { get; set; }

    /// <summary>The sweeper has marked and announced the current interval's breach.</summary>
    public bool BreachNotified { get; set; }

    public DateTime? LastBreachAtUtc { get; set; }
}

/// <summary>Complaints about the same problem (escalation by count, R-CMP-1).</summary>
public sealed class ComplaintGroup
{
    public long Id { get; set; }

    public string CategoryId { get; set; } = "";

    public string Label { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime LastMemberAtUtc { get; set; }

    public int DistinctCustomers { get; set; }

    /// <summary>The level of the highest count threshold reached, or null below the first.</summary>
    public string? ReachedLevelId { get; set; }
}

/// <summary>A group's history: members joining (with the count), thresholds reached, who was notified.</summary>
public sealed class ComplaintGroupEvent
{
    public long Id { get; set; }

    public long GroupId { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>joined, threshold, notified.</summary>
    public string Kind { get; set; } = "";

    public string Text { get; set; } = "";

    public int DistinctCustomers { get; set; }

    public long? ComplaintId { get; set; }
}

/// <summary>A callback after closure (回访) with its outcome and 5-point satisfaction.</summary>
public sealed class FollowUpRecord
{
    public long Id { get; set; }

    public long ComplaintId { get; set; }

    public DateTime DueAtUtc { get; set; }

    public DateTime? ReminderSentAtUtc { get; set; }

    public DateTime? DoneAtUtc { get; set; }

    public string? Outcome { get; set; }

    public int? Satisfaction { get; set; }

    public string? ByUserName { get; set; }
}

public sealed class CrisisTemplateRecord
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Apology { get; set; } = "";

    public string Solution { get; set; } = "";

    public string Commitment { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}

/// <summary>An improvement on the feedback-loop board (R-CMP-9), linked to the complaints it addresses.</summary>
public sealed class ImprovementItem
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public FeedbackStage Stage { get; set; }

    public int Impact { get; set; }

    public string? ClusterLabel { get; set; }

    /// <summary>Linked complaint ids, comma-separated.</summary>
    public string ComplaintIds { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}

/// <summary>A business calendar edited by admins (YAML, same schema as calendars/*.yaml).</summary>
public sealed class BusinessCalendarRecord
{
    public string Id { get; set; } = "";

    public string Yaml { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}

/// <summary>Which business calendar a team's SLA clocks run on.</summary>
public sealed class TeamComplaintSettings
{
    public int TeamId { get; set; }

    public string CalendarId { get; set; } = "";
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<ComplaintRecord>
{
    public void Configure(EntityTypeBuilder<ComplaintRecord> builder)
    {
        builder.ToTable("Complaints");
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(8000);
        builder.Property(c => c.CustomerId).HasMaxLength(128);
        builder.Property(c => c.CustomerName).HasMaxLength(200);
        builder.Property(c => c.TierId).HasMaxLength(32);
        builder.Property(c => c.Channel).HasMaxLength(32);
        builder.Property(c => c.CategoryId).HasMaxLength(64);
        builder.Property(c => c.Tags).HasMaxLength(1000);
        builder.Property(c => c.OwnerName).HasMaxLength(256);
        builder.Property(c => c.LevelId).HasMaxLength(64);
        builder.Property(c => c.ComputedLevelId).HasMaxLength(64);
        builder.Property(c => c.LevelReasons).HasMaxLength(4000);
        builder.Property(c => c.FlowId).HasMaxLength(64);
        builder.Property(c => c.StandardVersion).HasMaxLength(200);
        builder.Property(c => c.Resolution).HasMaxLength(4000);
        builder.Property(c => c.RootCauseNotes).HasMaxLength(4000);
        builder.Property(c => c.FaultErrorCode).HasMaxLength(100);
        builder.Property(c => c.FaultScene).HasMaxLength(1000);
        builder.Property(c => c.FaultSteps).HasMaxLength(2000);
        builder.Property(c => c.FaultDevice).HasMaxLength(200);
        builder.HasIndex(c => new { c.State, c.TeamId });
        builder.HasIndex(c => c.OwnerUserId);
        builder.HasIndex(c => c.GroupId);
        builder.HasIndex(c => c.CreatedAtUtc);
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ComplaintConversationConfiguration : IEntityTypeConfiguration<ComplaintConversation>
{
    public void Configure(EntityTypeBuilder<ComplaintConversation> builder)
    {
        builder.HasKey(l => new { l.ComplaintId, l.ConversationId });
        builder.HasIndex(l => l.ConversationId);
        builder.HasOne<ComplaintRecord>().WithMany().HasForeignKey(l => l.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ConversationRecord>().WithMany().HasForeignKey(l => l.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComplaintStepConfiguration : IEntityTypeConfiguration<ComplaintStepRecord>
{
    public void Configure(EntityTypeBuilder<ComplaintStepRecord> builder)
    {
        builder.ToTable("ComplaintSteps");
        builder.Property(s => s.FlowId).HasMaxLength(64);
        builder.Property(s => s.StepId).HasMaxLength(64);
        builder.Property(s => s.Note).HasMaxLength(2000);
        builder.Property(s => s.Options).HasMaxLength(2000);
        builder.Property(s => s.ByUserName).HasMaxLength(256);
        builder.HasIndex(s => s.ComplaintId);
        builder.HasOne<ComplaintRecord>().WithMany().HasForeignKey(s => s.ComplaintId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComplaintPauseConfiguration : IEntityTypeConfiguration<ComplaintPause>
{
    public void Configure(EntityTypeBuilder<ComplaintPause> builder)
    {
        builder.HasIndex(p => p.ComplaintId);
        builder.HasOne<ComplaintRecord>().WithMany().HasForeignKey(p => p.ComplaintId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SlaClockConfiguration : IEntityTypeConfiguration<SlaClockRecord>
{
    public void Configure(EntityTypeBuilder<SlaClockRecord> builder)
    {
        builder.ToTable("SlaClocks");
        builder.Property(c => c.Kind).HasMaxLength(32);
        builder.HasIndex(c => c.ComplaintId);
        // The sweeper's query: running clocks past their due time and not yet announced.
        builder.HasIndex(c => new { c.BreachNotified, c.DueAtUtc });
        builder.HasOne<ComplaintRecord>().WithMany().HasForeignKey(c => c.ComplaintId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComplaintGroupConfiguration : IEntityTypeConfiguration<ComplaintGroup>
{
    public void Configure(EntityTypeBuilder<ComplaintGroup> builder)
    {
        builder.Property(g => g.CategoryId).HasMaxLength(64);
        builder.Property(g => g.Label).HasMaxLength(200);
        builder.Property(g => g.ReachedLevelId).HasMaxLength(64);
        builder.HasIndex(g => new { g.CategoryId, g.LastMemberAtUtc });
    }
}

internal sealed class ComplaintGroupEventConfiguration : IEntityTypeConfiguration<ComplaintGroupEvent>
{
    public void Configure(EntityTypeBuilder<ComplaintGroupEvent> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.Text).HasMaxLength(2000);
        builder.HasIndex(e => e.GroupId);
        builder.HasOne<ComplaintGroup>().WithMany().HasForeignKey(e => e.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUpRecord>
{
    public void Configure(EntityTypeBuilder<FollowUpRecord> builder)
    {
        builder.ToTable("ComplaintFollowUps");
        builder.Property(f => f.Outcome).HasMaxLength(2000);
        builder.Property(f => f.ByUserName).HasMaxLength(256);
        builder.HasIndex(f => f.ComplaintId);
        builder.HasIndex(f => new { f.DoneAtUtc, f.ReminderSentAtUtc, f.DueAtUtc });
        builder.HasOne<ComplaintRecord>().WithMany().HasForeignKey(f => f.ComplaintId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CrisisTemplateConfiguration : IEntityTypeConfiguration<CrisisTemplateRecord>
{
    public void Configure(EntityTypeBuilder<CrisisTemplateRecord> builder)
    {
        builder.ToTable("CrisisTemplates");
        builder.Property(t => t.Title).HasMaxLength(200);
        builder.Property(t => t.Apology).HasMaxLength(4000);
        builder.Property(t => t.Solution).HasMaxLength(8000);
        builder.Property(t => t.Commitment).HasMaxLength(4000);
        builder.Property(t => t.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class ImprovementItemConfiguration : IEntityTypeConfiguration<ImprovementItem>
{
    public void Configure(EntityTypeBuilder<ImprovementItem> builder)
    {
        builder.ToTable("ImprovementItems");
        builder.Property(i => i.Title).HasMaxLength(200);
        builder.Property(i => i.Description).HasMaxLength(4000);
        builder.Property(i => i.ClusterLabel).HasMaxLength(200);
        builder.Property(i => i.ComplaintIds).HasMaxLength(4000);
        builder.Property(i => i.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendarRecord>
{
    public void Configure(EntityTypeBuilder<BusinessCalendarRecord> builder)
    {
        builder.ToTable("BusinessCalendars");
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.Yaml).HasMaxLength(100_000);
        builder.Property(c => c.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class TeamComplaintSettingsConfiguration : IEntityTypeConfiguration<TeamComplaintSettings>
{
    public void Configure(EntityTypeBuilder<TeamComplaintSettings> builder)
    {
        builder.HasKey(s => s.TeamId);
        builder.Property(s => s.CalendarId).HasMaxLength(64);
        builder.HasOne<Team>().WithOne().HasForeignKey<TeamComplaintSettings>(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
