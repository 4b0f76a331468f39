using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

/// <summary>What a trainer gives to create or change an exam paper.</summary>
public sealed record ExamPaperInput(
    string Title,
    string Description,
    IReadOnlyList<ExamRule> Rules,
    int? TimeLimitMinutes = null,
    DateTime? OpensAtUtc = null,
    DateTime? ClosesAtUtc = null,
    int MaxAttempts = 1,
    bool ShuffleQuestions = false,
    bool ShuffleAnswers = true,
    double PassPercent = 60,
    bool Published = false,
    int? ProgrammeId = null,
    int? ModuleId = null,
    int? CohortId = null);

/// <summary>An exam paper as a viewer sees it, with what they may do with it.</summary>
public sealed record ExamPaperView(
    int Id, string Title, string Description, IReadOnlyList<ExamRule> Rules, int QuestionCount, double MaxScore,
    int? TimeLimitMinutes, DateTime? OpensAtUtc, DateTime? ClosesAtUtc, int MaxAttempts, bool ShuffleQuestions, bool ShuffleAnswers,
    double PassPercent, bool Published, int? ProgrammeId, int? ModuleId, int? CohortId,
    int AttemptsUsed, long? OpenAttemptId, ExamError? CannotStartBecause);

public enum ExamError
{
    /// <summary>No such paper or attempt — or not one the viewer may see (never says which).</summary>
    NotFound,
    NotAllowed,
    NotOpenYet,
    Closed,
    NoAttemptsLeft,
    NoQuestions,
    Invalid,

    /// <summary>The attempt is no longer taking answers: submitted, or its time is up.</summary>
    AttemptClosed,
}

/// <summary>One question of an attempt as the page shows it.</summary>
/// <param name="OptionOrder">The order to show the choices in: answer indexes (multiple choice) or matching-choice indexes.</param>
/// <param name="Seq">The client sequence number of the stored response (0 = never saved).</param>
/// <param name="Fraction">Credit 0–1 once graded.</param>
public sealed record AttemptQuestionView(
    int Slot, long QuestionId, Question Question, double Mark, IReadOnlyList<int> OptionOrder, ExamResponse? Response, long Seq,
    DateTime? SavedAtUtc, double? Fraction, bool ManuallyGraded, string? GradedBy, string? GraderComment, FormattedText? AnswerFeedback);

public sealed record AttemptView(
    long Id, int PaperId, string PaperTitle, string UserId, string UserName, int Number, AttemptState State,
    DateTime StartedAtUtc, DateTime? DeadlineUtc, DateTime? SubmittedAtUtc, bool AutoSubmitted,
    double MaxScore, double? Score, double? Percent, bool? Passed, bool NeedsGrading, double PassPercent,
    IReadOnlyList<AttemptQuestionView> Questions, DateTime NowUtc)
{
    public bool IsOpen => State == AttemptState.InProgress;

    /// <summary>Seconds left before the server stops taking answers; null without a time limit.</summary>
    public int? SecondsLeft => DeadlineUtc is { } deadline ? (int)Math.Max(0, Math.Ceiling((deadline - NowUtc).TotalSeconds)) : null;
}

/// <summary>One answer the exam page sends: the slot, the client's sequence number and the response.</summary>
public sealed record AnswerSave(int Slot, long Seq, ExamResponse? Response);

/// <param name="Saved">For each slot sent, the sequence number the server now holds (≥ the one sent when it was accepted or superseded).</param>
public sealed record SaveResult(ExamError? Error, IReadOnlyDictionary<int, long> Saved, DateTime? DeadlineUtc, DateTime NowUtc)
{
    public bool Succeeded => Error is null;
}

public sealed record AttemptSummary(long Id, int PaperId, string PaperTitle, string UserId, string UserName, int Number, AttemptState State, DateTime StartedAtUtc, DateTime? SubmittedAtUtc, double? Percent, bool? Passed, bool NeedsGrading);

