using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Benchmarks.Server;

/// <summary>
/// 2,000 learners taking one exam, driven by wrk (Debian's) against the built server on PostgreSQL:
/// (1) a synchronized start — every learner's POST …/attempts at once; (2) every learner saving an
/// answer every 15 s (PUT …/answers, one connection each); (3) a sweep of save rates on 200
/// connections to find the highest rate whose p99 stays within 100 ms. The learners and their API
/// tokens are written into the database before the run; the wrk scripts are bench/load/exam-*.lua.
/// Usage: exam-load [learners=2000] [save-seconds=60] [sweep-seconds=20]   (bench/load/exam-load.sh builds and runs it)
/// </summary>
internal static class ExamLoadBenchmark
{
    private const string DefaultServer = "Host=127.0.0.1;Username=servicecoach;Password=servicecoach;Database=postgres";

    private const string Bank = """
        ::e1::请写出一句向客户道歉的话。{}

        ::e2::客户情绪激动时，你会怎样安抚？{}

        ::e3::请改写“这不归我管”。{}

        ::e4::说明投诉处理的第一步。{}

        ::e5::如何结束一通电话？{}
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var learners = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var saveSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        var sweepSeconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20;
        var scripts = Path.Combine(RepositoryRoot(), "bench", "load");
        var serverConnection = Environment.GetEnvironmentVariable("SERVICECOACH_BENCH_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;
        var name = $"sc_load_{Guid.NewGuid():N}";
        await ExecuteAsync(serverConnection, $"CREATE DATABASE \"{name}\"");
        var database = new NpgsqlConnectionStringBuilder(serverConnection) { Database = name }.ConnectionString;
        var dataFolder = Directory.CreateTempSubdirectory("servicecoach-load-").FullName;
        var work = Directory.CreateTempSubdirectory("servicecoach-load-files-").FullName;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores (shared), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; server, PostgreSQL and wrk on the same machine");
        try
        {
            await using var server = await ServerProcess.StartAsync(dataFolder, database);
            var paperId = await server.CreateExamAsync(Bank, 5, timeLimitMinutes: 240);
            var settings = DatabaseSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [DatabaseSettings.DataFolderVariable] = dataFolder,
                [DatabaseSettings.PostgresVariable] = database,
            }).Build());
            await using var services = new ServiceCollection().AddLogging().AddServiceCoach(settings).BuildServiceProvider();
            var clock = Stopwatch.StartNew();
            var tokens = await CreateLearnersAsync(services, learners + 5);
            Console.WriteLine($"seeded {tokens.Count} learners with API tokens in {clock.Elapsed.TotalSeconds:0.0} s; exam {paperId}");

            // Five extra learners warm the server up (JIT, pools) on the same endpoints before anything is measured.
            await WarmUpAsync(server.BaseAddress, paperId, tokens.Take(5).Select(t => t.Token));
            var measured = tokens.Skip(5).ToList();
            var startFile = Path.Combine(work, "learners.txt");
            await File.WriteAllLinesAsync(startFile, measured.Select(t => t.Token));

            Console.WriteLine();
            var start = await WrkAsync(server, scripts, "exam-start.lua", server.BaseAddress, learners, 60, [startFile, paperId.ToString(CultureInfo.InvariantCulture), "2", learners.ToString(CultureInfo.InvariantCulture)]);
            Console.WriteLine($"start ({learners} learners at once): {start}");
            Console.WriteLine("  wrk: " + start.Line);

            await using (var scope = services.CreateAsyncScope())
            await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync())
            {
                var attempts = await db.ExamAttempts.Where(a => a.PaperId == paperId).ToDictionaryAsync(a => a.UserId, a => a.Id);
                var missing = measured.Count(t => !attempts.ContainsKey(t.UserId));
                Console.WriteLine($"attempts started: {attempts.Count - 5} of {learners} ({missing} missing)");
                await File.WriteAllLinesAsync(startFile, measured.Where(t => attempts.ContainsKey(t.UserId))
                    .Select(t => t.Token + " " + attempts[t.UserId].ToString(CultureInfo.InvariantCulture)));
            }

            var saves = await WrkAsync(server, scripts, "exam-save.lua", server.BaseAddress, learners, saveSeconds, [startFile, "2", "15000", learners.ToString(CultureInfo.InvariantCulture)]);
            Console.WriteLine($"saves ({learners} learners, one save every 15 s each, {saveSeconds} s): {saves}");
            Console.WriteLine("  wrk: " + saves.Line);

            Console.WriteLine();
            Console.WriteLine("| connections | mean gap per connection | saves/s | p50 ms | p95 ms | p99 ms | errors | CPU ms per save: server + PostgreSQL |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            double best = 0;
            foreach (var gap in new[] { 6000, 3000, 1500, 750, 400, 200, 100, 50, 25 })
            {
                var r = await WrkAsync(server, scripts, "exam-save.lua", server.BaseAddress, 200, sweepSeconds, [startFile, "2", gap.ToString(CultureInfo.InvariantCulture), "200"]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 200 | {gap} ms | {r.Rate:0} | {r.P50:0.0} | {r.P95:0.0} | {r.P99:0.0} | {r.Errors} | {r.ServerCpuMs:0.00} + {r.PostgresCpuMs:0.00} |"));
                if (r.P99 <= 100 && r.Errors == 0)
                {
                    best = Math.Max(best, r.Rate);
                }
                else
                {
                    break;
                }
            }

            Console.WriteLine();
            if (start.Errors + saves.Errors > 0)
            {
                Console.WriteLine("the server's last lines of output:\n" + server.LastOutput());
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"highest save rate sustained with p99 ≤ 100 ms and no errors: {best:0}/s ({learners} learners saving every 15 s need {learners / 15.0:0}/s)"));
            return start.Errors == 0 && saves.Errors == 0 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(serverConnection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            Directory.Delete(dataFolder, recursive: true);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Agents written straight into the database (the admin's page would take a while for 2,000), each with an API token.</summary>
    private static async Task<List<(string UserId, string Token)>> CreateLearnersAsync(IServiceProvider services, int count)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ServiceCoachDbContext>>();
        var run = Guid.NewGuid().ToString("N")[..6];
        await using (var db = await factory.CreateDbContextAsync())
        {
            var agentRole = await db.Roles.Where(r => r.Name == Roles.Agent).Select(r => r.Id).SingleAsync();
            for (var i = 0; i < count; i++)
            {
                var userName = string.Create(CultureInfo.InvariantCulture, $"load-{run}-{i:0000}");
                var user = new AppUser
                {
                    UserName = userName,
                    NormalizedUserName = userName.ToUpperInvariant(),
                    DisplayName = string.Create(CultureInfo.InvariantCulture, $"学员 {i + 1}"),
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    ConcurrencyStamp = Guid.NewGuid().ToString(),
                    EmailConfirmed = true,
                    CreatedAtUtc = TimeProvider.System.GetUtcNow().UtcDateTime,
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = agentRole });
            }

            await db.SaveChangesAsync();
        }

        var tokens = services.GetRequiredService<ApiTokens>();
        await using var read = await factory.CreateDbContextAsync();
        var ids = await read.Users.Where(u => u.UserName!.StartsWith("load-" + run)).OrderBy(u => u.UserName).Select(u => u.Id).ToListAsync();
        var result = new List<(string, string)>();
        foreach (var id in ids)
        {
            result.Add((id, (await tokens.CreateAsync(id, "exam-load", null)).Token));
        }

        return result;
    }

    private static async Task WarmUpAsync(string baseAddress, int paperId, IEnumerable<string> tokens)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseAddress) };
        foreach (var token in tokens)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var started = await client.PostAsync(new Uri($"/api/v1/training/exams/{paperId}/attempts", UriKind.Relative), null);
            started.EnsureSuccessStatusCode();
            var attempt = (await started.Content.ReadFromJsonAsync<ServiceCoach.Web.Training.StartAttemptResponse>())!.AttemptId;
            for (var seq = 1; seq <= 200; seq++)
            {
                using var saved = await client.PutAsJsonAsync(new Uri($"/api/v1/training/attempts/{attempt}/answers", UriKind.Relative),
                    new { answers = new[] { new { slot = seq % 5, seq, response = new { text = "预热" } } } });
                saved.EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>A phase's figures; the CPU milliseconds per request (server process, all PostgreSQL processes) hold on a busy machine, where latencies do not.</summary>
    private sealed record WrkResult(long Requests, long Errors, double P50, double P95, double P99, double Max, double Rate, string Line, double ServerCpuMs, double PostgresCpuMs)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Requests} requests, {Errors} errors, p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms, {Rate:0.0}/s; CPU per request: server {ServerCpuMs:0.00} ms + PostgreSQL {PostgresCpuMs:0.00} ms");
    }

    private static async Task<WrkResult> WrkAsync(ServerProcess server, string scripts, string script, string url, int connections, int seconds, string[] scriptArgs)
    {
        var start = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{seconds}s", "--timeout", "30s", "-s", Path.Combine(scripts, script), url, "--", .. scriptArgs])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var serverCpu = Process.GetProcessById(server.ProcessId).TotalProcessorTime;
        var postgresCpu = PostgresCpu();
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("Install wrk (apt-get install wrk).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("wrk printed no result:\n" + output);
        var values = line["RESULT ".Length..].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        var errors = (long)(values["non200"] + values["connect"] + values["read"] + values["write"] + values["timeout"]);
        var requests = Math.Max(1, values["requests"]);
        var serverMs = (Process.GetProcessById(server.ProcessId).TotalProcessorTime - serverCpu).TotalMilliseconds / requests;
        var postgresMs = (PostgresCpu() - postgresCpu).TotalMilliseconds / requests;
        return new WrkResult((long)values["requests"], errors, values["p50"], values["p95"], values["p99"], values["max"], values["rate"], line, serverMs, postgresMs);
    }

    /// <summary>User + system time of every process named postgres (a local server), from /proc; zero elsewhere.</summary>
    private static TimeSpan PostgresCpu()
    {
        long ticks = 0;
        foreach (var folder in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc").Where(f => Path.GetFileName(f).All(char.IsAsciiDigit)) : [])
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return TimeSpan.FromMilliseconds(ticks * 10.0);
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServiceCoach.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run from the repository's build output.");
    }
}
