using Microsoft.AspNetCore.Mvc;
using ServiceCoach.Training;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Training;

public sealed record ExamPaperResponse(
    int Id, string Title, string Description, int QuestionCount, double MaxScore, int? TimeLimitMinutes, DateTime? OpensAt, DateTime? ClosesAt,
    int MaxAttempts, double PassPercent, bool Published, int AttemptsUsed, long? OpenAttemptId, string? CannotStartBecause);

public sealed record StartAttemptResponse(long AttemptId);

/// <summary>A question as a learner may see it: no answer key while the attempt is open.</summary>
public sealed record AttemptQuestionResponse(
    int Slot, string Type, string Name, string Text, string Format, double Mark, IReadOnlyList<ChoiceResponse> Choices, IReadOnlyList<string> PairQuestions,
    ExamResponse? Response, long Seq, double? Fraction, string? Feedback);

public sealed record ChoiceResponse(int Index, string Text);

public sealed record AttemptResponse(
    long Id, int PaperId, string PaperTitle, string State, DateTime StartedAt, DateTime? Deadline, int? SecondsLeft, DateTime? SubmittedAt, bool AutoSubmitted,
    double MaxScore, double? Score, double? Percent, bool? Passed, bool NeedsGrading, IReadOnlyList<AttemptQuestionResponse> Questions);

public sealed record ImportQuestionsResponse(int Added, int Updated, IReadOnlyList<ImportProblem> Errors);

public sealed record ImportProblem(string Code, string Message, int Line, int Column, string? Detail);

public sealed record PracticalResultRequest(string? UserId, int? ProgrammeId, string? Source, string? Reference, double? ScorePercent, string? Comment);

public sealed record PracticalResultResponse(long Id);

public sealed record CompositeGradeResponse(int ProgrammeId, string Programme, string UserId, double? Theory, double? Practical, double TheoryWeight, double? Total, double PassMark, bool? Passed);

/// <summary>
/// Training for machines: exams (start, answers with sequence numbers, submit), the question bank
/// (import, GIFT export), practical results (the seam the Practice module and others write to) and
/// composite grades. Reads are scoped by the token's user.
/// </summary>
internal static class TrainingApi
{
    public static RouteGroupBuilder MapTrainingApi(this RouteGroupBuilder api)
    {
        var exams = api.MapGroup("/training").RequireAuthorization(Api.Require());
        exams.MapGet("/exams", ListExamsAsync).WithName("ListExams")
            .WithSummary("Exam papers you may take (trainers and admins: all), with your attempts used and why you may not start one.");
        exams.MapPost("/exams/{paperId:int}/attempts", StartAttemptAsync).WithName("StartAttempt")
            .WithSummary("Starts an attempt (or returns the one in progress). 409 when the exam is not open, closed or out of attempts.");
        exams.MapGet("/attempts/{attemptId:long}", GetAttemptAsync).WithName("GetAttempt")
            .WithSummary("An attempt with its questions (no answer key while it is open), your saved answers and their sequence numbers, and the seconds left.");
        exams.MapPut("/attempts/{attemptId:long}/answers", SaveAnswersAsync).WithName("SaveAnswers")
            .WithSummary("Saves answers of your attempt: {answers:[{slot, seq, response}]}. An answer is stored only if its seq is higher than the stored one; the reply gives, per slot, the seq the server holds. 409 when the attempt is submitted or its time is up.");
        exams.MapPost("/attempts/{attemptId:long}/submit", SubmitAttemptAsync).WithName("SubmitAttempt")
            .WithSummary("Submits your attempt and grades it (essays wait for a trainer).");
        exams.MapGet("/programmes/{programmeId:int}/grades/{userId}", GradeAsync).WithName("GetCompositeGrade")
            .WithSummary("A learner's composite grade in a programme: theory (best exam percents) and practical (practical results), weighted by the programme. You, trainers and admins, and the learner's supervisor.");

        exams.MapGet("/xapi", XApiAsync).WithName("ExportXApi")
            .WithSummary("Learning records as xAPI 1.0.3 statements (exam attempts, completed modules, practical results): your own, your teams' (supervisors) or everyone's (trainers, admins); user=<id> for one learner.");

        var manage = api.MapGroup("/training").RequireAuthorization(Api.Require(Policies.ManageTraining));
        manage.MapPost("/questions/import", ImportAsync).WithName("ImportQuestions")
            .WithSummary("Imports a GIFT, Moodle XML or neutral JSON file (the request body; fileName=… tells the format) into the question bank; questions with an id number are updated. Answers counts and every error with line and column.")
            .Accepts<IFormFile>("application/octet-stream");
        manage.MapGet("/questions.gift", ExportAsync).WithName("ExportQuestions")
            .WithSummary("The question bank (category=…, tag=…, difficulty=…) as GIFT, byte for byte as Moodle exports it.");
        manage.MapPost("/practical-results", RecordPracticalAsync).WithName("RecordPracticalResult")
            .WithSummary("Records a practical result (0–100) for a learner in a programme: source 'practice' (scenario scores) or 'mentor-rubric'; the same source and reference replace the earlier score.");
        return api;
    }

