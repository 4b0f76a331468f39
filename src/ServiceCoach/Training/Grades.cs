using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

/// <summary>A learner's progress on a module as pages show it.</summary>
public sealed record LearningRecordView(int ModuleId, string ModuleTitle, string PhaseName, int ProgrammeId, string ProgrammeName, string Kind, LearningStatus Status,
    int TimeSpentSeconds, int Attempts, double? BestPercent, DateTime? CompletedAtUtc, DateTime LastActivityUtc);

/// <summary>
/// Learning records (R-TRN-3): one row per learner and module, kept up to date by what the learner
/// does — opening a module, time spent, exam attempts — so trainers see progress in real time.
/// </summary>
public sealed class LearningRecords(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Marks a module started (and records activity) for a learner.</summary>
    public async Task TouchAsync(string userId, int moduleId, bool started = true, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await GetOrAddAsync(db, userId, moduleId, cancellationToken);
        if (record is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (started && record.Status == LearningStatus.NotStarted)
        {
            record.Status = LearningStatus.InProgress;
            record.StartedAtUtc = now;
        }

        record.LastActivityUtc = now;
        await SaveAsync(db, cancellationToken);
    }

    /// <summary>Adds time spent on a module (the module page reports it; capped at an hour per report).</summary>
    public async Task AddTimeAsync(Viewer viewer, int moduleId, int seconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await GetOrAddAsync(db, viewer.UserId, moduleId, cancellationToken);
        if (record is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        record.TimeSpentSeconds += Math.Clamp(seconds, 0, 3600);
        if (record.Status == LearningStatus.NotStarted)
        {
            record.Status = LearningStatus.InProgress;
            record.StartedAtUtc = now;
        }

        record.LastActivityUtc = now;
        await SaveAsync(db, cancellationToken);
    }

    /// <summary>A learner marks a module (not an exam) done.</summary>
    public async Task<bool> CompleteAsync(Viewer viewer, int moduleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var module = await db.ProgrammeModules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == moduleId, cancellationToken);
        if (module is null || module.IsExam || module.IsPractical)
        {
            return false;
        }

        var record = await GetOrAddAsync(db, viewer.UserId, moduleId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        record!.Status = LearningStatus.Completed;
        record.StartedAtUtc ??= now;
        record.CompletedAtUtc ??= now;
        record.LastActivityUtc = now;
        AuditLog.Record(db, clock, viewer, "module.complete", "module", moduleId.ToString(CultureInfo.InvariantCulture), new { });
        await SaveAsync(db, cancellationToken);
        return true;
    }

    /// <summary>Recomputes a learner's record of an exam module from their attempts: count, best percent, completed once passed.</summary>
    public async Task RecordAttemptAsync(string userId, int moduleId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await GetOrAddAsync(db, userId, moduleId, cancellationToken);
        if (record is null)
        {
            return;
        }

        var attempts = await (from a in db.ExamAttempts.AsNoTracking()
                              join p in db.ExamPapers.AsNoTracking() on a.PaperId equals p.Id
                              where p.ModuleId == moduleId && a.UserId == userId
                              select new { a.State, a.Percent, a.Passed, a.SubmittedAtUtc }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        record.Attempts = attempts.Count;
        record.BestPercent = attempts.Max(a => a.Percent);
        record.StartedAtUtc ??= now;
        if (attempts.Any(a => a.Passed == true))
        {
            record.Status = LearningStatus.Completed;
            record.CompletedAtUtc ??= attempts.Where(a => a.Passed == true).Min(a => a.SubmittedAtUtc) ?? now;
        }
        else if (record.Status == LearningStatus.NotStarted)
        {
            record.Status = LearningStatus.InProgress;
        }

        record.LastActivityUtc = now;
        await SaveAsync(db, cancellationToken);
    }

    /// <summary>The records of one learner, every module of the programmes they are in (not started ones included).</summary>
    public async Task<IReadOnlyList<LearningRecordView>> ForLearnerAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!await TrainingAccess.MaySeeLearnerAsync(dbFactory, viewer, userId, cancellationToken))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var programmes = await db.CohortMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Cohorts.AsNoTracking(), m => m.CohortId, c => c.Id, (m, c) => c.ProgrammeId)
            .Where(p => p != null).Select(p => p!.Value).Distinct().ToListAsync(cancellationToken);
        var modules = await (from m in db.ProgrammeModules.AsNoTracking()
                             join ph in db.ProgrammePhases.AsNoTracking() on m.PhaseId equals ph.Id
                             join p in db.Programmes.AsNoTracking() on ph.ProgrammeId equals p.Id
                             where programmes.Contains(p.Id) || db.LearningRecords.Any(r => r.UserId == userId && r.ModuleId == m.Id)
                             orderby p.Id, ph.Position, m.Position
                             select new { m, ph.Name, ProgrammeId = p.Id, ProgrammeName = p.Name }).ToListAsync(cancellationToken);
        var ids = modules.Select(x => x.m.Id).ToList();
        var records = await db.LearningRecords.AsNoTracking().Where(r => r.UserId == userId && ids.Contains(r.ModuleId)).ToDictionaryAsync(r => r.ModuleId, cancellationToken);
        return [.. modules.Select(x =>
        {
            records.TryGetValue(x.m.Id, out var r);
            return new LearningRecordView(x.m.Id, x.m.Title, x.Name, x.ProgrammeId, x.ProgrammeName, x.m.Kind, r?.Status ?? LearningStatus.NotStarted,
                r?.TimeSpentSeconds ?? 0, r?.Attempts ?? 0, r?.BestPercent, r?.CompletedAtUtc, r?.LastActivityUtc ?? DateTime.MinValue);
        })];
    }

    private async Task<LearningRecord?> GetOrAddAsync(ServiceCoachDbContext db, string userId, int moduleId, CancellationToken cancellationToken)
    {
        var record = await db.LearningRecords.FirstOrDefaultAsync(r => r.UserId == userId && r.ModuleId == moduleId, cancellationToken);
        if (record is not null)
        {
            return record;
        }

        if (!await db.ProgrammeModules.AnyAsync(m => m.Id == moduleId, cancellationToken))
        {
            return null;
        }

        record = new LearningRecord { UserId = userId, ModuleId = moduleId, Status = LearningStatus.NotStarted, LastActivityUtc = clock.GetUtcNow().UtcDateTime };
        db.LearningRecords.Add(record);
        return record;
    }

    private static async Task SaveAsync(ServiceCoachDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two updates of a brand-new record at once: the other one created it; this activity is
            // folded into the next one (records are recomputed from attempts, time is approximate).
        }
    }
}

