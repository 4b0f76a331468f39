using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Complaints;
using ServiceCoach.Insights;
using ServiceCoach.Notifications;
using ServiceCoach.Practice;
using ServiceCoach.Quality;
using ServiceCoach.Standards;
using ServiceCoach.Training;
using ServiceCoach.Users;

namespace ServiceCoach.Data;

/// <summary>The one database of the application. Same model on SQLite and PostgreSQL; all times are UTC.</summary>
public sealed class ServiceCoachDbContext(DbContextOptions<ServiceCoachDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamSupervisor> TeamSupervisors => Set<TeamSupervisor>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<StandardVersionRecord> StandardVersions => Set<StandardVersionRecord>();

    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();

    public DbSet<ScorecardRecord> Scorecards => Set<ScorecardRecord>();

    public DbSet<ScoringErrorRecord> ScoringErrors => Set<ScoringErrorRecord>();

    public DbSet<CheckOverride> CheckOverrides => Set<CheckOverride>();

    public DbSet<SamplingRule> SamplingRules => Set<SamplingRule>();

    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();

    public DbSet<Dispute> Disputes => Set<Dispute>();

    public DbSet<CalibrationSession> CalibrationSessions => Set<CalibrationSession>();

    public DbSet<CalibrationConversation> CalibrationConversations => Set<CalibrationConversation>();

    public DbSet<CalibrationJudgement> CalibrationJudgements => Set<CalibrationJudgement>();

    public DbSet<CalibrationReviewer> CalibrationReviewers => Set<CalibrationReviewer>();

    public DbSet<CheckJudgement> CheckJudgements => Set<CheckJudgement>();

    public DbSet<AgentMapping> AgentMappings => Set<AgentMapping>();

    public DbSet<ScoringJob> ScoringJobs => Set<ScoringJob>();

    public DbSet<ImportRecord> Imports => Set<ImportRecord>();

    public DbSet<DailyAgentRollup> DailyAgentRollups => Set<DailyAgentRollup>();

    public DbSet<DailyGradeRollup> DailyGradeRollups => Set<DailyGradeRollup>();

    public DbSet<DailyCheckRollup> DailyCheckRollups => Set<DailyCheckRollup>();

    public DbSet<BankQuestion> BankQuestions => Set<BankQuestion>();

    public DbSet<ExamPaper> ExamPapers => Set<ExamPaper>();

    public DbSet<ExamAttempt> ExamAttempts => Set<ExamAttempt>();

    public DbSet<AttemptQuestion> AttemptQuestions => Set<AttemptQuestion>();

    public DbSet<Programme> Programmes => Set<Programme>();

    public DbSet<ProgrammePhase> ProgrammePhases => Set<ProgrammePhase>();

    public DbSet<ProgrammeModule> ProgrammeModules => Set<ProgrammeModule>();

    public DbSet<LearningRecord> LearningRecords => Set<LearningRecord>();

    public DbSet<PracticalResult> PracticalResults => Set<PracticalResult>();

    public DbSet<Cohort> Cohorts => Set<Cohort>();

    public DbSet<CohortMember> CohortMembers => Set<CohortMember>();

    public DbSet<LearnerProfile> LearnerProfiles => Set<LearnerProfile>();

    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();

    public DbSet<SessionAttendee> SessionAttendees => Set<SessionAttendee>();

    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();

    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<ComplaintRecord> Complaints => Set<ComplaintRecord>();

    public DbSet<SlaClockRecord> SlaClocks => Set<SlaClockRecord>();

    public DbSet<NotificationRecord> Notifications => Set<NotificationRecord>();

    public DbSet<PracticeAttemptRecord> PracticeAttempts => Set<PracticeAttemptRecord>();

    public DbSet<AuthoredScenarioRecord> AuthoredScenarios => Set<AuthoredScenarioRecord>();

    public DbSet<DrillRoomRecord> DrillRooms => Set<DrillRoomRecord>();

    public DbSet<DrillMemberRecord> DrillMembers => Set<DrillMemberRecord>();

    public DbSet<DrillRoundRecord> DrillRounds => Set<DrillRoundRecord>();

    public DbSet<DrillTurnRecord> DrillTurns => Set<DrillTurnRecord>();

    public DbSet<DrillCommentRecord> DrillComments => Set<DrillCommentRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ServiceCoachDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Every DateTime is UTC: stored as such and read back with Kind = Utc on both databases.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
