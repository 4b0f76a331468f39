using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

/// <summary>
/// A question in the bank. <see cref="Json"/> is the question in the neutral schema (docs/training.md);
/// the other columns are copied out of it for lists and random draws.
/// </summary>
public sealed class BankQuestion
{
    public long Id { get; set; }

    /// <summary>Category path, "/"-separated ("投诉处理/L-U-A-S-F 与 L-E-A-R-N").</summary>
    public string Category { get; set; } = "";

    /// <summary>Moodle's idnumber; unique within a category when not empty (a re-import updates, not duplicates).</summary>
    public string IdNumber { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The neutral type name (multichoice, truefalse …).</summary>
    public string Type { get; set; } = "";

    public int? Difficulty { get; set; }

    /// <summary>Tags as ",R-CMP-3,complaint-flow," so a LIKE on ",tag," finds them on any database.</summary>
    public string Tags { get; set; } = ",";

    public string Json { get; set; } = "";

    /// <summary>Archived questions stay in old attempts but are no longer drawn or listed.</summary>
    public bool Archived { get; set; }

    /// <summary>Where it came from: a file name, "starter bank", "editor".</summary>
    public string Source { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>An exam paper: its questions (fixed or drawn, <see cref="RulesJson"/>), window, time limit, attempts, shuffling and pass mark.</summary>
public sealed class ExamPaper
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The programme whose theory grade this exam counts towards, if any.</summary>
    public int? ProgrammeId { get; set; }

    /// <summary>The module this exam is the online test of, if any (its learning record follows the attempts).</summary>
    public int? ModuleId { get; set; }

    /// <summary>Only members of this cohort may take it; null = every signed-in user.</summary>
    public int? CohortId { get; set; }

    public int? TimeLimitMinutes { get; set; }

    public DateTime? OpensAtUtc { get; set; }

    /// <summary>When the exam closes: no attempt starts after it, and every open attempt is submitted at it.</summary>
    public DateTime? ClosesAtUtc { get; set; }

    /// <summary>0 = unlimited.</summary>
    public int MaxAttempts { get; set; } = 1;

    public bool ShuffleQuestions { get; set; }

    public bool ShuffleAnswers { get; set; } = true;

    /// <summary>Percent needed to pass.</summary>
    public double PassPercent { get; set; } = 60;

    /// <summary>Learners see only published papers.</summary>
    public bool Published { get; set; }

    /// <summary>The paper's lines (<see cref="ExamRule"/>) as JSON.</summary>
    public string RulesJson { get; set; } = "[]";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
}

public enum AttemptState
{
    InProgress,

    /// <summary>Submitted (by the learner, or automatically at the deadline); graded unless <see cref="ExamAttempt.NeedsGrading"/>.</summary>
    Submitted,
}

/// <summary>One learner's attempt at an exam paper.</summary>
public sealed class ExamAttempt
{
    public long Id { get; set; }

    public int PaperId { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>1 for the first attempt; unique per paper and user, which makes two simultaneous starts one attempt.</summary>
    public int Number { get; set; }

    public AttemptState State { get; set; }

    public DateTime StartedAtUtc { get; set; }

    /// <summary>When the server stops taking answers: the start plus the time limit, or the paper's close time, whichever is first; null = no limit.</summary>
    public DateTime? DeadlineUtc { get; set; }

    /// <summary>Touched by every save, in the save's transaction: it is what orders saves against a submit.</summary>
    public DateTime? LastSavedAtUtc { get; set; }

    public DateTime? SubmittedAtUtc { get; set; }

    /// <summary>Submitted by the server at the deadline, not by the learner.</summary>
    public bool AutoSubmitted { get; set; }

    public double MaxScore { get; set; }

    /// <summary>Marks earned; null until submitted.</summary>
    public double? Score { get; set; }

    /// <summary>Score as a percent of <see cref="MaxScore"/>; null until every question is graded.</summary>
    public double? Percent { get; set; }

    public bool? Passed { get; set; }

    /// <summary>An essay is waiting for a trainer.</summary>
    public bool NeedsGrading { get; set; }

    public int Seed { get; set; }
}

/// <summary>
/// One question of an attempt, with the learner's latest answer. The question is a snapshot, so
/// editing the bank never changes an attempt. <see cref="ResponseSeq"/> is the client's sequence
/// number of the stored answer: a save is applied only when its number is higher, which makes
/// duplicate, replayed and out-of-order saves harmless.
/// </summary>
public sealed class AttemptQuestion
{
    public long AttemptId { get; set; }

    /// <summary>0-based position in the attempt.</summary>
    public int Slot { get; set; }

    public long QuestionId { get; set; }

    public string QuestionJson { get; set; } = "";

    /// <summary>Tags of the question when the attempt started (",a,b,"), for weak areas and statistics.</summary>
    public string Tags { get; set; } = ",";

    public double Mark { get; set; }

    /// <summary>The order the choices are shown in, as a JSON array of answer indexes.</summary>
    public string OptionOrder { get; set; } = "[]";

    public string? ResponseJson { get; set; }

    public long ResponseSeq { get; set; }

    public DateTime? SavedAtUtc { get; set; }

    /// <summary>Credit 0–1 (automatic, or a trainer's for essays); null while not graded.</summary>
    public double? Fraction { get; set; }

    public bool ManuallyGraded { get; set; }

    public string? GradedBy { get; set; }

    public DateTime? GradedAtUtc { get; set; }

    public string? GraderComment { get; set; }
}

/// <summary>A training programme (R-TRN-2/4): phases of modules, the theory/practical weights and the pass mark.</summary>
public sealed class Programme
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string Audience { get; set; } = "";

    /// <summary>The shipped template it was copied from, or its own id when it is a template.</summary>
    public string TemplateId { get; set; } = "";

    /// <summary>Templates are read-only: trainers copy them.</summary>
    public bool IsTemplate { get; set; }

    /// <summary>Share of theory in the composite grade, 0–1 (0.4: theory 40 %, practical 60 %).</summary>
    public double TheoryWeight { get; set; } = 0.4;

    public double PassMark { get; set; } = 60;

    /// <summary>Percent of learners expected to pass (R-TRN-4: 90).</summary>
    public double PassRateTarget { get; set; } = 90;

    /// <summary>Target blend, JSON {"product-knowledge":40,…}.</summary>
    public string BlendJson { get; set; } = "{}";

    public DateTime CreatedAtUtc { get; set; }

    public List<ProgrammePhase> Phases { get; set; } = [];
}

public sealed class ProgrammePhase
{
    public int Id { get; set; }

    public int ProgrammeId { get; set; }

    public int Position { get; set; }

    public string Name { get; set; } = "";

    public List<ProgrammeModule> Modules { get; set; } = [];
}

public sealed class ProgrammeModule
{
    public int Id { get; set; }

    public int PhaseId { get; set; }

    public int Position { get; set; }

    public string Title { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Blend { get; set; } = "";

    public int Minutes { get; set; }

    /// <summary>What the module teaches (",R-CMP-3,complaint-flow,").</summary>
    public string Tags { get; set; } = ",";

    /// <summary>A link to the material (video, document) for online modules.</summary>
    public string Url { get; set; } = "";

    /// <summary>The module is the programme's theory exam (its paper is linked through <see cref="ExamPaper.ModuleId"/>).</summary>
    public bool IsExam { get; set; }

    /// <summary>The module is the practical assessment (a mentor's rubric or practice results).</summary>
    public bool IsPractical { get; set; }
}

public enum LearningStatus
{
    NotStarted,
    InProgress,
    Completed,
}

/// <summary>A learner's progress on one module (R-TRN-3): status, time spent, attempts, best score.</summary>
public sealed class LearningRecord
{
    public string UserId { get; set; } = "";

    public int ModuleId { get; set; }

    public LearningStatus Status { get; set; }

    public int TimeSpentSeconds { get; set; }

    public int Attempts { get; set; }

    public double? BestPercent { get; set; }

    public DateTime? StartedAtUtc { get; set; }

    public DateTime? CompletedAtUtc { get; set; }

    public DateTime LastActivityUtc { get; set; }
}

/// <summary>
/// A practical result (R-TRN-4): a mentor's rubric score for an offline assessment, or — written by
/// the Practice module through <see cref="PracticalResults.RecordAsync"/> — a practice scenario's score.
/// The practical part of the composite grade is the mean of a learner's results in the programme.
/// </summary>
public sealed class PracticalResult
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    public int ProgrammeId { get; set; }

    /// <summary>"mentor-rubric" or "practice".</summary>
    public string Source { get; set; } = "";

    /// <summary>What was assessed: the scenario id, the session, the rubric name; with <see cref="Source"/> it makes a result idempotent.</summary>
    public string Reference { get; set; } = "";

    /// <summary>0–100.</summary>
    public double ScorePercent { get; set; }

    /// <summary>The rubric's criteria and points, as JSON, when a mentor scored it.</summary>
    public string? RubricJson { get; set; }

    public string Comment { get; set; } = "";

    public string AssessedBy { get; set; } = "";

    public DateTime AssessedAtUtc { get; set; }
}

/// <summary>A training cohort (班期): learners taking a programme together.</summary>
public sealed class Cohort
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int? ProgrammeId { get; set; }

    public DateOnly? StartsOn { get; set; }

    public DateOnly? EndsOn { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

public sealed class CohortMember
{
    public int CohortId { get; set; }

    public string UserId { get; set; } = "";

    public DateTime AddedAtUtc { get; set; }
}

/// <summary>Training facts about a person that the account does not hold: employee id, job role, hire date (from the staff import).</summary>
public sealed class LearnerProfile
{
    public string UserId { get; set; } = "";

    public string EmployeeId { get; set; } = "";

    /// <summary>The job as the staff list gives it (销售 / 客服 / 技术支持 …).</summary>
    public string JobRole { get; set; } = "";

    public DateOnly? HireDate { get; set; }
}

/// <summary>An offline session (workshop, role-play, simulation): when, where, who teaches, how many fit.</summary>
public sealed class TrainingSession
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public int? CohortId { get; set; }

    public int? ModuleId { get; set; }

    public DateTime StartsAtUtc { get; set; }

    public DateTime EndsAtUtc { get; set; }

    public string Room { get; set; } = "";

    public int Capacity { get; set; }

    public string? TrainerUserId { get; set; }
}

public sealed class SessionAttendee
{
    public int SessionId { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>Null until the trainer takes attendance.</summary>
    public bool? Attended { get; set; }
}

/// <summary>A Kirkpatrick level-1 reaction (R-TRN-6): a 5-point rating of a module, with a comment.</summary>
public sealed class SurveyResponse
{
    public long Id { get; set; }

    public int ModuleId { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>1–5.</summary>
    public int Rating { get; set; }

    public string Comment { get; set; } = "";

    public DateTime AtUtc { get; set; }
}

/// <summary>A certificate for a passed programme, verifiable by its code on the public verification page.</summary>
public sealed class Certificate
{
    public int Id { get; set; }

    /// <summary>Random, unguessable, printed on the PDF.</summary>
    public string Code { get; set; } = "";

    public string UserId { get; set; } = "";

    public int ProgrammeId { get; set; }

    public string LearnerName { get; set; } = "";

    public string ProgrammeName { get; set; } = "";

    public double CompositePercent { get; set; }

    public DateTime IssuedAtUtc { get; set; }

    public string IssuedBy { get; set; } = "";

    public DateTime? RevokedAtUtc { get; set; }
}

internal sealed class BankQuestionConfiguration : IEntityTypeConfiguration<BankQuestion>
{
    public void Configure(EntityTypeBuilder<BankQuestion> builder)
    {
        builder.Property(q => q.Category).HasMaxLength(300);
        builder.Property(q => q.IdNumber).HasMaxLength(100);
        builder.Property(q => q.Name).HasMaxLength(255);
        builder.Property(q => q.Type).HasMaxLength(20);
        builder.Property(q => q.Tags).HasMaxLength(2000);
        builder.Property(q => q.Source).HasMaxLength(255);
        builder.HasIndex(q => new { q.Category, q.IdNumber });
        builder.HasIndex(q => q.Archived);
    }
}

internal sealed class ExamPaperConfiguration : IEntityTypeConfiguration<ExamPaper>
{
    public void Configure(EntityTypeBuilder<ExamPaper> builder)
    {
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.CreatedBy).HasMaxLength(256);
        builder.HasOne<Programme>().WithMany().HasForeignKey(p => p.ProgrammeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ProgrammeModule>().WithMany().HasForeignKey(p => p.ModuleId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Cohort>().WithMany().HasForeignKey(p => p.CohortId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ExamAttemptConfiguration : IEntityTypeConfiguration<ExamAttempt>
{
    public void Configure(EntityTypeBuilder<ExamAttempt> builder)
    {
        builder.HasIndex(a => new { a.PaperId, a.UserId, a.Number }).IsUnique();
        builder.HasIndex(a => new { a.State, a.DeadlineUtc });
        builder.HasIndex(a => new { a.UserId, a.State });
        builder.HasOne<ExamPaper>().WithMany().HasForeignKey(a => a.PaperId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttemptQuestionConfiguration : IEntityTypeConfiguration<AttemptQuestion>
{
    public void Configure(EntityTypeBuilder<AttemptQuestion> builder)
    {
        builder.HasKey(q => new { q.AttemptId, q.Slot });
        builder.Property(q => q.Tags).HasMaxLength(2000);
        builder.Property(q => q.OptionOrder).HasMaxLength(1000);
        builder.Property(q => q.GradedBy).HasMaxLength(256);
        builder.Property(q => q.GraderComment).HasMaxLength(4000);
        builder.HasIndex(q => q.QuestionId);
        builder.HasOne<ExamAttempt>().WithMany().HasForeignKey(q => q.AttemptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.Audience).HasMaxLength(200);
        builder.Property(p => p.TemplateId).HasMaxLength(100);
        builder.Property(p => p.BlendJson).HasMaxLength(1000);
        builder.HasMany(p => p.Phases).WithOne().HasForeignKey(p => p.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgrammePhaseConfiguration : IEntityTypeConfiguration<ProgrammePhase>
{
    public void Configure(EntityTypeBuilder<ProgrammePhase> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasMany(p => p.Modules).WithOne().HasForeignKey(m => m.PhaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgrammeModuleConfiguration : IEntityTypeConfiguration<ProgrammeModule>
{
    public void Configure(EntityTypeBuilder<ProgrammeModule> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.Property(m => m.Kind).HasMaxLength(20);
        builder.Property(m => m.Blend).HasMaxLength(30);
        builder.Property(m => m.Tags).HasMaxLength(1000);
        builder.Property(m => m.Url).HasMaxLength(1000);
    }
}

internal sealed class LearningRecordConfiguration : IEntityTypeConfiguration<LearningRecord>
{
    public void Configure(EntityTypeBuilder<LearningRecord> builder)
    {
        builder.HasKey(r => new { r.UserId, r.ModuleId });
        builder.HasIndex(r => r.ModuleId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProgrammeModule>().WithMany().HasForeignKey(r => r.ModuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PracticalResultConfiguration : IEntityTypeConfiguration<PracticalResult>
{
    public void Configure(EntityTypeBuilder<PracticalResult> builder)
    {
        builder.Property(r => r.Source).HasMaxLength(30);
        builder.Property(r => r.Reference).HasMaxLength(200);
        builder.Property(r => r.Comment).HasMaxLength(4000);
        builder.Property(r => r.AssessedBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.UserId, r.ProgrammeId, r.Source, r.Reference }).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Programme>().WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CohortConfiguration : IEntityTypeConfiguration<Cohort>
{
    public void Configure(EntityTypeBuilder<Cohort> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.HasOne<Programme>().WithMany().HasForeignKey(c => c.ProgrammeId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CohortMemberConfiguration : IEntityTypeConfiguration<CohortMember>
{
    public void Configure(EntityTypeBuilder<CohortMember> builder)
    {
        builder.HasKey(m => new { m.CohortId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<Cohort>().WithMany().HasForeignKey(m => m.CohortId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LearnerProfileConfiguration : IEntityTypeConfiguration<LearnerProfile>
{
    public void Configure(EntityTypeBuilder<LearnerProfile> builder)
    {
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.EmployeeId).HasMaxLength(64);
        builder.Property(p => p.JobRole).HasMaxLength(100);
        builder.HasIndex(p => p.EmployeeId).IsUnique();
        builder.HasOne<AppUser>().WithOne().HasForeignKey<LearnerProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.Room).HasMaxLength(100);
        builder.HasIndex(s => s.StartsAtUtc);
        builder.HasOne<Cohort>().WithMany().HasForeignKey(s => s.CohortId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ProgrammeModule>().WithMany().HasForeignKey(s => s.ModuleId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.TrainerUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SessionAttendeeConfiguration : IEntityTypeConfiguration<SessionAttendee>
{
    public void Configure(EntityTypeBuilder<SessionAttendee> builder)
    {
        builder.HasKey(a => new { a.SessionId, a.UserId });
        builder.HasIndex(a => a.UserId);
        builder.HasOne<TrainingSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.Property(r => r.Comment).HasMaxLength(2000);
        builder.HasIndex(r => new { r.ModuleId, r.UserId }).IsUnique();
        builder.HasOne<ProgrammeModule>().WithMany().HasForeignKey(r => r.ModuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(32);
        builder.Property(c => c.LearnerName).HasMaxLength(200);
        builder.Property(c => c.ProgrammeName).HasMaxLength(200);
        builder.Property(c => c.IssuedBy).HasMaxLength(256);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.HasIndex(c => new { c.UserId, c.ProgrammeId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Programme>().WithMany().HasForeignKey(c => c.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}