/// <summary>
/// The seam between Training and Practice: practical results, one row per learner, programme,
/// source and reference. A mentor's rubric score is entered on the grading page; the Practice module
/// records a scenario's score with <see cref="RecordAsync"/> (source "practice", reference the
/// scenario or session id). Recording the same source and reference again replaces the score.
/// </summary>
public sealed class PracticalResults(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    public const string MentorRubric = "mentor-rubric";
    public const string Practice = "practice";

    /// <summary>One criterion of a mentor's rubric: what was judged and the points given out of the points possible.</summary>
    public sealed record RubricCriterion(string Name, double Points, double MaxPoints);

    /// <summary>Records (or replaces) a practical result. Trainers and admins record any; the system (Practice module) records with <see cref="Viewer.System"/>.</summary>
    public async Task<long?> RecordAsync(Viewer viewer, string userId, int programmeId, string source, string reference, double scorePercent,
        IReadOnlyList<RubricCriterion>? rubric = null, string comment = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining) || scorePercent is < 0 or > 100 || source.Length is 0 or > 30 || reference.Length is 0 or > 200)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken) || !await db.Programmes.AnyAsync(p => p.Id == programmeId, cancellationToken))
        {
            return null;
        }

        var result = await db.PracticalResults.FirstOrDefaultAsync(r => r.UserId == userId && r.ProgrammeId == programmeId && r.Source == source && r.Reference == reference, cancellationToken);
        if (result is null)
        {
            result = new PracticalResult { UserId = userId, ProgrammeId = programmeId, Source = source, Reference = reference };
            db.PracticalResults.Add(result);
        }

        result.ScorePercent = Math.Round(scorePercent, 2);
        result.RubricJson = rubric is null ? null : JsonSerializer.Serialize(rubric);
        result.Comment = comment.Length > 4000 ? comment[..4000] : comment;
        result.AssessedBy = viewer.UserName;
        result.AssessedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "practical.record", "practical-result", result.Id.ToString(CultureInfo.InvariantCulture), new { userId, programmeId, source, reference, result.ScorePercent });
        await db.SaveChangesAsync(cancellationToken);
        return result.Id;
    }

    /// <summary>A mentor's rubric: the score is the points given over the points possible.</summary>
    public Task<long?> RecordRubricAsync(Viewer viewer, string userId, int programmeId, string reference, IReadOnlyList<RubricCriterion> rubric, string comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        var max = rubric.Sum(c => c.MaxPoints);
        if (rubric.Count == 0 || max <= 0 || rubric.Any(c => c.Points < 0 || c.Points > c.MaxPoints))
        {
            return Task.FromResult<long?>(null);
        }

        return RecordAsync(viewer, userId, programmeId, MentorRubric, reference, rubric.Sum(c => c.Points) / max * 100, rubric, comment, cancellationToken);
    }
}

