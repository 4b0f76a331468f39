using ServiceCoach;
using ServiceCoach.Data;
using ServiceCoach.Web;
using ServiceCoach.Web.Components;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    // The README's `dotnet run` address; other deployments set ASPNETCORE_URLS.
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

// Serve Blazor's script and our CSS from the build output in every environment (tests run as
// "Testing", not Development); after `dotnet publish` the files sit in wwwroot and this is a no-op.
builder.WebHost.UseStaticWebAssets();

var database = DatabaseSettings.From(builder.Configuration);
builder.Services.AddServiceCoach(database);
builder.Services.AddServiceCoachWeb(builder.Configuration, database);

var app = builder.Build();

await ServiceCoachServices.MigrateAsync(app.Services);
await Startup.SeedAsync(app);

// Machines get application/problem+json for every error, an unexpected one included; people get a page.
static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
if (!app.Environment.IsDevelopment())
{
    // ApiExceptionHandler answers API calls with problem details; pages are re-executed as /error.
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// Behind a reverse proxy (docs/deployment.md): the scheme and client address it forwarded, from trusted proxies only.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseWhen(IsApi, api => api.UseStatusCodePages());
app.UseWhen(context => !IsApi(context), pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
app.UseRequestLocalization(Localization.Options);

// API calls and exam autosaves wait in line for one of the node's working slots before anything
// touches the database, authentication included (RequestAdmission).
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();

app.MapServiceCoachApi();
app.MapServiceCoachPages();
// Our SecurityHeaders already send a stricter frame-ancestors policy than Blazor's default 'self'.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

await app.RunAsync();

/// <summary>Entry point; public so WebApplicationFactory can start the app in tests.</summary>
public partial class Program;
