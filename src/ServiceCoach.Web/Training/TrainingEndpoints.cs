using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using ServiceCoach.Training;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Training;

/// <summary>The answers the exam page sends (exam.js): each with the client's sequence number.</summary>
public sealed record AnswersBody([property: JsonPropertyName("answers")] IReadOnlyList<AnswerBody> Answers);

public sealed record AnswerBody(
    [property: JsonPropertyName("slot")] int Slot,
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("response")] ExamResponse? Response);

/// <summary>What the server holds after a save: per slot the stored sequence number.</summary>
public sealed record SavedBody(
    [property: JsonPropertyName("saved")] IReadOnlyDictionary<string, long> Saved,
    [property: JsonPropertyName("deadline")] DateTime? Deadline,
    [property: JsonPropertyName("now")] DateTime Now);

/// <summary>
/// The training pages' endpoints (cookie-authenticated, antiforgery-checked): starting and
/// submitting an exam, the exam page's autosave (JSON, the token in a header), the bank's import
/// and export, grading, practical scores, module progress.
/// </summary>
internal static class TrainingEndpoints
{
    public static WebApplication MapTrainingEndpoints(this WebApplication app)
    {
        app.MapPost("/training/exams/{paperId:int}/start", StartAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/training/attempts/{attemptId:long}/answers", SaveAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/training/attempts/{attemptId:long}/submit", SubmitAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/training/bank/import", ImportAsync).RequireAuthorization(Policies.ManageTraining).ExcludeFromDescription().DisableAntiforgery();
        app.MapGet("/training/bank/export.gift", ExportAsync).RequireAuthorization(Policies.ManageTraining).ExcludeFromDescription();
        app.MapPost("/training/grading/{attemptId:long}/{slot:int}", GradeAsync).RequireAuthorization(Policies.ManageTraining).ExcludeFromDescription();
        app.MapPost("/training/modules/{moduleId:int}/complete", CompleteModuleAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/training/modules/{moduleId:int}/time", ModuleTimeAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/training/cohorts/{cohortId:int}/staff", ImportStaffAsync).RequireAuthorization(Policies.ManageTraining).ExcludeFromDescription().DisableAntiforgery();
        app.MapGet("/training/calendar.ics", CalendarAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/training/xapi.json", XApiAsync).RequireAuthorization(Policies.ViewLearningRecords).ExcludeFromDescription();
        app.MapGet("/training/certificates/{code}/pdf", CertificatePdfAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> StartAsync(int paperId, HttpContext context, IAntiforgery antiforgery, Exams exams, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect($"/training/exams/{paperId.ToString(CultureInfo.InvariantCulture)}");
        }

        var (attemptId, error) = await exams.StartAsync(Viewer.FromPrincipal(context.User), paperId, cancellationToken);
        return attemptId is { } id
            ? Results.LocalRedirect($"/training/attempts/{id.ToString(CultureInfo.InvariantCulture)}")
            : error == ExamError.NotFound ? Results.NotFound() : Results.LocalRedirect($"/training/exams/{paperId.ToString(CultureInfo.InvariantCulture)}?error={error}");
    }

    // The body is read here rather than bound with [FromBody]: a bound JSON body makes routing skip
    // the endpoint for any other content type, so a stranger's form post would get a 404 instead of
    // the sign-in page, and a malformed body a bare 400 instead of a problem the page can show.
    private static async Task<IResult> SaveAsync(long attemptId, HttpContext context, IAntiforgery antiforgery, Exams exams, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem("The page's security token has expired: reload the page (your answers are kept).", statusCode: StatusCodes.Status400BadRequest);
        }

        AnswersBody? body;
        try
        {
            body = context.Request.HasJsonContentType() ? await context.Request.ReadFromJsonAsync<AnswersBody>(cancellationToken) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return TypedResults.Problem("Send the answers as JSON: {\"answers\":[{\"slot\",\"seq\",\"response\"}]}.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await exams.SaveAsync(Viewer.FromPrincipal(context.User), attemptId, [.. (body.Answers ?? []).Select(a => new AnswerSave(a.Slot, a.Seq, a.Response))], cancellationToken);
        return Reply(result);
    }

    internal static IResult Reply(SaveResult result) => result.Error switch
    {
        null => TypedResults.Ok(new SavedBody(result.Saved.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value), result.DeadlineUtc, result.NowUtc)),
        ExamError.NotFound => TypedResults.Problem("No such attempt.", statusCode: StatusCodes.Status404NotFound),
        ExamError.AttemptClosed => TypedResults.Problem("The attempt is closed: it was submitted or its time is up.", statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.Problem("The answers could not be read.", statusCode: StatusCodes.Status400BadRequest),
    };

    private static async Task<IResult> SubmitAsync(long attemptId, HttpContext context, IAntiforgery antiforgery, Exams exams, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect($"/training/attempts/{attemptId.ToString(CultureInfo.InvariantCulture)}");
        }

        var error = await exams.SubmitAsync(Viewer.FromPrincipal(context.User), attemptId, cancellationToken);
        return error == ExamError.NotFound ? Results.NotFound() : Results.LocalRedirect($"/training/attempts/{attemptId.ToString(CultureInfo.InvariantCulture)}?submitted=1");
    }

    private static async Task<IResult> ImportAsync(HttpContext context, IAntiforgery antiforgery, QuestionBank bank, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect("/training/bank?error=expired");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (form.Files.GetFile("file") is not { Length: > 0 } file || file.Length > 20 * 1024 * 1024)
        {
            return Results.LocalRedirect("/training/bank?error=file");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var result = await bank.ImportAsync(Viewer.FromPrincipal(context.User), Path.GetFileName(file.FileName), buffer.ToArray(), form["category"].ToString().Trim(), cancellationToken);
        ImportReports.Remember(context, result, Path.GetFileName(file.FileName));
        return Results.LocalRedirect("/training/bank?imported=1");
    }

    private static async Task<IResult> ExportAsync(HttpContext context, QuestionBank bank, string? category, string? tag, int? difficulty, CancellationToken cancellationToken)
    {
        var gift = await bank.ExportGiftAsync(Viewer.FromPrincipal(context.User), new BankFilter(category, tag, difficulty), cancellationToken);
        return Results.File(Encoding.UTF8.GetBytes(gift), "text/plain; charset=utf-8", "servicecoach-questions.gift");
    }

    private static async Task<IResult> GradeAsync(long attemptId, int slot, [FromForm] string marks, [FromForm] string? comment, [FromForm] string? back,
        HttpContext context, TrainingGrades grades, CancellationToken cancellationToken)
    {
        var returnTo = back is { Length: > 0 } b && b.StartsWith('/') && !b.StartsWith("//", StringComparison.Ordinal) ? b : "/training/grading";
        if (!double.TryParse(marks, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return Results.LocalRedirect(returnTo + (returnTo.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "error=marks");
        }

        var error = await grades.GradeAsync(Viewer.FromPrincipal(context.User), attemptId, slot, value, comment, cancellationToken);
        return error == "not-found" ? Results.NotFound() : Results.LocalRedirect(returnTo + (returnTo.Contains('?', StringComparison.Ordinal) ? "&" : "?") + (error is null ? "graded=1" : "error=" + error));
    }

    private static async Task<IResult> CompleteModuleAsync(int moduleId, HttpContext context, IAntiforgery antiforgery, LearningRecords learning, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect($"/training/modules/{moduleId.ToString(CultureInfo.InvariantCulture)}");
        }

        await learning.CompleteAsync(Viewer.FromPrincipal(context.User), moduleId, cancellationToken);
        return Results.LocalRedirect($"/training/modules/{moduleId.ToString(CultureInfo.InvariantCulture)}?done=1");
    }

    private static async Task<IResult> ImportStaffAsync(int cohortId, HttpContext context, IAntiforgery antiforgery, Cohorts cohorts, CancellationToken cancellationToken)
    {
        var page = $"/training/cohorts/{cohortId.ToString(CultureInfo.InvariantCulture)}";
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect(page);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (form.Files.GetFile("file") is not { Length: > 0 } file || file.Length > 50 * 1024 * 1024)
        {
            return Results.LocalRedirect(page + "?imported=" + Uri.EscapeDataString("请选择一个不超过 50 MB 的名单文件。"));
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var result = await cohorts.ImportStaffAsync(Viewer.FromPrincipal(context.User), cohortId, Path.GetFileName(file.FileName), buffer.ToArray(), cancellationToken);
        var summary = string.Create(CultureInfo.InvariantCulture, $"新建 {result.Created} 个账号，更新 {result.Updated} 个，加入班期 {result.AddedToCohort} 人。")
            + (result.Problems.Count == 0 ? "" : " " + string.Join(" ", result.Problems.Take(20)));
        return Results.LocalRedirect(page + "?imported=" + Uri.EscapeDataString(summary.Length > 1500 ? summary[..1500] : summary));
    }

    private static async Task<IResult> XApiAsync(HttpContext context, XApiExport export, string? user, CancellationToken cancellationToken)
    {
        var statements = await export.StatementsAsync(Viewer.FromPrincipal(context.User), $"{context.Request.Scheme}://{context.Request.Host}", user, cancellationToken);
        return Results.File(Encoding.UTF8.GetBytes(statements.ToJsonString()), "application/json; charset=utf-8", "servicecoach-xapi.json");
    }

    private static async Task<IResult> CalendarAsync(HttpContext context, Schedules schedules, string? user, CancellationToken cancellationToken)
    {
        var viewer = Viewer.FromPrincipal(context.User);
        var ics = await schedules.CalendarAsync(viewer, user ?? viewer.UserId, "ServiceCoach 培训", cancellationToken);
        return ics is null ? Results.NotFound() : Results.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "servicecoach-training.ics");
    }

    private static async Task<IResult> CertificatePdfAsync(string code, HttpContext context, Certificates certificates, CancellationToken cancellationToken)
    {
        var verify = $"{context.Request.Scheme}://{context.Request.Host}/verify/{Uri.EscapeDataString(code)}";
        try
        {
            var pdf = await certificates.PdfAsync(Viewer.FromPrincipal(context.User), code, verify, cancellationToken);
            return pdf is null ? Results.NotFound() : Results.File(pdf, "application/pdf", $"certificate-{code}.pdf");
        }
        catch (InvalidOperationException e)
        {
            return Results.Text(e.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> ModuleTimeAsync(int moduleId, [FromForm] int seconds, HttpContext context, LearningRecords learning, CancellationToken cancellationToken)
    {
        await learning.AddTimeAsync(Viewer.FromPrincipal(context.User), moduleId, seconds, cancellationToken);
        return Results.NoContent();
    }
}

/// <summary>The result of the last bank import, shown once on the bank page (kept in a short-lived cookie-free server memory slot per user).</summary>
internal static class ImportReports
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string File, BankImportResult Result)> Last = new(StringComparer.Ordinal);

    public static void Remember(HttpContext context, BankImportResult result, string file) =>
        Last[Viewer.FromPrincipal(context.User).UserId] = (file, result);

    public static (string File, BankImportResult Result)? Take(string userId) => Last.TryRemove(userId, out var value) ? value : null;
}