/// <summary>
/// Exam papers and attempts (R-TRN-3/4). The rules that keep answers safe:
/// <list type="bullet">
/// <item>Every save is one transaction that first touches the attempt row (only while it is in
/// progress and before its deadline plus <see cref="GraceSeconds"/>) and then stores each answer
/// whose client sequence number is higher than the stored one. A save is acknowledged only after
/// that commit, so an acknowledged answer survives any crash; duplicates and stale replays change
/// nothing; saves from two tabs end as if made in their sequence order.</item>
/// <item>A submit flips the same row from in progress to submitted: it waits for a save in flight
/// and a later save sees the attempt closed, so grading reads every acknowledged answer.</item>
/// <item>The deadline is the server's: the start plus the time limit, or the paper's close time,
/// whichever is first. <see cref="SubmitDueAsync"/> (run by a background loop on every node, and on
/// reading an attempt) submits attempts whose time is up.</item>
/// </list>
/// </summary>
public sealed class Exams(IDbContextFactory<ServiceCoachDbContext> dbFactory, LearningRecords learning, TimeProvider clock)
{
    /// <summary>Saves are still taken this long after the deadline: the page sends its last answers when its timer reaches zero.</summary>
    public const int GraceSeconds = 10;

    public const int MaxAnswersPerSave = 200;
    public const int MaxResponseLength = 20_000;

    public async Task<(int? Id, IReadOnlyList<string> Problems)> CreatePaperAsync(Viewer viewer, ExamPaperInput input, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        var problems = Validate(input);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var paper = new ExamPaper { CreatedBy = viewer.UserName, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        Apply(paper, input);
        db.ExamPapers.Add(paper);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "exam.create", "exam-paper", Id(paper.Id), new { paper.Title, rules = input.Rules.Count, paper.Published });
        await db.SaveChangesAsync(cancellationToken);
        return (paper.Id, []);
    }