/// <summary>One essay waiting for a trainer (or graded, on the attempt page).</summary>
public sealed record EssayToGrade(long AttemptId, int Slot, string PaperTitle, string LearnerName, DateTime SubmittedAtUtc, Question Question, string Response, double Mark);

/// <summary>A learner's composite grade in a programme and how it was made.</summary>
public sealed record ProgrammeGrade(int ProgrammeId, string ProgrammeName, string UserId, string LearnerName, CompositeGrade Grade,
    IReadOnlyList<(string Paper, double Percent)> TheoryParts, IReadOnlyList<PracticalResult> PracticalParts);

/// <summary>A tag the learner is weak in, and where to strengthen it (R-TRN-2, R-QA-5).</summary>
public sealed record Reinforcement(TagPerformance Weakness, IReadOnlyList<(int ModuleId, string Title, string Programme)> Modules);

/// <summary>How a question did in an exam paper (facility, discrimination), for trainers to fix bad questions.</summary>
public sealed record QuestionStatistic(long QuestionId, string Name, string Type, ItemStatistic Statistic);

/// <summary>
/// Grading and grades: the essay queue, composite programme grades (theory 40 % + practical 60 %
/// by default), the weak-area reinforcement plan, item statistics, pass rates.
/// </summary>
public sealed class TrainingGrades(IDbContextFactory<ServiceCoachDbContext> dbFactory, LearningRecords learning, TimeProvider clock)
{
    /// <summary>Essays in submitted attempts that no one has graded yet, oldest first.</summary>
    public async Task<IReadOnlyList<EssayToGrade>> EssayQueueAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from q in db.AttemptQuestions.AsNoTracking()
                          join a in db.ExamAttempts.AsNoTracking() on q.AttemptId equals a.Id
                          join p in db.ExamPapers.AsNoTracking() on a.PaperId equals p.Id
                          join u in db.Users.AsNoTracking() on a.UserId equals u.Id
                          where a.State == AttemptState.Submitted && q.Fraction == null && q.Mark > 0
                          orderby a.SubmittedAtUtc, q.Slot
                          select new { q, p.Title, u.DisplayName, u.UserName, a.SubmittedAtUtc }).Take(500).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new EssayToGrade(r.q.AttemptId, r.q.Slot, r.Title, r.DisplayName is { Length: > 0 } d ? d : r.UserName ?? "",
            r.SubmittedAtUtc ?? DateTime.MinValue, QuestionBank.Parse(r.q.QuestionJson), ExamResponse.Parse(r.q.ResponseJson)?.Text ?? "", r.q.Mark))];
    }

    /// <summary>A trainer grades (or re-grades) one question of a submitted attempt: marks out of the question's mark, and a comment.</summary>
    public async Task<string?> GradeAsync(Viewer viewer, long attemptId, int slot, double marks, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            return "not-allowed";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var attempt = await db.ExamAttempts.FirstOrDefaultAsync(a => a.Id == attemptId && a.State == AttemptState.Submitted, cancellationToken);
        var questions = attempt is null ? [] : await db.AttemptQuestions.Where(q => q.AttemptId == attemptId).ToListAsync(cancellationToken);
        var question = questions.FirstOrDefault(q => q.Slot == slot);
        if (attempt is null || question is null || question.Mark <= 0)
        {
            return "not-found";
        }

        if (double.IsNaN(marks) || marks < 0 || marks > question.Mark)
        {
            return "marks";
        }

        var before = question.Fraction;
        question.Fraction = marks / question.Mark;
        question.ManuallyGraded = true;
        question.GradedBy = viewer.UserName;
        question.GradedAtUtc = clock.GetUtcNow().UtcDateTime;
        question.GraderComment = comment?.Trim() is { Length: > 0 } text ? (text.Length > 4000 ? text[..4000] : text) : null;
        var paper = await db.ExamPapers.AsNoTracking().FirstAsync(p => p.Id == attempt.PaperId, cancellationToken);
        Exams.Score(attempt, questions, paper.PassPercent);
        AuditLog.Record(db, clock, viewer, "exam.grade", "exam-attempt", Exams.Id(attemptId), new { slot, marks, before, after = question.Fraction, attempt.Percent });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (paper.ModuleId is { } module)
        {
            await learning.RecordAttemptAsync(attempt.UserId, module, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// The composite grade of a learner in a programme: theory = the mean over the programme's
    /// exam papers of the learner's best graded percent; practical = the mean of their practical
    /// results; weighted by the programme.
    /// </summary>
    public async Task<ProgrammeGrade?> ProgrammeGradeAsync(Viewer viewer, string userId, int programmeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!await TrainingAccess.MaySeeLearnerAsync(dbFactory, viewer, userId, cancellationToken))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.UserName }).FirstOrDefaultAsync(cancellationToken);
        if (programme is null || user is null)
        {
            return null;
        }

        return await GradeOfAsync(db, programme, userId, user.DisplayName is { Length: > 0 } d ? d : user.UserName ?? "", cancellationToken);
    }

    internal static async Task<ProgrammeGrade> GradeOfAsync(ServiceCoachDbContext db, Programme programme, string userId, string name, CancellationToken cancellationToken)
    {
        var theory = await (from a in db.ExamAttempts.AsNoTracking()
                            join p in db.ExamPapers.AsNoTracking() on a.PaperId equals p.Id
                            where p.ProgrammeId == programme.Id && a.UserId == userId && a.Percent != null
                            group a by new { p.Id, p.Title } into g
                            select new { g.Key.Title, Best = g.Max(a => a.Percent)!.Value }).ToListAsync(cancellationToken);
        var practical = await db.PracticalResults.AsNoTracking().Where(r => r.UserId == userId && r.ProgrammeId == programme.Id)
            .OrderBy(r => r.AssessedAtUtc).ToListAsync(cancellationToken);
        var grade = CompositeGrade.Compute(
            theory.Count == 0 ? null : Math.Round(theory.Average(t => t.Best), 2),
            practical.Count == 0 ? null : Math.Round(practical.Average(r => r.ScorePercent), 2),
            programme.TheoryWeight,
            programme.PassMark);
        return new ProgrammeGrade(programme.Id, programme.Name, userId, name, grade, [.. theory.Select(t => (t.Title, t.Best))], practical);
    }

    /// <summary>
    /// The tags (requirements, checks, topics) where a learner's credit is below 60 % over all their
    /// graded exam questions, each with the programme modules that teach it.
    /// </summary>
    public async Task<IReadOnlyList<Reinforcement>> ReinforcementPlanAsync(Viewer viewer, string userId, double threshold = 0.6, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!await TrainingAccess.MaySeeLearnerAsync(dbFactory, viewer, userId, cancellationToken))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var graded = await (from q in db.AttemptQuestions.AsNoTracking()
                            join a in db.ExamAttempts.AsNoTracking() on q.AttemptId equals a.Id
                            where a.UserId == userId && a.State == AttemptState.Submitted && q.Fraction != null && q.Mark > 0
                            select new { q.Tags, Fraction = q.Fraction!.Value }).ToListAsync(cancellationToken);
        var weak = WeakAreas.Weak(WeakAreas.ByTag(graded.Select(g => (TagList.Split(g.Tags), g.Fraction))), threshold);
        if (weak.Count == 0)
        {
            return [];
        }

        var modules = await (from m in db.ProgrammeModules.AsNoTracking()
                             join ph in db.ProgrammePhases.AsNoTracking() on m.PhaseId equals ph.Id
                             join p in db.Programmes.AsNoTracking() on ph.ProgrammeId equals p.Id
                             where !p.IsTemplate
                             select new { m.Id, m.Title, m.Tags, p.Name }).ToListAsync(cancellationToken);
        if (modules.Count == 0)
        {
            modules = await (from m in db.ProgrammeModules.AsNoTracking()
                             join ph in db.ProgrammePhases.AsNoTracking() on m.PhaseId equals ph.Id
                             join p in db.Programmes.AsNoTracking() on ph.ProgrammeId equals p.Id
                             select new { m.Id, m.Title, m.Tags, p.Name }).ToListAsync(cancellationToken);
        }

        return [.. weak.Select(w => new Reinforcement(w, [.. modules.Where(m => m.Tags.Contains("," + w.Tag + ",", StringComparison.Ordinal)).Select(m => (m.Id, m.Title, m.Name)).Take(5)]))];
    }

    /// <summary>Facility and discrimination of every question over the graded attempts of an exam paper.</summary>
    public async Task<IReadOnlyList<QuestionStatistic>> ItemStatisticsAsync(Viewer viewer, int paperId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from q in db.AttemptQuestions.AsNoTracking()
                          join a in db.ExamAttempts.AsNoTracking() on q.AttemptId equals a.Id
                          where a.PaperId == paperId && a.State == AttemptState.Submitted && !a.NeedsGrading && q.Mark > 0 && q.Fraction != null
                          select new { q.AttemptId, q.QuestionId, Fraction = q.Fraction!.Value, q.Mark }).ToListAsync(cancellationToken);
        var stats = ExamStatistics.Items(rows.Select(r => new ItemResponse(r.AttemptId, r.QuestionId, r.Fraction, r.Mark)));
        var ids = stats.Select(s => s.QuestionId).ToList();
        var names = await db.BankQuestions.AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => (q.Name, q.Type), cancellationToken);
        return [.. stats.Select(s => new QuestionStatistic(s.QuestionId, names.TryGetValue(s.QuestionId, out var n) ? n.Name : "#" + s.QuestionId, names.TryGetValue(s.QuestionId, out var t) ? t.Type : "", s))
            .OrderBy(s => s.Statistic.Discrimination ?? 2)];
    }
}

