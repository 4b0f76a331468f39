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

        FirstStart(app.Logger, DemoSeeder.AdminUserName, result.AdminPassword, result.AdminPasswordFile, settings.DataFolder, settings.Provider);
        if (result.DemoUsersFile is not null)
        {
            DemoReady(app.Logger, result.Conversations, result.DemoUsersFile);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First start: created user '{User}' with password {Password} (also written to {File}; shown only this once). Data folder: {Folder}. Database: {Provider}. Sign in at http://127.0.0.1:5080/")]
    private static partial void FirstStart(ILogger logger, string user, string? password, string? file, string folder, DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo organisation: {Count} scored conversations; demo users and their passwords are in {File}.")]
    private static partial void DemoReady(ILogger logger, int count, string file);

    private static Stream OpenSamples() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("ServiceCoach.Web.samples.conversations.jsonl")
        ?? throw new InvalidOperationException("The demo samples are missing from the web assembly.");
}
