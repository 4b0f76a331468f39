using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceCoach.Conversations;
using ServiceCoach.Insights;
using ServiceCoach.Quality;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Data;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.HasMany(t => t.Supervisors).WithOne().HasForeignKey(s => s.TeamId);
    }
}

internal sealed class TeamSupervisorConfiguration : IEntityTypeConfiguration<TeamSupervisor>
{
    public void Configure(EntityTypeBuilder<TeamSupervisor> builder)
    {
        builder.HasKey(s => new { s.TeamId, s.UserId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.AgentCode).HasMaxLength(64);
        builder.HasIndex(u => u.AgentCode).IsUnique();
        builder.HasOne(u => u.Team).WithMany().HasForeignKey(u => u.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.EntityType).HasMaxLength(64);
        builder.Property(a => a.EntityId).HasMaxLength(128);
        builder.Property(a => a.UserName).HasMaxLength(256);
        builder.HasIndex(a => a.AtUtc);
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}

internal sealed class StandardVersionConfiguration : IEntityTypeConfiguration<StandardVersionRecord>
{
    public void Configure(EntityTypeBuilder<StandardVersionRecord> builder)
    {
        builder.ToTable("StandardVersions");
        builder.Property(s => s.StandardId).HasMaxLength(StandardCatalog.MaxIdLength);
        builder.Property(s => s.Version).HasMaxLength(StandardCatalog.MaxVersionLength);
        builder.Property(s => s.Name).HasMaxLength(StandardCatalog.MaxNameLength);
        builder.Property(s => s.Sha256).HasMaxLength(64);
        builder.HasIndex(s => new { s.StandardId, s.Version }).IsUnique();
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<ConversationRecord>
{
    public void Configure(EntityTypeBuilder<ConversationRecord> builder)
    {
        builder.ToTable("Conversations");
        // The importer refuses longer values with a located error (ConversationLimits), so both databases agree.
        builder.Property(c => c.ExternalId).HasMaxLength(ConversationLimits.MaxIdLength);
        builder.HasIndex(c => c.ExternalId).IsUnique();
        builder.Property(c => c.AgentCode).HasMaxLength(ConversationLimits.MaxAgentIdLength);
        builder.Property(c => c.TeamName).HasMaxLength(ConversationLimits.MaxTeamLength);
        builder.Property(c => c.CustomerId).HasMaxLength(ConversationLimits.MaxCustomerIdLength);
        builder.Property(c => c.CustomerTier).HasMaxLength(ConversationLimits.MaxCustomerTierLength);
        builder.Property(c => c.Category).HasMaxLength(ConversationLimits.MaxCategoryLength);
        builder.HasIndex(c => new { c.AgentCode, c.StartTimeUtc });
        builder.HasIndex(c => new { c.TeamId, c.StartTimeUtc });
        builder.HasIndex(c => c.ImportId);
    }
}

internal sealed class ScorecardConfiguration : IEntityTypeConfiguration<ScorecardRecord>
{
    public void Configure(EntityTypeBuilder<ScorecardRecord> builder)
    {
        builder.ToTable("Scorecards");
        builder.HasOne(s => s.Conversation).WithMany().HasForeignKey(s => s.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ConversationId).IsUnique();
        builder.Property(s => s.Grade).HasMaxLength(16);
        builder.Property(s => s.AgentCode).HasMaxLength(64);
        builder.HasIndex(s => new { s.DayUtc, s.TeamId });
        builder.HasIndex(s => new { s.AgentCode, s.DayUtc });
        builder.HasIndex(s => new { s.Grade, s.DayUtc });
        builder.HasIndex(s => s.DissatisfactionRisk);
        builder.HasOne<StandardVersionRecord>().WithMany().HasForeignKey(s => s.StandardVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScoringErrorConfiguration : IEntityTypeConfiguration<ScoringErrorRecord>
{
    public void Configure(EntityTypeBuilder<ScoringErrorRecord> builder)
    {
        builder.ToTable("ScoringErrors");
        builder.HasOne<ConversationRecord>().WithMany().HasForeignKey(e => e.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.ConversationId).IsUnique();
        builder.Property(e => e.Reason).HasMaxLength(ScoringErrorRecord.MaxReasonLength);
        builder.HasOne<StandardVersionRecord>().WithMany().HasForeignKey(e => e.StandardVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CheckOverrideConfiguration : IEntityTypeConfiguration<CheckOverride>
{
    public void Configure(EntityTypeBuilder<CheckOverride> builder)
    {
        builder.Property(o => o.CheckId).HasMaxLength(128);
        builder.Property(o => o.ReviewerName).HasMaxLength(256);
        builder.HasIndex(o => new { o.ScorecardId, o.CheckId }).IsUnique();
        builder.HasOne<ScorecardRecord>().WithMany().HasForeignKey(o => o.ScorecardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SamplingRuleConfiguration : IEntityTypeConfiguration<SamplingRule>
{
    public void Configure(EntityTypeBuilder<SamplingRule> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Parameter).HasMaxLength(64);
    }
}

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> builder)
    {
        builder.Property(r => r.Reason).HasMaxLength(200);
        builder.HasIndex(r => new { r.State, r.CreatedAtUtc });
        builder.HasIndex(r => r.ScorecardId).IsUnique();
        builder.Property(r => r.AssignedToName).HasMaxLength(256);
        builder.HasIndex(r => new { r.AssignedToUserId, r.State });
        builder.HasOne<ScorecardRecord>().WithMany().HasForeignKey(r => r.ScorecardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> builder)
    {
        builder.Property(d => d.CheckId).HasMaxLength(128);
        builder.HasIndex(d => new { d.State, d.CreatedAtUtc });
        builder.HasIndex(d => d.AgentUserId);
        builder.HasOne<ScorecardRecord>().WithMany().HasForeignKey(d => d.ScorecardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalibrationSessionConfiguration : IEntityTypeConfiguration<CalibrationSession>
{
    public void Configure(EntityTypeBuilder<CalibrationSession> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.HasMany(s => s.Conversations).WithOne().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalibrationConversationConfiguration : IEntityTypeConfiguration<CalibrationConversation>
{
    public void Configure(EntityTypeBuilder<CalibrationConversation> builder)
    {
        builder.HasKey(c => new { c.SessionId, c.ConversationId });
        builder.HasOne<ConversationRecord>().WithMany().HasForeignKey(c => c.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalibrationJudgementConfiguration : IEntityTypeConfiguration<CalibrationJudgement>
{
    public void Configure(EntityTypeBuilder<CalibrationJudgement> builder)
    {
        builder.Property(j => j.CheckId).HasMaxLength(128);
        builder.HasIndex(j => new { j.SessionId, j.ConversationId, j.ReviewerId, j.CheckId }).IsUnique();
    }
}

internal sealed class ScoringJobConfiguration : IEntityTypeConfiguration<ScoringJob>
{
    public void Configure(EntityTypeBuilder<ScoringJob> builder)
    {
        builder.Property(j => j.ClaimedBy).HasMaxLength(128);
        builder.HasIndex(j => new { j.State, j.Id });
    }
}

internal sealed class ImportRecordConfiguration : IEntityTypeConfiguration<ImportRecord>
{
    public void Configure(EntityTypeBuilder<ImportRecord> builder)
    {
        builder.ToTable("Imports");
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.UploadedBy).HasMaxLength(256);
    }
}

internal sealed class DailyAgentRollupConfiguration : IEntityTypeConfiguration<DailyAgentRollup>
{
    public void Configure(EntityTypeBuilder<DailyAgentRollup> builder)
    {
        builder.HasKey(r => new { r.DayUtc, r.TeamId, r.AgentCode, r.Channel });
        builder.Property(r => r.AgentCode).HasMaxLength(64);
        builder.HasIndex(r => new { r.AgentCode, r.DayUtc });
    }
}

internal sealed class DailyGradeRollupConfiguration : IEntityTypeConfiguration<DailyGradeRollup>
{
    public void Configure(EntityTypeBuilder<DailyGradeRollup> builder)
    {
        builder.HasKey(r => new { r.DayUtc, r.TeamId, r.Channel, r.Grade });
        builder.Property(r => r.Grade).HasMaxLength(16);
    }
}

internal sealed class DailyCheckRollupConfiguration : IEntityTypeConfiguration<DailyCheckRollup>
{
    public void Configure(EntityTypeBuilder<DailyCheckRollup> builder)
    {
        builder.HasKey(r => new { r.DayUtc, r.TeamId, r.Channel, r.CheckId });
        builder.Property(r => r.CheckId).HasMaxLength(128);
    }
}
