using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using ServiceCoach.Users;
using ServiceCoach.Web.Complaints;
using ServiceCoach.Web.Insights;
using ServiceCoach.Web.Practice;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Standards;
using ServiceCoach.Web.Training;

namespace ServiceCoach.Web;

/// <summary>Small endpoints the pages post to or fetch: sign out, the language switch, review decisions, uploads.</summary>
internal static class PageEndpoints
{
    public static WebApplication MapServiceCoachPages(this WebApplication app)
    {
        app.MapReviewEndpoints();
        app.MapStandardEndpoints();
        app.MapImportEndpoints();
        app.MapSupervisorEndpoints();
        app.MapDashboardExport();
        app.MapTrainingEndpoints();
        app.MapComplaintEndpoints();
        app.MapPracticeEndpoints();
        app.MapDrillEndpoints();

        // Signing out is a change of state: only the signed-in person's own page (with its antiforgery token) may ask for it.
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Text("退出表单已过期，请刷新页面后重试。 The sign-out form has expired: reload the page and try again.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization().ExcludeFromDescription();

        app.MapGet("/culture", (HttpContext context, TimeProvider clock, string? c, string? redirect) =>
        {
            var culture = Localization.Normalize(c);
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(LocalUrls.OrHome(redirect));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
