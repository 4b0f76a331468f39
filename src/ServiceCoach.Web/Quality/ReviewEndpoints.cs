using Microsoft.AspNetCore.Mvc;
using ServiceCoach.Quality;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Quality;

/// <summary>Form posts from the conversation page (cookie-authenticated, antiforgery-checked), then back to the page.</summary>
internal static class ReviewEndpoints
{
    public static WebApplication MapReviewEndpoints(this WebApplication app)
    {
        app.MapPost("/conversations/{id}/checks/{checkId}/decision", DecideAsync)
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
        if (detail?.ScorecardRecord is not { } card || ScorecardJsonNames.ParseOutcome(outcome) is not { } decided)
        {
            return Results.NotFound();
        }

        await reviews.DecideCheckAsync(viewer, card.Id, checkId, decided, comment?.Trim() ?? "", cancellationToken);
        return Results.LocalRedirect($"/conversations/{Uri.EscapeDataString(id)}#check-{Uri.EscapeDataString(checkId)}");
    }
}
