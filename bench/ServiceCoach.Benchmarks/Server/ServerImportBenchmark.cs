using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;

namespace ServiceCoach.Benchmarks.Server;

/// <summary>
/// Import + scoring through the real server into PostgreSQL. Starts the built web app
/// (src/ServiceCoach.Web) as its own process on a fresh database, signs in for an API token,
/// streams a generated JSON Lines file to POST /api/v1/conversations (the body is saved to the
/// data folder and imported by the same ConversationImport the import page runs) and follows
/// GET /api/v1/imports/{id} until the node's scoring worker has finished every job.
/// Three measurements, each on its own fresh database:
/// import alone (scoring worker off), scoring alone (a node with the worker on, started on the
/// imported database), and end to end (one node, scoring while the import goes, as in
/// production). Every node is warmed up on other conversations before anything is timed.
/// Usage: server-import [conversations=50000] [repeats=1] (each figure is the best of the repeats)
/// Database server: SERVICECOACH_BENCH_POSTGRES (a role that may create databases).
/// Diagnostics: SC_BENCH_SQL=1 makes the server log every SQL command with its duration;
/// SC_BENCH_PERF=1 makes it write perf maps, so `perf record -g -- dotnet … server-import` names JIT-compiled frames.
/// </summary>
public static class ServerImportBenchmark
{
    public const string Variable = "SERVICECOACH_BENCH_POSTGRES";
    private const string DefaultServer = "Host=127.0.0.1;Username=servicecoach;Password=servicecoach;Database=postgres";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : DefaultServer;
        var input = ConversationGenerator.WriteFile(count);
        Console.WriteLine($"input: {input} ({new FileInfo(input).Length / 1_048_576.0:0.0} MB, {count} conversations)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; PostgreSQL on the same machine");
        Console.WriteLine($"server: {WebApp.Dll}");

        // Each node first imports and scores a small file of other conversations, so what is
        // measured runs JIT-compiled (tiered, with PGO) code, as on a server that has been up a while.
        var warmUp = WarmUpFile();

        var import = TimeSpan.MaxValue;
        var scoring = TimeSpan.MaxValue;
        var together = TimeSpan.MaxValue;
        for (var run = 0; run < repeats; run++)
        {
            var (i, s, t) = await MeasureAsync(server, input, warmUp, count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: import {i.TotalSeconds:0.00} s, scoring {s.TotalSeconds:0.00} s, end to end {t.TotalSeconds:0.00} s"));
            (import, scoring, together) = (Min(import, i), Min(scoring, s), Min(together, t));
        }

        Console.WriteLine();
        Console.WriteLine($"| measurement (best of {repeats}) | time | conversations/s |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(Row("import alone: POST /api/v1/conversations (upload, parse, insert, queue jobs)", import, count));
        Console.WriteLine(Row("scoring alone: one node's scoring worker, from the first job of the import to the last", scoring, count));
        Console.WriteLine(Row("end to end: one node, scoring while importing, until every job is done", together, count));
        Console.WriteLine();
        var rate = count / together.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target ≥ 10,000 conversations/s end to end: {(rate >= 10_000 ? "met" : "not met")} ({rate:0}/s)"));
        return 0;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>One run of the three measurements, each on fresh databases and nodes.</summary>
    private static async Task<(TimeSpan Import, TimeSpan Scoring, TimeSpan Together)> MeasureAsync(string server, string input, string warmUp, int count)
    {
        TimeSpan import, scoring, together;
        await using (var database = await Database.CreateAsync(server))
        {
            long importId, warmId;
            await using (var app = await WebApp.StartAsync(database, scoringWorker: false))
            {
                warmId = await app.ImportAsync(warmUp);
                var clock = Stopwatch.StartNew();
                importId = await app.ImportAsync(input);
                import = clock.Elapsed;
            }

            await using (var app = await WebApp.StartAsync(database, scoringWorker: true))
            {
                // Jobs run in order: the warm-up's first, then the measured import's.
                await app.WaitForScoringAsync(warmId);
                var clock = Stopwatch.StartNew();
                await app.WaitForScoringAsync(importId);
                scoring = clock.Elapsed;
                await database.VerifyAsync(importId, count);
            }
        }

        await using (var database = await Database.CreateAsync(server))
        await using (var app = await WebApp.StartAsync(database, scoringWorker: true))
        {
            await app.WaitForScoringAsync(await app.ImportAsync(warmUp));
            var clock = Stopwatch.StartNew();
            var importId = await app.ImportAsync(input);
            await app.WaitForScoringAsync(importId);
            together = clock.Elapsed;
            await database.VerifyAsync(importId, count);
        }

        return (import, scoring, together);
    }

    /// <summary>2,000 generated conversations with ids of their own ("warm-…"), so they never count as duplicates of the measured file.</summary>
    private static string WarmUpFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "servicecoach-server-import-warm-up.jsonl");
        if (!File.Exists(path))
        {
            File.WriteAllLines(path, ConversationGenerator.JsonLines(2_000, seed: 7).Select(line => line.Replace("\"id\":\"gen-", "\"id\":\"warm-", StringComparison.Ordinal)));
        }

        return path;
    }