    public async Task<IReadOnlyList<string>> UpdatePaperAsync(Viewer viewer, int paperId, ExamPaperInput input, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        var problems = Validate(input);
        if (problems.Count > 0)
        {
            return problems;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var paper = await db.ExamPapers.FirstOrDefaultAsync(p => p.Id == paperId, cancellationToken);
        if (paper is null)
        {
            return ["The exam paper does not exist."];
        }

        Apply(paper, input);
        AuditLog.Record(db, clock, viewer, "exam.update", "exam-paper", Id(paper.Id), new { paper.Title, rules = input.Rules.Count, paper.Published });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>Papers the viewer may see: managers all; learners the published ones open to them.</summary>
    public async Task<IReadOnlyList<ExamPaperView>> ListPapersAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var papers = await VisiblePapers(db, viewer).OrderByDescending(p => p.Id).ToListAsync(cancellationToken);
        var ids = papers.Select(p => p.Id).ToList();
        var mine = await db.ExamAttempts.AsNoTracking().Where(a => a.UserId == viewer.UserId && ids.Contains(a.PaperId))
            .Select(a => new { a.PaperId, a.Id, a.State }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. papers.Select(p => View(p, mine.Count(a => a.PaperId == p.Id), mine.FirstOrDefault(a => a.PaperId == p.Id && a.State == AttemptState.InProgress)?.Id, now))];
    }

    public async Task<ExamPaperView?> GetPaperAsync(Viewer viewer, int paperId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var paper = await VisiblePapers(db, viewer).FirstOrDefaultAsync(p => p.Id == paperId, cancellationToken);
        if (paper is null)
        {
            return null;
        }

        var mine = await db.ExamAttempts.AsNoTracking().Where(a => a.UserId == viewer.UserId && a.PaperId == paperId)
            .Select(a => new { a.Id, a.State }).ToListAsync(cancellationToken);
        return View(paper, mine.Count, mine.FirstOrDefault(a => a.State == AttemptState.InProgress)?.Id, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Starts an attempt, or returns the viewer's attempt in progress. The questions are drawn
    /// and snapshotted now, so later bank edits never change the attempt.
    /// </summary>
    public async Task<(long? AttemptId, ExamError? Error)> StartAsync(Viewer viewer, int paperId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var paper = await VisiblePapers(db, viewer).FirstOrDefaultAsync(p => p.Id == paperId, cancellationToken);
        if (paper is null)
        {
            return (null, ExamError.NotFound);
        }

        // The learner's attempts at this paper (a handful): the one in progress, if any, and how many were used, in one round trip.
        var mine = await db.ExamAttempts.AsNoTracking().Where(a => a.PaperId == paperId && a.UserId == viewer.UserId)
            .Select(a => new { a.Id, a.State }).ToListAsync(cancellationToken);
        if (mine.FirstOrDefault(a => a.State == AttemptState.InProgress) is { } open)
        {
            return (open.Id, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var used = mine.Count;
        if (WhyNot(paper, used, now) is { } reason)
        {
            return (null, reason);
        }

        var seed = RandomSeed(paperId, viewer.UserId, used + 1, now);
        var rules = Rules(paper);
        var bank = await QuestionBank.EntriesAsync(db, cancellationToken);
        var assembly = ExamAssembler.Assemble(rules, bank, seed, paper.ShuffleQuestions);
        if (assembly.Questions.Count == 0)
        {
            return (null, ExamError.NoQuestions);
        }

        var ids = assembly.Questions.Select(q => q.QuestionId).Distinct().ToList();
        var records = await db.BankQuestions.AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, cancellationToken);
        var deadline = Deadline(paper, now);
        var attempt = new ExamAttempt
        {
            PaperId = paperId,
            UserId = viewer.UserId,
            Number = used + 1,
            State = AttemptState.InProgress,
            StartedAtUtc = now,
            DeadlineUtc = deadline,
            MaxScore = assembly.Questions.Sum(q => q.Mark),
            Seed = seed,
        };
        var random = new Random(seed);
        db.ExamAttempts.Add(attempt);

        // One transaction for the attempt and its questions: a second start of the same attempt
        // number (two tabs, a double click) waits on the unique index and then finds it complete.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(cancellationToken);
            // Another start of the same attempt number won (two tabs, a double click): use it.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            var winner = await again.ExamAttempts.AsNoTracking().Where(a => a.PaperId == paperId && a.UserId == viewer.UserId && a.State == AttemptState.InProgress)
                .Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);
            return winner is null ? (null, ExamError.NoAttemptsLeft) : (winner, null);
        }

        var slot = 0;
        foreach (var placed in assembly.Questions)
        {
            var record = records[placed.QuestionId];
            var question = QuestionBank.Parse(record.Json);
            db.AttemptQuestions.Add(new AttemptQuestion
            {
                AttemptId = attempt.Id,
                Slot = slot++,
                QuestionId = placed.QuestionId,
                QuestionJson = record.Json,
                Tags = record.Tags,
                Mark = question.IsGradable ? placed.Mark : 0,
                OptionOrder = JsonSerializer.Serialize(ExamAssembler.OptionOrder(question, paper.ShuffleAnswers, random)),
            });
        }

        attempt.MaxScore = db.AttemptQuestions.Local.Where(q => q.AttemptId == attempt.Id).Sum(q => q.Mark);
        AuditLog.Record(db, clock, viewer, "exam.start", "exam-attempt", Id(attempt.Id), new { paper = paperId, attempt.Number, questions = slot, deadline });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (paper.ModuleId is { } module)
        {
            await learning.TouchAsync(viewer.UserId, module, started: true, cancellationToken);
        }

        return (attempt.Id, null);
    }

    /// <summary>An attempt as its page shows it. An attempt whose time is up is submitted first.</summary>
    public async Task<AttemptView?> GetAttemptAsync(Viewer viewer, long attemptId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using (var check = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var due = await check.ExamAttempts.AsNoTracking().Where(a => a.Id == attemptId && a.State == AttemptState.InProgress)
                .Select(a => a.DeadlineUtc).FirstOrDefaultAsync(cancellationToken);
            if (due is { } deadline && deadline.AddSeconds(GraceSeconds) <= clock.GetUtcNow().UtcDateTime)
            {
                await SubmitCoreAsync(Viewer.System, attemptId, auto: true, cancellationToken);
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from x in VisibleAttempts(db, viewer)
                         where x.Id == attemptId
                         join p in db.ExamPapers.AsNoTracking() on x.PaperId equals p.Id
                         join u in db.Users.AsNoTracking() on x.UserId equals u.Id
                         select new { Attempt = x, Paper = p, u.UserName, u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var questions = await db.AttemptQuestions.AsNoTracking().Where(q => q.AttemptId == attemptId).OrderBy(q => q.Slot).ToListAsync(cancellationToken);
        var a = row.Attempt;
        var submitted = a.State == AttemptState.Submitted;
        return new AttemptView(
            a.Id, a.PaperId, row.Paper.Title, a.UserId, row.DisplayName is { Length: > 0 } d ? d : row.UserName ?? a.UserId, a.Number, a.State,
            a.StartedAtUtc, a.DeadlineUtc, a.SubmittedAtUtc, a.AutoSubmitted, a.MaxScore, a.Score, a.Percent, a.Passed, a.NeedsGrading, row.Paper.PassPercent,
            [.. questions.Select(q =>
            {
                var question = QuestionBank.Parse(q.QuestionJson);
                var response = ExamResponse.Parse(q.ResponseJson);
                return new AttemptQuestionView(q.Slot, q.QuestionId, question, q.Mark, JsonSerializer.Deserialize<int[]>(q.OptionOrder) ?? [], response, q.ResponseSeq,
                    q.SavedAtUtc, q.Fraction, q.ManuallyGraded, q.GradedBy, q.GraderComment,
                    submitted ? ResponseGrader.Grade(question, response).Feedback : null);
            })],
            clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Saves answers of the viewer's own attempt. Each answer is stored only if its sequence number
    /// is higher than the one stored; the reply says, per slot, what the server now holds.
    /// </summary>
    public async Task<SaveResult> SaveAsync(Viewer viewer, long attemptId, IReadOnlyList<AnswerSave> answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(answers);
        var now = clock.GetUtcNow().UtcDateTime;
        if (answers.Count > MaxAnswersPerSave || answers.Any(a => a.Seq <= 0 || a.Slot < 0 || (a.Response?.ToJson().Length ?? 0) > MaxResponseLength))
        {
            return new SaveResult(ExamError.Invalid, new Dictionary<int, long>(), null, now);
        }

        var cutoff = now.AddSeconds(-GraceSeconds);
        var user = viewer.UserId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Touching the attempt row orders this save against a submit (see the class remarks).
        var open = await db.ExamAttempts
            .Where(a => a.Id == attemptId && a.UserId == user && a.State == AttemptState.InProgress && (a.DeadlineUtc == null || a.DeadlineUtc > cutoff))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSavedAtUtc, now), cancellationToken);
        if (open == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var state = await db.ExamAttempts.AsNoTracking().Where(a => a.Id == attemptId && a.UserId == user)
                .Select(a => new { a.State, a.DeadlineUtc }).FirstOrDefaultAsync(cancellationToken);
            return new SaveResult(state is null ? ExamError.NotFound : ExamError.AttemptClosed, new Dictionary<int, long>(), state?.DeadlineUtc, now);
        }

        foreach (var answer in answers.GroupBy(a => a.Slot).Select(g => g.MaxBy(a => a.Seq)!))
        {
            var json = answer.Response?.ToJson();
            var seq = answer.Seq;
            await db.AttemptQuestions
                .Where(q => q.AttemptId == attemptId && q.Slot == answer.Slot && q.ResponseSeq < seq)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(q => q.ResponseJson, json)
                    .SetProperty(q => q.ResponseSeq, seq)
                    .SetProperty(q => q.SavedAtUtc, now), cancellationToken);
        }

        // What the server now holds per slot and the deadline, in one round trip: two thousand learners autosave every 15 s.
        var slots = answers.Select(a => a.Slot).Distinct().ToList();
        var held = await (from q in db.AttemptQuestions.AsNoTracking()
                          where q.AttemptId == attemptId && slots.Contains(q.Slot)
                          join a in db.ExamAttempts.AsNoTracking() on q.AttemptId equals a.Id
                          select new { q.Slot, q.ResponseSeq, a.DeadlineUtc }).ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var stored = held.ToDictionary(q => q.Slot, q => q.ResponseSeq);
        var deadline = held.Count > 0
            ? held[0].DeadlineUtc
            : await db.ExamAttempts.AsNoTracking().Where(a => a.Id == attemptId).Select(a => a.DeadlineUtc).FirstAsync(cancellationToken);
        if (stored.Count != slots.Count)
        {
            return new SaveResult(ExamError.Invalid, stored, deadline, now);
        }

        return new SaveResult(null, stored, deadline, now);
    }

    /// <summary>Submits the viewer's own attempt and grades what can be graded automatically.</summary>
    public async Task<ExamError?> SubmitAsync(Viewer viewer, long attemptId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var owner = await db.ExamAttempts.AsNoTracking().Where(a => a.Id == attemptId).Select(a => a.UserId).FirstOrDefaultAsync(cancellationToken);
            if (owner is null || owner != viewer.UserId)
            {
                return ExamError.NotFound;
            }
        }

        await SubmitCoreAsync(viewer, attemptId, auto: false, cancellationToken);
        return null;
    }

    /// <summary>Submits every attempt whose deadline (plus the grace) has passed. Returns how many it submitted.</summary>
    public async Task<int> SubmitDueAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddSeconds(-GraceSeconds);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.ExamAttempts.AsNoTracking()
            .Where(a => a.State == AttemptState.InProgress && a.DeadlineUtc != null && a.DeadlineUtc <= cutoff)
            .OrderBy(a => a.DeadlineUtc).Select(a => a.Id).Take(500).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var id in due)
        {
            if (await SubmitCoreAsync(Viewer.System, id, auto: true, cancellationToken))
            {
                count++;
            }
        }

        return count;
    }

    private async Task<bool> SubmitCoreAsync(Viewer viewer, long attemptId, bool auto, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.ExamAttempts.Where(a => a.Id == attemptId && a.State == AttemptState.InProgress)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.State, AttemptState.Submitted)
                .SetProperty(a => a.SubmittedAtUtc, now)
                .SetProperty(a => a.AutoSubmitted, auto), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        var attempt = await db.ExamAttempts.FirstAsync(a => a.Id == attemptId, cancellationToken);
        var questions = await db.AttemptQuestions.Where(q => q.AttemptId == attemptId).ToListAsync(cancellationToken);
        foreach (var q in questions)
        {
            var question = QuestionBank.Parse(q.QuestionJson);
            q.Fraction = question.IsGradable ? ResponseGrader.Grade(question, ExamResponse.Parse(q.ResponseJson)).Fraction : null;
        }

        var paper = await db.ExamPapers.AsNoTracking().FirstAsync(p => p.Id == attempt.PaperId, cancellationToken);
        Score(attempt, questions, paper.PassPercent);
        AuditLog.Record(db, clock, viewer, auto ? "exam.auto-submit" : "exam.submit", "exam-attempt", Id(attemptId), new
        {
            attempt.Score,
            attempt.Percent,
            attempt.NeedsGrading,
            answered = questions.Count(q => q.ResponseSeq > 0),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (paper.ModuleId is { } module)
        {
            await learning.RecordAttemptAsync(attempt.UserId, module, cancellationToken);
        }

        return true;
    }

    /// <summary>Totals an attempt from its graded questions; the percent and pass only when nothing waits for a person.</summary>
    internal static void Score(ExamAttempt attempt, IReadOnlyList<AttemptQuestion> questions, double passPercent)
    {
        attempt.MaxScore = questions.Sum(q => q.Mark);
        attempt.Score = Math.Round(questions.Sum(q => (q.Fraction ?? 0) * q.Mark), 4);
        attempt.NeedsGrading = questions.Any(q => q.Mark > 0 && q.Fraction is null);
        if (attempt.NeedsGrading)
        {
            attempt.Percent = null;
            attempt.Passed = null;
        }
        else
        {
            attempt.Percent = attempt.MaxScore > 0 ? Math.Round(attempt.Score.Value / attempt.MaxScore * 100, 2) : 0;
            attempt.Passed = attempt.Percent >= passPercent - 1e-9;
        }
    }

    /// <summary>Attempts the viewer may see: their own; trainers and admins all; supervisors their teams'.</summary>
    public async Task<IReadOnlyList<AttemptSummary>> ListAttemptsAsync(Viewer viewer, int? paperId = null, string? userId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = from a in VisibleAttempts(db, viewer)
                    join p in db.ExamPapers.AsNoTracking() on a.PaperId equals p.Id
                    join u in db.Users.AsNoTracking() on a.UserId equals u.Id
                    select new { a, p.Title, u.UserName, u.DisplayName };
        if (paperId is { } paper)
        {
            query = query.Where(x => x.a.PaperId == paper);
        }

        if (userId is not null)
        {
            query = query.Where(x => x.a.UserId == userId);
        }

        var rows = await query.OrderByDescending(x => x.a.StartedAtUtc).Take(2000).ToListAsync(cancellationToken);
        return [.. rows.Select(x => new AttemptSummary(x.a.Id, x.a.PaperId, x.Title, x.a.UserId, x.DisplayName is { Length: > 0 } d ? d : x.UserName ?? "", x.a.Number, x.a.State,
            x.a.StartedAtUtc, x.a.SubmittedAtUtc, x.a.Percent, x.a.Passed, x.a.NeedsGrading))];
    }

    internal static IQueryable<ExamAttempt> VisibleAttempts(ServiceCoachDbContext db, Viewer viewer)
    {
        var attempts = db.ExamAttempts.AsNoTracking();
        if (viewer.Can(Policies.ManageTraining))
        {
            return attempts;
        }

        if (viewer.IsInRole(Roles.Supervisor))
        {
            var teams = viewer.TeamIds.ToList();
            var me = viewer.UserId;
            return attempts.Where(a => a.UserId == me || db.Users.Any(u => u.Id == a.UserId && u.TeamId != null && teams.Contains(u.TeamId.Value)));
        }

        var user = viewer.UserId;
        return attempts.Where(a => a.UserId == user);
    }

    private static IQueryable<ExamPaper> VisiblePapers(ServiceCoachDbContext db, Viewer viewer)
    {
        var papers = db.ExamPapers.AsNoTracking();
        if (viewer.Can(Policies.ManageTraining))
        {
            return papers;
        }

        var user = viewer.UserId;
        return papers.Where(p => p.Published && (p.CohortId == null || db.CohortMembers.Any(m => m.CohortId == p.CohortId && m.UserId == user)));
    }

    private static ExamPaperView View(ExamPaper paper, int used, long? open, DateTime now)
    {
        var rules = Rules(paper);
        return new ExamPaperView(paper.Id, paper.Title, paper.Description, rules, rules.Sum(r => r.Count), rules.Sum(r => r.Count * r.Mark),
            paper.TimeLimitMinutes, paper.OpensAtUtc, paper.ClosesAtUtc, paper.MaxAttempts, paper.ShuffleQuestions, paper.ShuffleAnswers,
            paper.PassPercent, paper.Published, paper.ProgrammeId, paper.ModuleId, paper.CohortId, used, open, open is null ? WhyNot(paper, used, now) : null);
    }

    private static ExamError? WhyNot(ExamPaper paper, int used, DateTime now)
    {
        if (!paper.Published)
        {
            return ExamError.NotAllowed;
        }

        if (paper.OpensAtUtc is { } opens && now < opens)
        {
            return ExamError.NotOpenYet;
        }

        if (paper.ClosesAtUtc is { } closes && now >= closes)
        {
            return ExamError.Closed;
        }

        return paper.MaxAttempts > 0 && used >= paper.MaxAttempts ? ExamError.NoAttemptsLeft : null;
    }

    private static DateTime? Deadline(ExamPaper paper, DateTime now)
    {
        DateTime? byLimit = paper.TimeLimitMinutes is { } minutes ? now.AddMinutes(minutes) : null;
        return (byLimit, paper.ClosesAtUtc) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
    }

    internal static IReadOnlyList<ExamRule> Rules(ExamPaper paper) => JsonSerializer.Deserialize<List<ExamRule>>(paper.RulesJson) ?? [];

    private static void Apply(ExamPaper paper, ExamPaperInput input)
    {
        paper.Title = input.Title.Trim();
        paper.Description = input.Description.Trim();
        paper.RulesJson = JsonSerializer.Serialize(input.Rules);
        paper.TimeLimitMinutes = input.TimeLimitMinutes;
        paper.OpensAtUtc = input.OpensAtUtc;
        paper.ClosesAtUtc = input.ClosesAtUtc;
        paper.MaxAttempts = input.MaxAttempts;
        paper.ShuffleQuestions = input.ShuffleQuestions;
        paper.ShuffleAnswers = input.ShuffleAnswers;
        paper.PassPercent = input.PassPercent;
        paper.Published = input.Published;
        paper.ProgrammeId = input.ProgrammeId;
        paper.ModuleId = input.ModuleId;
        paper.CohortId = input.CohortId;
    }

    private static List<string> Validate(ExamPaperInput input)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200)
        {
            problems.Add("The title is required (at most 200 characters).");
        }

        if (input.Rules.Count == 0)
        {
            problems.Add("An exam needs at least one question or random draw.");
        }

        if (input.Rules.Any(r => r.Count < 1 || r.Count > 500 || r.Mark <= 0 || r.Mark > 1000 || (r.Difficulty is { } d && d is < 1 or > 3)))
        {
            problems.Add("Each line needs a count between 1 and 500, a mark above 0 and a difficulty of 1–3 when given.");
        }

        if (input.TimeLimitMinutes is { } limit && limit is < 1 or > 24 * 60)
        {
            problems.Add("The time limit is between 1 minute and 24 hours.");
        }

        if (input.OpensAtUtc is { } opens && input.ClosesAtUtc is { } closes && closes <= opens)
        {
            problems.Add("The exam must close after it opens.");
        }

        if (input.MaxAttempts < 0 || input.PassPercent is < 0 or > 100)
        {
            problems.Add("Attempts are 0 (unlimited) or more; the pass mark is 0–100 %.");
        }

        return problems;
    }

    private static int RandomSeed(int paperId, string userId, int number, DateTime now)
    {
        // Different for each learner and attempt, reproducible from what is stored (the seed itself is kept).
        var hash = new HashCode();
        hash.Add(paperId);
        hash.Add(userId, StringComparer.Ordinal);
        hash.Add(number);
        hash.Add(now.Ticks);
        return hash.ToHashCode() & int.MaxValue;
    }

    private static void RequireManage(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            throw new UnauthorizedAccessException("Only trainers and admins manage exam papers.");
        }
    }

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
