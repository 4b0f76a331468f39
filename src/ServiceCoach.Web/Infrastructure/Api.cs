using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;
using ServiceCoach.Users;
using ServiceCoach.Web.Complaints;
using ServiceCoach.Web.Insights;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Standards;
using ServiceCoach.Web.Training;
using ServiceCoach.Web.Users;

namespace ServiceCoach.Web;

/// <summary>The HTTP API for other machines. People use the pages, which call services in-process.</summary>
internal static class Api
{
    /// <summary>API endpoints accept only bearer tokens: a browser's cookie never authorises an API call, so there is nothing to forge.</summary>
    public static AuthorizeAttribute Require(string? policy = null) => new()
    {
        AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName,
        Policy = policy,
    };

    public static WebApplication MapServiceCoachApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        // Self-contained: the bundled script only, no fonts from Scalar's host (our policy blocks it anyway).
        app.MapScalarApiReference("/api/reference", options => options
            .WithTitle("ServiceCoach API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()).AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();

        var api = app.MapGroup("/api/v1").WithTags("ServiceCoach");
        api.MapAuthApi();
        api.MapConversationsApi();
        api.MapStandardsApi();
        api.MapReviewsApi();
        api.MapAuditApi();
        api.MapDashboardApi();
        api.MapTrainingApi();
        api.MapComplaintsApi();
        return app;
    }

    /// <summary>Reads the signed-in viewer of an API request.</summary>
    public static Viewer Viewer(this HttpContext context) => ServiceCoach.Users.Viewer.FromPrincipal(context.User);
}