    private static string Row(string name, TimeSpan time, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {time.TotalSeconds:0.00} s | {count / time.TotalSeconds:0} |");

    /// <summary>A fresh PostgreSQL database and the data folder of the nodes that use it, both removed afterwards.</summary>
    private sealed class Database : IAsyncDisposable
    {
        private readonly string _server;

        private Database(string server, string name)
        {
            _server = server;
            Name = name;
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        }

        public string Name { get; }

        /// <summary>Shared by every node on this database (the admin password file is written by the first).</summary>
        public string DataFolder { get; } = Directory.CreateTempSubdirectory("servicecoach-bench-").FullName;

        public string ConnectionString { get; }

        public static async Task<Database> CreateAsync(string server)
        {
            var database = new Database(server, $"sc_bench_{Guid.NewGuid():N}");
            await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database.Name}\"");
            return database;
        }

        /// <summary>Everything imported and scored exactly once, with rollups counting every scorecard.</summary>
        public async Task VerifyAsync(long importId, int count)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            async Task<long> ScalarAsync(string sql)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddWithValue("import", importId);
                return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }

            var conversations = await ScalarAsync("""SELECT count(*) FROM "Conversations" WHERE "ImportId" = @import""");
            var scorecards = await ScalarAsync("""SELECT count(*) FROM "Scorecards" s JOIN "Conversations" c ON c."Id" = s."ConversationId" WHERE c."ImportId" = @import""");
            var allScorecards = await ScalarAsync("""SELECT count(*) FROM "Scorecards" WHERE @import > 0""");
            var rolledUp = await ScalarAsync("""SELECT coalesce(sum("Conversations"), 0) FROM "DailyAgentRollups" WHERE @import > 0""");
            var graded = await ScalarAsync("""SELECT coalesce(sum("Conversations"), 0) FROM "DailyGradeRollups" WHERE @import > 0""");
            var queued = await ScalarAsync("""SELECT count(*) FROM "ReviewItems" r JOIN "Scorecards" s ON s."Id" = r."ScorecardId" JOIN "Conversations" c ON c."Id" = s."ConversationId" WHERE c."ImportId" = @import""");
            var open = await ScalarAsync("""SELECT count(*) FROM "ScoringJobs" WHERE "State" <> 2 AND @import > 0""");
            Console.WriteLine($"check: {conversations} conversations, {scorecards} scorecards, rollups {rolledUp}/{graded} of {allScorecards}, {queued} queued for review, {open} jobs open");
            if (conversations != count || scorecards != count || rolledUp != allScorecards || graded != allScorecards || open != 0)
            {
                throw new InvalidOperationException("The database does not hold what was imported and scored.");
            }
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
            Directory.Delete(DataFolder, recursive: true);
        }

        private async Task ExecuteOnServerAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The built web app as its own process (demo organisation on: its teams and sampling rules apply).</summary>
    private sealed class WebApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _dataFolder;
        private readonly HttpClient _client;

        private WebApp(Process process, string dataFolder, HttpClient client)
        {
            _process = process;
            _dataFolder = dataFolder;
            _client = client;
        }

        /// <summary>src/ServiceCoach.Web's Release build (the benchmark project builds it first).</summary>
        public static string Dll { get; } = Path.Combine(RepositoryRoot(), "src", "ServiceCoach.Web", "bin", "Release", "net10.0", "ServiceCoach.Web.dll");

        public static async Task<WebApp> StartAsync(Database database, bool scoringWorker, bool waitUntilReady = true)
        {
            var dataFolder = database.DataFolder;
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [Dll])
            {
                WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "ServiceCoach.Web"),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["SERVICECOACH_DATA"] = dataFolder;
            start.Environment["SERVICECOACH_POSTGRES"] = database.ConnectionString;
            start.Environment["ServiceCoach__RunScoringWorker"] = scoringWorker ? "true" : "false";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            if (Environment.GetEnvironmentVariable("SC_BENCH_SQL") is { Length: > 0 }) { start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information"; }
            if (Environment.GetEnvironmentVariable("SC_BENCH_PERF") is { Length: > 0 }) { start.Environment["DOTNET_PerfMapEnabled"] = "1"; }
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
            process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine("server: " + line); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine("server: " + line); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
            var app = new WebApp(process, dataFolder, client);
            if (waitUntilReady)
            {
                await app.ReadyAsync();
            }

            return app;
        }

        /// <summary>Streams the file to the import API; returns the import's id once it is imported.</summary>
        public async Task<long> ImportAsync(string path)
        {
            await ReadyAsync();
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var content = new StreamContent(file, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await _client.PostAsync(new Uri("/api/v1/conversations", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            var outcome = (await response.Content.ReadFromJsonAsync<ImportBody>())!;
            return outcome.ImportId;
        }

        /// <summary>Polls the import until it has finished and every one of its scoring jobs is done.</summary>
        public async Task WaitForScoringAsync(long importId)
        {
            await ReadyAsync();
            while (true)
            {
                var status = (await _client.GetFromJsonAsync<ImportStatusBody>(new Uri($"/api/v1/imports/{importId}", UriKind.Relative)))!;
                if (status.ScoringJobsFailed > 0)
                {
                    throw new InvalidOperationException($"{status.ScoringJobsFailed} scoring jobs failed.");
                }

                if (status.State != "running" && status.ScoringJobsDone == status.ScoringJobs)
                {
                    return;
                }

                // Often enough for the figures, rarely enough not to take CPU from the node.
                await Task.Delay(100);
            }
        }

        /// <summary>Waits for /health, then signs in as the admin for an API token (once).</summary>
        private async Task ReadyAsync()
        {
            if (_client.DefaultRequestHeaders.Authorization is not null)
            {
                return;
            }

            for (var attempt = 0; ; attempt++)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The server exited with {_process.ExitCode}.");
                }

                try
                {
                    using var health = await _client.GetAsync(new Uri("/health", UriKind.Relative));
                    if (health.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (attempt < 1200)
                {
                }

                await Task.Delay(50);
            }

            var password = (await File.ReadAllTextAsync(Path.Combine(_dataFolder, "initial-admin-password.txt"))).Trim();
            using var response = await _client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username = "admin", password });
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<TokenBody>())!.Token;
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
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

            throw new InvalidOperationException("Run the benchmark from the repository's build output.");
        }

        private sealed record TokenBody(string Token);

        private sealed record ImportBody(long ImportId, int Read, int Imported, int Duplicates, int Rejected);

        private sealed record ImportStatusBody(long Id, string State, int ScoringJobs, int ScoringJobsDone, int ScoringJobsFailed);
    }
}
