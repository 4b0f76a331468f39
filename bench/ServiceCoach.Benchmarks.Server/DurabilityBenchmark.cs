using System.Globalization;
using Npgsql;
using ServiceCoach.Web.Tests.Training;

namespace ServiceCoach.Benchmarks.Server;

/// <summary>
/// The long run of the SIGKILL durability test (tests/ServiceCoach.Web.Tests/Training/KillingTheServerMidExamTests):
/// the built web app as a child process, learners saving answers from two tabs each, SIGKILL at a
/// random moment with saves in flight, restart on the same data, every acknowledged answer checked.
/// Usage: durability [cycles=100] [learners=8] [sqlite|postgres] [max-ms-before-kill=1000]
/// PostgreSQL: SERVICECOACH_BENCH_POSTGRES (a role that may create databases; a fresh database is made and dropped).
/// </summary>
internal static class DurabilityBenchmark
{
    private const string DefaultServer = "Host=127.0.0.1;Username=servicecoach;Password=servicecoach;Database=postgres";

    public static async Task<int> RunAsync(string[] args)
    {
        var cycles = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var learners = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        var postgres = args.Length > 3 && args[3] == "postgres";
        var window = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1000;
        var dataFolder = Directory.CreateTempSubdirectory("servicecoach-durability-").FullName;
        var server = Environment.GetEnvironmentVariable("SERVICECOACH_BENCH_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;
        string? database = null;
        if (postgres)
        {
            var name = $"sc_durability_{Guid.NewGuid():N}";
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
            database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        }

        Console.WriteLine($"server: {ServiceCoach.Web.Tests.Infrastructure.ServerProcess.Dll} on {(postgres ? "PostgreSQL" : "SQLite")}, {Environment.ProcessorCount} cores");
        try
        {
            var report = await SigkillDurability.RunAsync(cycles, learners, dataFolder, database, Console.Out, window);
            Console.WriteLine();
            Console.WriteLine(report);
            foreach (var problem in report.Problems)
            {
                Console.WriteLine("  " + problem);
            }

            return report.Lost == 0 && report.Refused == 0 && report.Problems.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (database is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");
            }

            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