/// <summary>Who may see whose training data: one's own; trainers and admins everyone's; supervisors their teams'.</summary>
internal static class TrainingAccess
{
    public static async Task<bool> MaySeeLearnerAsync(IDbContextFactory<ServiceCoachDbContext> dbFactory, Viewer viewer, string userId, CancellationToken cancellationToken)
    {
        if (viewer.UserId == userId || viewer.Can(Policies.ManageTraining))
        {
            return true;
        }

        if (!viewer.IsInRole(Roles.Supervisor) || viewer.TeamIds.Count == 0)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = viewer.TeamIds.ToList();
        return await db.Users.AnyAsync(u => u.Id == userId && u.TeamId != null && teams.Contains(u.TeamId.Value), cancellationToken);
    }

    /// <summary>Users the viewer may see the training data of.</summary>
    public static IQueryable<Users.AppUser> VisibleLearners(ServiceCoachDbContext db, Viewer viewer)
    {
        var users = db.Users.AsNoTracking();
        if (viewer.Can(Policies.ManageTraining))
        {
            return users;
        }

        var me = viewer.UserId;
        if (viewer.IsInRole(Roles.Supervisor))
        {
            var teams = viewer.TeamIds.ToList();
            return users.Where(u => u.Id == me || (u.TeamId != null && teams.Contains(u.TeamId.Value)));
        }

        return users.Where(u => u.Id == me);
    }
}
