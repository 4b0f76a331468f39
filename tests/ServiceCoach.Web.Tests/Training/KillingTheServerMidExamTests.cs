using System.Globalization;
using ServiceCoach.Data;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Training;

/// <summary>
/// "No acknowledged answer is ever lost", tried the hard way: the real server as a child process,
/// learners saving answers over HTTP from two tabs each, SIGKILL at random moments with saves in
/// flight, restart on the same data, and every acknowledged answer checked. A bounded number of
/// cycles here (each restart of the server takes seconds); SERVICECOACH_DURABILITY_CYCLES runs more,
/// and the long run is the benchmark command `durability` (docs/PERFORMANCE.md).
/// </summary>
public sealed class KillingTheServerMidExamTests(ITestOutputHelper output)
{
    private static int Cycles(int byDefault) =>
        Environment.GetEnvironmentVariable("SERVICECOACH_DURABILITY_CYCLES") is { Length: > 0 } configured ? int.Parse(configured, CultureInfo.InvariantCulture) : byDefault;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Sigkill_WithSavesInFlight_LosesNoAcknowledgedAnswer(DatabaseProvider provider)
    {
        TestDatabases.SkipIfUnavailable(provider);
        Assert.True(File.Exists(ServerProcess.Dll), $"Build the web app first: {ServerProcess.Dll}");
        var postgres = provider == DatabaseProvider.Postgres ? await TestDatabases.CreatePostgresDatabaseAsync() : null;
        var dataFolder = Directory.CreateTempSubdirectory("servicecoach-kill-").FullName;
        try
        {
            using var log = new StringWriter(CultureInfo.InvariantCulture);
            var report = await SigkillDurability.RunAsync(
                Cycles(provider == DatabaseProvider.Sqlite ? 6 : 3), learners: 4, dataFolder, postgres, log, cancellationToken: TestContext.Current.CancellationToken);
            output.WriteLine(log.ToString());
            output.WriteLine(report.ToString());

            Assert.True(report.Acknowledged > 0, "No save was acknowledged: the test tried nothing.");
            Assert.True(report.Lost == 0 && report.Refused == 0 && report.Problems.Count == 0, report + "\n" + string.Join('\n', report.Problems));
        }
        finally
        {
            if (postgres is not null)
            {
                await TestDatabases.DropPostgresDatabaseAsync(postgres);
            }

            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
