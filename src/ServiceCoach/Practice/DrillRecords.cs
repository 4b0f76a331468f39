using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceCoach.Users;

namespace ServiceCoach.Practice;

/// <summary>
/// A live multi-role drill (R-PRA-2/3): a trainer or supervisor opens a room on a scenario, learners
/// join, and in each round one plays the customer, one the agent and one the supervisor; roles rotate
/// between rounds. Everything said is stored as it is said, so a room survives a reload or a restart.
/// </summary>
public sealed class DrillRoomRecord
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public string ScenarioId { get; set; } = "";

    /// <summary>The standard version the agents are heard through (fixed when the room opens).</summary>
    public int StandardVersionId { get; set; }

    public string HostUserId { get; set; } = "";

    public DateTime OpenedAtUtc { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>
    /// Raised by every change to the room. It orders concurrent changes (a concurrency token) and tells a
    /// watching page whether what it shows is current.
    /// </summary>
    public int Revision { get; set; }
}

/// <summary>Someone in a drill room. <see cref="Seat"/> is the order roles rotate in.</summary>
public sealed class DrillMemberRecord
{
    public long Id { get; set; }

    public long RoomId { get; set; }

    public string UserId { get; set; } = "";

    public int Seat { get; set; }

    /// <summary>False for a host who only watches and comments (the trainer running the session).</summary>
    public bool Plays { get; set; } = true;

    public DateTime JoinedAtUtc { get; set; }
}

/// <summary>One round of a drill: who played which part, and how it ended.</summary>
public sealed class DrillRoundRecord
{
    public long Id { get; set; }

    public long RoomId { get; set; }

    public int Number { get; set; }

    public string CustomerUserId { get; set; } = "";

    public string AgentUserId { get; set; } = "";

    /// <summary>Null when fewer than three people play: the host comments instead.</summary>
    public string? SupervisorUserId { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>resolved, escalated or abandoned, as the customer player (or the host) ended it.</summary>
    public string? Outcome { get; set; }

    /// <summary>The agent's practice score 0–100 once the round has ended.</summary>
    public double? Score { get; set; }

    /// <summary>The result as documented JSON (docs/scenarios.md#the-result-as-json), as it was when the round ended.</summary>
    public string? ResultJson { get; set; }
}

/// <summary>A line said in a round, by the customer player or the agent.</summary>
public sealed class DrillTurnRecord
{
    public long Id { get; set; }

    public long RoundId { get; set; }

    /// <summary>1, 2, 3 … within the round.</summary>
    public int Number { get; set; }

    /// <summary>True for the agent, false for the customer.</summary>
    public bool ByAgent { get; set; }

    public string UserId { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTime SaidAtUtc { get; set; }
}

/// <summary>The supervisor's (or host's) comment on one turn of a round.</summary>
public sealed class DrillCommentRecord
{
    public long Id { get; set; }

    public long RoundId { get; set; }

    public int TurnNumber { get; set; }

    public string UserId { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTime SaidAtUtc { get; set; }
}

internal sealed class DrillRoomConfiguration : IEntityTypeConfiguration<DrillRoomRecord>
{
    public void Configure(EntityTypeBuilder<DrillRoomRecord> builder)
    {
        builder.ToTable("DrillRooms");
        builder.Property(r => r.Title).HasMaxLength(200);
        builder.Property(r => r.ScenarioId).HasMaxLength(100);
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.HasIndex(r => r.ClosedAtUtc);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.HostUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DrillMemberConfiguration : IEntityTypeConfiguration<DrillMemberRecord>
{
    public void Configure(EntityTypeBuilder<DrillMemberRecord> builder)
    {
        builder.ToTable("DrillMembers");
        builder.HasIndex(m => new { m.RoomId, m.UserId }).IsUnique();
        builder.HasIndex(m => m.UserId);
        builder.HasOne<DrillRoomRecord>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DrillRoundConfiguration : IEntityTypeConfiguration<DrillRoundRecord>
{
    public void Configure(EntityTypeBuilder<DrillRoundRecord> builder)
    {
        builder.ToTable("DrillRounds");
        builder.Property(r => r.Outcome).HasMaxLength(20);
        builder.HasIndex(r => new { r.RoomId, r.Number }).IsUnique();
        builder.HasIndex(r => r.AgentUserId);
        builder.HasOne<DrillRoomRecord>().WithMany().HasForeignKey(r => r.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DrillTurnConfiguration : IEntityTypeConfiguration<DrillTurnRecord>
{
    public void Configure(EntityTypeBuilder<DrillTurnRecord> builder)
    {
        builder.ToTable("DrillTurns");
        builder.Property(t => t.Text).HasMaxLength(PracticeAttempts.MaxReplyLength);
        builder.HasIndex(t => new { t.RoundId, t.Number }).IsUnique();
        builder.HasOne<DrillRoundRecord>().WithMany().HasForeignKey(t => t.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DrillCommentConfiguration : IEntityTypeConfiguration<DrillCommentRecord>
{
    public void Configure(EntityTypeBuilder<DrillCommentRecord> builder)
    {
        builder.ToTable("DrillComments");
        builder.Property(c => c.Text).HasMaxLength(PracticeAttempts.MaxReplyLength);
        builder.HasIndex(c => new { c.RoundId, c.TurnNumber });
        builder.HasOne<DrillRoundRecord>().WithMany().HasForeignKey(c => c.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}
