using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceCoach.Users;

namespace ServiceCoach.Practice;

/// <summary>
/// One learner's practice conversation with the virtual customer. Only the learner's replies are
/// stored: the customer is deterministic for a scenario, a standard version, a seed and the replies,
/// so the conversation is replayed rather than stored twice and can never disagree with itself.
/// The outcome and score are copied out when it ends, for lists and the training grade.
/// </summary>
public sealed class PracticeAttemptRecord
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The learner's team when the attempt started (supervisors see their teams' attempts).</summary>
    public int? TeamId { get; set; }

    public string ScenarioId { get; set; } = "";

    public int ScenarioVersion { get; set; }

    /// <summary>The standard version the learner was heard through.</summary>
    public int StandardVersionId { get; set; }

    public int Seed { get; set; }

    /// <summary>The learner's replies in order, as a JSON array of strings.</summary>
    public string RepliesJson { get; set; } = "[]";

    public int ReplyCount { get; set; }

    /// <summary>The learner ended the conversation before the customer did.</summary>
    public bool Stopped { get; set; }

    /// <summary>resolved, escalated, abandoned or turn-limit; null while the conversation is open.</summary>
    public string? Outcome { get; set; }

    /// <summary>The practice score 0–100 once finished.</summary>
    public double? Score { get; set; }

    /// <summary>The whole result as documented JSON (docs/scenarios.md#the-result-as-json), kept as it was when it ended.</summary>
    public string? ResultJson { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime LastActivityUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }
}

internal sealed class PracticeAttemptConfiguration : IEntityTypeConfiguration<PracticeAttemptRecord>
{
    public void Configure(EntityTypeBuilder<PracticeAttemptRecord> builder)
    {
        builder.ToTable("PracticeAttempts");
        builder.Property(a => a.ScenarioId).HasMaxLength(100);
        builder.Property(a => a.Outcome).HasMaxLength(20);
        builder.Property(a => a.ReplyCount).IsConcurrencyToken();
        builder.HasIndex(a => new { a.UserId, a.StartedAtUtc });
        builder.HasIndex(a => new { a.TeamId, a.StartedAtUtc });
        builder.HasIndex(a => new { a.ScenarioId, a.UserId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Team>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>
/// A scenario written in the web workspace (R-PRA-1: new typical scenarios every month). Every save is
/// a new row; the highest version of an id is the one in the library, older ones stay for the record.
/// </summary>
public sealed class AuthoredScenarioRecord
{
    public long Id { get; set; }

    public string ScenarioId { get; set; } = "";

    public int Version { get; set; }

    public string Yaml { get; set; } = "";

    public string SavedBy { get; set; } = "";

    public DateTime SavedAtUtc { get; set; }
}

internal sealed class AuthoredScenarioConfiguration : IEntityTypeConfiguration<AuthoredScenarioRecord>
{
    public void Configure(EntityTypeBuilder<AuthoredScenarioRecord> builder)
    {
        builder.ToTable("AuthoredScenarios");
        builder.Property(s => s.ScenarioId).HasMaxLength(100);
        builder.Property(s => s.SavedBy).HasMaxLength(256);
        builder.HasIndex(s => new { s.ScenarioId, s.Version }).IsUnique();
    }
}
