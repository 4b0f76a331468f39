using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceCoach.Conversations;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>What kind of human judgement changed (or confirmed) a check.</summary>
public enum JudgementKind
{
    /// <summary>A reviewer set the check's outcome on the review form.</summary>
    Override = 1,

    /// <summary>A dispute was upheld (申诉成立): the check passes.</summary>
    DisputeUpheld = 2,

    /// <summary>A dispute was rejected (维持原判): the check keeps the failing outcome the agent contested.</summary>
    DisputeRejected = 3,
}

/// <summary>
/// One human judgement on one check of a scorecard, in the order they were made: the per-check
/// history the conversation page shows. The LATEST judgement is the check's outcome (the
/// <see cref="CheckOverride"/> row holds it, for the figures); this table keeps how it got there.
/// </summary>
public sealed class CheckJudgement
{
    public long Id { get; set; }

    public long ScorecardId { get; set; }

    public string CheckId { get; set; } = "";

    public JudgementKind Kind { get; set; }

    /// <summary>The check's effective outcome just before this judgement.</summary>
    public CheckOutcome From { get; set; }

    /// <summary>The check's outcome as this judgement left it.</summary>
    public CheckOutcome To { get; set; }

    public long? DisputeId { get; set; }

    public string ByUserId { get; set; } = "";

    public string ByName { get; set; } = "";

    public string Comment { get; set; } = "";

    public DateTime AtUtc { get; set; }
}

/// <summary>
/// An agent id used by a source system (a phone system's extension, a chat tool's login) that
/// belongs to one of our agents: an import files those conversations under that agent (and their team).
/// </summary>
public sealed class AgentMapping
{
    public int Id { get; set; }

    /// <summary>The id as the source system writes it in agentId (compared exactly).</summary>
    public string ExternalAgentId { get; set; } = "";

    public string UserId { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class CheckJudgementConfiguration : IEntityTypeConfiguration<CheckJudgement>
{
    public void Configure(EntityTypeBuilder<CheckJudgement> builder)
    {
        builder.Property(j => j.CheckId).HasMaxLength(128);
        builder.Property(j => j.ByName).HasMaxLength(256);
        builder.Property(j => j.Comment).HasMaxLength(4000);
        builder.HasIndex(j => new { j.ScorecardId, j.CheckId, j.Id });
        builder.HasOne<ScorecardRecord>().WithMany().HasForeignKey(j => j.ScorecardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgentMappingConfiguration : IEntityTypeConfiguration<AgentMapping>
{
    public void Configure(EntityTypeBuilder<AgentMapping> builder)
    {
        builder.Property(m => m.ExternalAgentId).HasMaxLength(ConversationLimits.MaxAgentIdLength);
        builder.HasIndex(m => m.ExternalAgentId).IsUnique();
        builder.Property(m => m.CreatedBy).HasMaxLength(256);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
