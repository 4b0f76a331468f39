using System.Reflection;
using ServiceCoach.Data;

namespace ServiceCoach.Web;

/// <summary>First-start work: the admin account and, unless turned off, the demo organisation.</summary>
internal static partial class Startup
{
    public static async Task SeedAsync(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        var demo = app.Configuration.GetValue("ServiceCoach:SeedDemoData", true);
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var result = await seeder.SeedAsync(settings.DataFolder, demo ? OpenSamples : null);
        await app.Services.GetRequiredService<ServiceCoach.Training.TrainingSeeder>().SeedAsync(demo && result.Seeded);
        if (!result.Seeded)
        {
            return;
        }

        FirstStart(app.Logger, DemoSeeder.AdminUserName, result.AdminPassword, result.AdminPasswordFile, settings.DataFolder, settings.Provider, SignInAddress(app.Configuration["urls"]));
        if (result.DemoUsersFile is not null)
        {
            DemoReady(app.Logger, result.Conversations, result.DemoUsersFile);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First start: created user '{User}' with password {Password} (also written to {File}; shown only this once). Data folder: {Folder}. Database: {Provider}. Sign in at {Address}")]
    private static partial void FirstStart(ILogger logger, string user, string? password, string? file, string folder, DatabaseProvider provider, string address);

    /// <summary>
    /// Where to sign in, from the addresses the server listens on (--urls, ASPNETCORE_URLS or the
    /// default): the first one, with a wildcard host shown as localhost.
    /// </summary>
    internal static string SignInAddress(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:5080";
        foreach (var wildcard in new[] { "://0.0.0.0", "://*", "://+", "://[::]" })
        {
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        return first.EndsWith('/') ? first : first + "/";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo organisation: {Count} scored conversations; demo users and their passwords are in {File}.")]
    private static partial void DemoReady(ILogger logger, int count, string file);

    private static Stream OpenSamples() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("ServiceCoach.Web.samples.conversations.jsonl")
        ?? throw new InvalidOperationException("The demo samples are missing from the web assembly.");
}
