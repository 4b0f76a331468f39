using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;

namespace ServiceCoach.Web;

/// <summary>Small endpoints the pages post to or fetch: sign out, the language switch, review decisions, uploads.</summary>
internal static class PageEndpoints
{
    public static WebApplication MapServiceCoachPages(this WebApplication app)
    {
        app.MapReviewEndpoints();
        app.MapImportEndpoints();

        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).ExcludeFromDescription();

        app.MapGet("/culture", (HttpContext context, TimeProvider clock, string? c, string? redirect) =>
        {
            var culture = c == "en" ? "en" : "zh-CN";
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(redirect is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) ? r : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
