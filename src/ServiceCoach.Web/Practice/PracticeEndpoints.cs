using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using ServiceCoach.Practice;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Practice;

/// <summary>
/// What the practice pages post (cookie-authenticated, antiforgery-checked): start a scenario, send a
/// reply, end the conversation. Each answers with a redirect back to the conversation, so a reload never
/// sends a reply twice (and the page's reply count refuses a second send that races the first).
/// </summary>
internal static class PracticeEndpoints
{
    public static WebApplication MapPracticeEndpoints(this WebApplication app)
    {
        app.MapPost("/practice/scenarios/{scenarioId}/start", StartAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/practice/attempts/{attemptId:long}/reply", ReplyAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/practice/attempts/{attemptId:long}/stop", StopAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> StartAsync(string scenarioId, HttpContext context, IAntiforgery antiforgery, PracticeAttempts attempts, CancellationToken cancellationToken)
    {
        var back = PracticePaths.Scenario(scenarioId);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect(back + "?error=expired");
        }

        var (attemptId, error) = await attempts.StartAsync(Viewer.FromPrincipal(context.User), scenarioId, cancellationToken: cancellationToken);
        return attemptId is { } id ? Results.LocalRedirect(PracticePaths.Attempt(id))
            : error == PracticeError.NotFound ? Results.NotFound() : Results.Forbid();
    }

    private static async Task<IResult> ReplyAsync(long attemptId, HttpContext context, IAntiforgery antiforgery, PracticeAttempts attempts, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect(PracticePaths.Attempt(attemptId) + "?error=expired");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var error = await attempts.ReplyAsync(Viewer.FromPrincipal(context.User), attemptId, form["text"], QueryValues.Int(form["n"]) ?? -1, cancellationToken);
        return Answer(attemptId, error, form["text"]);
    }

    private static async Task<IResult> StopAsync(long attemptId, HttpContext context, IAntiforgery antiforgery, PracticeAttempts attempts, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect(PracticePaths.Attempt(attemptId) + "?error=expired");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        return Answer(attemptId, await attempts.StopAsync(Viewer.FromPrincipal(context.User), attemptId, QueryValues.Int(form["n"]) ?? -1, cancellationToken), null);
    }

    /// <summary>A refused reply longer than this is not put back into the address (request lines are limited to 8 KB).</summary>
    private const int MaxDraftInAddress = 500;

    /// <summary>Back to the conversation; a refused reply comes back in the box so nothing typed is lost.</summary>
    private static IResult Answer(long attemptId, PracticeError error, string? text) => error switch
    {
        PracticeError.None => Results.LocalRedirect(PracticePaths.Attempt(attemptId) + "#reply"),
        PracticeError.NotFound => Results.NotFound(),
        PracticeError.Forbidden => Results.Forbid(),
        _ => Results.LocalRedirect(PracticePaths.Attempt(attemptId) + "?error=" + PracticePaths.ErrorCode(error)
            + (string.IsNullOrEmpty(text) || text.Length > MaxDraftInAddress ? "" : "&draft=" + Uri.EscapeDataString(text)) + "#reply"),
    };
}

/// <summary>The practice pages' addresses and the error codes they show.</summary>
internal static class PracticePaths
{
    public static string Scenario(string id) => "/practice/scenarios/" + Uri.EscapeDataString(id);

    public static string Attempt(long id) => "/practice/attempts/" + id.ToString(CultureInfo.InvariantCulture);

    public static string ErrorCode(PracticeError error) => error switch
    {
        PracticeError.EmptyReply => "empty",
        PracticeError.ReplyTooLong => "too-long",
        PracticeError.Over => "over",
        PracticeError.Stale => "stale",
        _ => "failed",
    };
}