    private static async Task<IResult> ListExamsAsync(HttpContext context, Exams exams, CancellationToken cancellationToken)
    {
        var papers = await exams.ListPapersAsync(context.Viewer(), cancellationToken);
        return TypedResults.Ok(papers.Select(p => new ExamPaperResponse(p.Id, p.Title, p.Description, p.QuestionCount, p.MaxScore, p.TimeLimitMinutes, p.OpensAtUtc, p.ClosesAtUtc,
            p.MaxAttempts, p.PassPercent, p.Published, p.AttemptsUsed, p.OpenAttemptId, p.CannotStartBecause?.ToString())).ToList());
    }

    private static async Task<IResult> StartAttemptAsync(int paperId, HttpContext context, Exams exams, CancellationToken cancellationToken)
    {
        var (id, error) = await exams.StartAsync(context.Viewer(), paperId, cancellationToken);
        return id is { } attempt
            ? TypedResults.Ok(new StartAttemptResponse(attempt))
            : error == ExamError.NotFound
                ? TypedResults.Problem("No such exam.", statusCode: StatusCodes.Status404NotFound)
                : TypedResults.Problem($"The attempt cannot start: {error}.", statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> GetAttemptAsync(long attemptId, HttpContext context, Exams exams, CancellationToken cancellationToken)
    {
        var view = await exams.GetAttemptAsync(context.Viewer(), attemptId, cancellationToken);
        return view is null ? TypedResults.Problem("No such attempt.", statusCode: StatusCodes.Status404NotFound) : TypedResults.Ok(ToResponse(view));
    }

    private static async Task<IResult> SaveAnswersAsync(long attemptId, [FromBody] AnswersBody body, HttpContext context, Exams exams, CancellationToken cancellationToken)
    {
        var result = await exams.SaveAsync(context.Viewer(), attemptId, [.. (body.Answers ?? []).Select(a => new AnswerSave(a.Slot, a.Seq, a.Response))], cancellationToken);
        return TrainingEndpoints.Reply(result);
    }

    private static async Task<IResult> SubmitAttemptAsync(long attemptId, HttpContext context, Exams exams, CancellationToken cancellationToken)
    {
        var error = await exams.SubmitAsync(context.Viewer(), attemptId, cancellationToken);
        if (error is not null)
        {
            return TypedResults.Problem("No such attempt.", statusCode: StatusCodes.Status404NotFound);
        }

        var view = await exams.GetAttemptAsync(context.Viewer(), attemptId, cancellationToken);
        return TypedResults.Ok(ToResponse(view!));
    }

    private static async Task<IResult> GradeAsync(int programmeId, string userId, HttpContext context, TrainingGrades grades, CancellationToken cancellationToken)
    {
        var grade = await grades.ProgrammeGradeAsync(context.Viewer(), userId, programmeId, cancellationToken);
        return grade is null
            ? TypedResults.Problem("No such programme or learner.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(new CompositeGradeResponse(grade.ProgrammeId, grade.ProgrammeName, grade.UserId, grade.Grade.Theory, grade.Grade.Practical,
                grade.Grade.TheoryWeight, grade.Grade.Total, grade.Grade.PassMark, grade.Grade.Passed));
    }

    private static async Task<IResult> ImportAsync(HttpContext context, QuestionBank bank, string? fileName, string? category, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0 || buffer.Length > 20 * 1024 * 1024)
        {
            return TypedResults.Problem("Send the file (up to 20 MB) as the request body.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await bank.ImportAsync(context.Viewer(), fileName is { Length: > 0 } name ? Path.GetFileName(name) : "questions.gift", buffer.ToArray(), category, cancellationToken);
        if (result.FileError is { } fileError)
        {
            return TypedResults.Problem($"{fileError.Message} {fileError.Detail}".Trim(), statusCode: StatusCodes.Status422UnprocessableEntity, title: fileError.Code);
        }

        return TypedResults.Ok(new ImportQuestionsResponse(result.Added, result.Updated, [.. result.Errors.Select(e => new ImportProblem(e.Code, e.Message, e.Line, e.Column, e.Detail))]));
    }

    private static async Task<IResult> ExportAsync(HttpContext context, QuestionBank bank, string? category, string? tag, int? difficulty, CancellationToken cancellationToken)
    {
        var gift = await bank.ExportGiftAsync(context.Viewer(), new BankFilter(category, tag, difficulty), cancellationToken);
        return TypedResults.Text(gift, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> RecordPracticalAsync([FromBody] PracticalResultRequest request, HttpContext context, PracticalResults results, CancellationToken cancellationToken)
    {
        if (request.UserId is not { Length: > 0 } userId || request.ProgrammeId is not { } programme || request.ScorePercent is not { } score
            || request.Source is not (PracticalResults.Practice or PracticalResults.MentorRubric) || request.Reference is not { Length: > 0 } reference)
        {
            return TypedResults.Problem("userId, programmeId, source (practice|mentor-rubric), reference and scorePercent (0–100) are required.", statusCode: StatusCodes.Status400BadRequest);
        }

        var id = await results.RecordAsync(context.Viewer(), userId, programme, request.Source, reference, score, null, request.Comment ?? "", cancellationToken);
        return id is { } recorded
            ? TypedResults.Ok(new PracticalResultResponse(recorded))
            : TypedResults.Problem("No such learner or programme, or the score is not 0–100.", statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> XApiAsync(HttpContext context, XApiExport export, string? user, CancellationToken cancellationToken)
    {
        var statements = await export.StatementsAsync(context.Viewer(), $"{context.Request.Scheme}://{context.Request.Host}", user, cancellationToken);
        return TypedResults.Text(statements.ToJsonString(), "application/json; charset=utf-8");
    }

    internal static AttemptResponse ToResponse(AttemptView view)
    {
        var open = view.IsOpen;
        return new AttemptResponse(view.Id, view.PaperId, view.PaperTitle, open ? "inProgress" : "submitted", view.StartedAtUtc, view.DeadlineUtc, view.SecondsLeft,
            view.SubmittedAtUtc, view.AutoSubmitted, view.MaxScore, view.Score, view.Percent, view.Passed, view.NeedsGrading,
            [.. view.Questions.Select(q => new AttemptQuestionResponse(
                q.Slot,
                QuestionTypes.Name(q.Question.Type) + (q.Question.Type == QuestionType.MultipleChoice && !q.Question.SingleAnswer ? "-multi" : ""),
                q.Question.Name,
                q.Question.QuestionText.Text,
                QuestionTypes.FormatName(q.Question.QuestionText.Format),
                q.Mark,
                Choices(q),
                [.. q.Question.Pairs.Where(p => !p.Question.IsEmpty).Select(p => p.Question.Text)],
                q.Response,
                q.Seq,
                open ? null : q.Fraction,
                open ? null : q.AnswerFeedback?.Text))]);
    }

    private static IReadOnlyList<ChoiceResponse> Choices(AttemptQuestionView q)
    {
        if (q.Question.Type == QuestionType.MultipleChoice)
        {
            return [.. q.OptionOrder.Where(i => i < q.Question.Answers.Count).Select(i => new ChoiceResponse(i, q.Question.Answers[i].Text.Text))];
        }

        if (q.Question.Type == QuestionType.Matching)
        {
            var choices = ResponseGrader.MatchingChoices(q.Question);
            return [.. q.OptionOrder.Where(i => i < choices.Count).Select(i => new ChoiceResponse(i, choices[i]))];
        }

        return [];
    }
}
