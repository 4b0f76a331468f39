using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using ServiceCoach.Quality;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Quality;

/// <summary>
/// Form posts from the human-review pages (cookie-authenticated, antiforgery-checked), each
/// answering with a redirect back to the page: a check's decision and "review done" on the
/// conversation page, an agent's dispute, a calibration judgement.
/// </summary>
internal static class ReviewEndpoints
{
    public static WebApplication MapReviewEndpoints(this WebApplication app)
    {
        app.MapPost("/conversations/{id}/checks/{checkId}/decision", DecideAsync)
            .RequireAuthorization(Policies.Review)
            .ExcludeFromDescription();
        app.MapPost("/conversations/{id}/review/done", CompleteAsync)
            .RequireAuthorization(Policies.Review)
            .ExcludeFromDescription();
        app.MapPost("/conversations/{id}/checks/{checkId}/disputes", RaiseDisputeAsync)
            .RequireAuthorization(Policies.RaiseDisputes)
            .ExcludeFromDescription();
        app.MapPost("/calibration/{sessionId:int}/conversations/{conversationId:long}/judgements", JudgeAsync)
            .RequireAuthorization(Policies.Review)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DecideAsync(
        string id, string checkId, [FromForm] string outcome, [FromForm] string? comment,
        HttpContext context, ConversationQueries queries, Reviews reviews, CancellationToken cancellationToken)
    {
        var viewer = Viewer.FromPrincipal(context.User);
        var detail = await queries.GetAsync(viewer, id, cancellationToken);
        if (detail?.ScorecardRecord is not { } card || ScorecardJsonNames.ParseOutcome(outcome) is not { } decided || detail.Scorecard?.Check(checkId) is null)
        {
            return Results.NotFound();
        }

        await reviews.DecideCheckAsync(viewer, card.Id, checkId, decided, comment?.Trim() ?? "", cancellationToken);
        return Results.LocalRedirect($"{ConversationUrl(id)}#check-{Uri.EscapeDataString(checkId)}");
    }

    private static async Task<IResult> CompleteAsync(
        string id, HttpContext context, ConversationQueries queries, ReviewWorklist worklist, CancellationToken cancellationToken)
    {
        var viewer = Viewer.FromPrincipal(context.User);
        var detail = await queries.GetAsync(viewer, id, cancellationToken);
        if (detail?.ScorecardRecord is not { } card || await worklist.ForScorecardAsync(viewer, card.Id, cancellationToken) is not { } item)
        {
            return Results.NotFound();
        }

        await worklist.CompleteAsync(viewer, item.Id, cancellationToken);
        return Results.LocalRedirect($"{ConversationUrl(id)}?review=done#review");
    }

    private static async Task<IResult> RaiseDisputeAsync(
        string id, string checkId, [FromForm] string? reason, HttpContext context, Disputes disputes, CancellationToken cancellationToken)
    {
        var result = await disputes.RaiseAsync(Viewer.FromPrincipal(context.User), id, checkId, reason, cancellationToken);
        return result.Error switch
        {
            null => Results.LocalRedirect($"{ConversationUrl(id)}?dispute=raised#disputes"),
            DisputeError.NotFound => Results.NotFound(),
            DisputeError.NotAllowed => Results.Forbid(),
            { } error => Results.LocalRedirect($"{ConversationUrl(id)}?dispute-error={error}&check={Uri.EscapeDataString(checkId)}#disputes"),
        };
    }

    private static async Task<IResult> JudgeAsync(
        int sessionId, long conversationId, IFormCollection form, HttpContext context, Calibration calibration, CancellationToken cancellationToken)
    {
        var viewer = Viewer.FromPrincipal(context.User);
        var judging = await calibration.JudgingAsync(viewer, sessionId, conversationId, cancellationToken);
        if (judging is null)
        {
            return Results.NotFound();
        }

        var outcomes = new Dictionary<string, CheckOutcome>(StringComparer.Ordinal);
        foreach (var check in judging.Checks)
        {
            if (ScorecardJsonNames.ParseOutcome(form[JudgementField(check.Id)].ToString()) is { } outcome)
            {
                outcomes[check.Id] = outcome;
            }
        }

        var page = $"/calibration/{sessionId.ToString(CultureInfo.InvariantCulture)}";
        var problems = await calibration.JudgeAsync(viewer, sessionId, conversationId, outcomes, cancellationToken);
        if (problems.Count > 0)
        {
            return Results.LocalRedirect($"{page}/conversations/{conversationId.ToString(CultureInfo.InvariantCulture)}?error=incomplete");
        }

        return Results.LocalRedirect(judging.NextConversationId is { } next
            ? $"{page}/conversations/{next.ToString(CultureInfo.InvariantCulture)}?saved=1"
            : $"{page}?saved=1");
    }

    /// <summary>The form field that carries a reviewer's outcome for one check in a calibration judgement.</summary>
    public static string JudgementField(string checkId) => "outcome." + checkId;

    private static string ConversationUrl(string id) => $"/conversations/{Uri.EscapeDataString(id)}";
}
