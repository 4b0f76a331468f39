using ServiceCoach;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Insights;
using ServiceCoach.Quality;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Benchmarks.Server;

/// <summary>
/// The quality dashboard over a million stored conversations in PostgreSQL. Creates its own
/// database, bulk-loads conversations and scorecards (binary COPY) made from a pool of generated
/// conversations really scored by the engine, fills the three rollup tables with SQL GROUP BY
/// over the stored rows (the sums the scoring jobs' upserts would have made), then times
/// <see cref="QualityDashboard.GetAsync"/> for several filters and drops the database.
/// Usage: dotnet run -c Release --project bench/ServiceCoach.Benchmarks -- dashboard [conversations] [iterations]
/// PostgreSQL: SERVICECOACH_BENCH_POSTGRES (a role that may create databases), default the local test server.
/// SERVICECOACH_BENCH_KEEP_DATABASE=1 keeps the database afterwards, to look at query plans.
/// </summary>
public static class DashboardBenchmark
{
    private const string DefaultServer = "Host=127.0.0.1;Username=servicecoach;Password=servicecoach;Database=postgres";
    private const int Teams = 20;
    private const int AgentsPerTeam = 10;
    private const int Days = 365;

    /// <summary>Distinct generated conversations; each stored row is one of them with its own id, agent, team and day.</summary>
    private const int Pool = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        var server = Environment.GetEnvironmentVariable("SERVICECOACH_BENCH_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;
        var name = $"sc_bench_dashboard_{Guid.NewGuid():N}"[..36];
        // Loading waits on the server for minutes (TOAST compression, indexes, foreign keys): no command timeout.
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ConnectionString;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        try
        {
            await using var services = Services(connectionString);
            await LoadAsync(services, connectionString, count);
            return await MeasureAsync(services, connectionString, iterations);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("SERVICECOACH_BENCH_KEEP_DATABASE") == "1")
            {
                Console.WriteLine($"kept database {name} (SERVICECOACH_BENCH_KEEP_DATABASE=1): drop it when done");
            }
            else
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                Console.WriteLine($"dropped database {name}");
            }
        }
    }

    private static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServiceCoach(new DatabaseSettings(DatabaseProvider.Postgres, connectionString, Path.Combine(Path.GetTempPath(), "servicecoach-bench")));
        return services.BuildServiceProvider();
    }

    private static async Task LoadAsync(ServiceProvider services, string connectionString, int count)
    {
        var total = Stopwatch.StartNew();
        var dbFactory = services.GetRequiredService<IDbContextFactory<ServiceCoachDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // The current model, not the migrations: the benchmark measures queries, not upgrades.
            await db.Database.EnsureCreatedAsync();
            db.Teams.AddRange(Enumerable.Range(1, Teams).Select(t => new Team { Name = $"团队{t:D2}" }));
            await db.SaveChangesAsync();
        }

        var catalog = services.GetRequiredService<StandardCatalog>();
        await catalog.EnsureDefaultAsync();
        var (version, standard) = await catalog.ActiveAsync();
        var teamIds = await TeamIdsAsync(dbFactory);

        // The pool: generated conversations, stored and scored exactly as an import and a scoring job would.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var engine = new QualityEngine(standard);
        var pool = ConversationReader.Read(ConversationGenerator.WriteFile(Pool)).Select(i => i.Conversation!).Select(conversation =>
        {
            var record = conversation.ToRecord(now, null);
            var card = engine.Score(conversation);
            return (Record: record, Card: card, Stored: ScorecardFactory.ToRecord(record, card, version.Id, now, OrganisationTime.Default));
        }).ToArray();

        // Agents are good, mediocre or bad (70/20/10 %), like the generator's conversations: each
        // agent's conversations come mostly from the matching third of the pool by score.
        var byScore = Enumerable.Range(0, Pool).OrderByDescending(i => pool[i].Card.Score).ToArray();
        var random = new Random(20261123);
        var today = DateOnly.FromDateTime(now);
        var rows = new (int Template, int Agent, DateTime Start)[count];
        for (var i = 0; i < count; i++)
        {
            var agent = random.Next(Teams * AgentsPerTeam);
            var tier = agent % 10 < 7 ? 0 : agent % 10 < 9 ? 1 : 2;
            var rank = random.Next(10) < 8 ? (tier * Pool / 3) + random.Next(Pool / 3) : random.Next(Pool);
            var day = today.AddDays(-random.Next(Days)).ToDateTime(TimeOnly.MinValue);
            rows[i] = (byScore[rank], agent, DateTime.SpecifyKind(day.AddSeconds(random.Next(86_400)), DateTimeKind.Utc));
        }

        Console.WriteLine($"pool of {Pool} scored in {total.Elapsed.TotalSeconds:0.0} s; loading {count:N0} conversations…");
        var phase = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY "Conversations" ("Id", "ExternalId", "Channel", "AgentCode", "TeamId", "TeamName", "CustomerId", "CustomerTier", "StartTimeUtc",
                "Category", "Csat", "TurnCount", "DurationMs", "TurnsJson", "ImportedAtUtc") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var (template, agent, start) = rows[i];
                var c = pool[template].Record;
                await copy.StartRowAsync();
                await copy.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
                await copy.WriteAsync($"bench-{i:D7}", NpgsqlDbType.Varchar);
                await copy.WriteAsync((int)c.Channel, NpgsqlDbType.Integer);
                await copy.WriteAsync(AgentCode(agent), NpgsqlDbType.Varchar);
                await copy.WriteAsync(teamIds[agent / AgentsPerTeam], NpgsqlDbType.Integer);
                await copy.WriteAsync($"团队{(agent / AgentsPerTeam) + 1:D2}", NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, c.CustomerId, NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, c.CustomerTier, NpgsqlDbType.Varchar);
                await copy.WriteAsync(start, NpgsqlDbType.TimestampTz);
                await WriteNullableAsync(copy, c.Category, NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, c.Csat, NpgsqlDbType.Integer);
                await copy.WriteAsync(c.TurnCount, NpgsqlDbType.Integer);
                await WriteNullableAsync(copy, c.DurationMs, NpgsqlDbType.Bigint);
                await copy.WriteAsync(c.TurnsJson, NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        Console.WriteLine($"conversations: {phase.Elapsed.TotalSeconds:0.0} s");
        phase.Restart();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY "Scorecards" ("Id", "ConversationId", "StandardVersionId", "Score", "Grade", "Fatal", "EngineScore", "FailedChecks", "EngineJson",
                "ScoredAtUtc", "DayUtc", "AgentCode", "TeamId", "Channel", "Reviewed") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var (template, agent, start) = rows[i];
                var s = pool[template].Stored;
                await copy.StartRowAsync();
                await copy.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
                await copy.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
                await copy.WriteAsync(version.Id, NpgsqlDbType.Integer);
                await copy.WriteAsync(s.Score, NpgsqlDbType.Double);
                await copy.WriteAsync(s.Grade, NpgsqlDbType.Varchar);
                await copy.WriteAsync(s.Fatal, NpgsqlDbType.Boolean);
                await copy.WriteAsync(s.EngineScore, NpgsqlDbType.Double);
                await copy.WriteAsync(s.FailedChecks, NpgsqlDbType.Text);
                await copy.WriteAsync(s.EngineJson, NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(start.Date, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(AgentCode(agent), NpgsqlDbType.Varchar);
                await copy.WriteAsync(teamIds[agent / AgentsPerTeam], NpgsqlDbType.Integer);
                await copy.WriteAsync((int)s.Channel, NpgsqlDbType.Integer);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
            }

            await copy.CompleteAsync();
        }

        Console.WriteLine($"scorecards: {phase.Elapsed.TotalSeconds:0.0} s");
        phase.Restart();

        // Which pool conversation each scorecard is, and that conversation's check outcomes: enough
        // to count check outcomes per day, team and channel in SQL without parsing a million JSONs.
        await ExecuteAsync(connection, "CREATE TEMP TABLE bench_templates (id bigint PRIMARY KEY, template int NOT NULL)");
        await ExecuteAsync(connection, "CREATE TEMP TABLE bench_template_checks (template int NOT NULL, check_id text NOT NULL, outcome int NOT NULL)");
        await using (var copy = await connection.BeginBinaryImportAsync("COPY bench_templates (id, template) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
                await copy.WriteAsync(rows[i].Template, NpgsqlDbType.Integer);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY bench_template_checks (template, check_id, outcome) FROM STDIN (FORMAT BINARY)"))
        {
            for (var t = 0; t < Pool; t++)
            {
                foreach (var check in pool[t].Card.Checks)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(t, NpgsqlDbType.Integer);
                    await copy.WriteAsync(check.Id, NpgsqlDbType.Text);
                    await copy.WriteAsync((int)check.Outcome, NpgsqlDbType.Integer);
                }
            }

            await copy.CompleteAsync();
        }

        await ExecuteAsync(connection, "SET work_mem = '256MB'");

        // In day order, as a live system writes them: each day's rows appear when its conversations are scored.
        await ExecuteAsync(connection, """
            INSERT INTO "DailyAgentRollups" ("DayUtc", "TeamId", "AgentCode", "Channel", "Conversations", "ScoreSum", "Fatal")
            SELECT "DayUtc", COALESCE("TeamId", 0), COALESCE("AgentCode", ''), "Channel", COUNT(*), SUM("Score"), COUNT(*) FILTER (WHERE "Fatal")
            FROM "Scorecards" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """);
        await ExecuteAsync(connection, """
            INSERT INTO "DailyGradeRollups" ("DayUtc", "TeamId", "Channel", "Grade", "Conversations")
            SELECT "DayUtc", COALESCE("TeamId", 0), "Channel", "Grade", COUNT(*)
            FROM "Scorecards" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """);
        await ExecuteAsync(connection, $"""
            INSERT INTO "DailyCheckRollups" ("DayUtc", "TeamId", "Channel", "CheckId", "Passed", "Failed", "NotApplicable")
            SELECT g.day, g.team, g.channel, c.check_id,
                COALESCE(SUM(g.n) FILTER (WHERE c.outcome = {(int)CheckOutcome.Pass}), 0),
                COALESCE(SUM(g.n) FILTER (WHERE c.outcome = {(int)CheckOutcome.Fail}), 0),
                COALESCE(SUM(g.n) FILTER (WHERE c.outcome = {(int)CheckOutcome.Na}), 0)
            FROM (
                SELECT s."DayUtc" AS day, COALESCE(s."TeamId", 0) AS team, s."Channel" AS channel, m.template, COUNT(*) AS n
                FROM "Scorecards" s JOIN bench_templates m ON m.id = s."Id"
                GROUP BY 1, 2, 3, 4) g
            JOIN bench_template_checks c ON c.template = g.template
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """);
        await ExecuteAsync(connection, "VACUUM ANALYZE \"DailyAgentRollups\", \"DailyGradeRollups\", \"DailyCheckRollups\", \"Scorecards\", \"Conversations\"");
        Console.WriteLine($"rollups and VACUUM ANALYZE: {phase.Elapsed.TotalSeconds:0.0} s");
        foreach (var table in new[] { "Conversations", "Scorecards", "DailyAgentRollups", "DailyGradeRollups", "DailyCheckRollups" })
        {
            Console.WriteLine($"  {table}: {await ScalarAsync<long>(connection, $"SELECT COUNT(*) FROM \"{table}\""):N0} rows, {await ScalarAsync<string>(connection, $"SELECT pg_size_pretty(pg_total_relation_size('\"{table}\"'))")}");
        }

        Console.WriteLine($"loaded in {total.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<int> MeasureAsync(ServiceProvider services, string connectionString, int iterations)
    {
        var dashboard = services.GetRequiredService<QualityDashboard>();
        var teamIds = await TeamIdsAsync(services.GetRequiredService<IDbContextFactory<ServiceCoachDbContext>>());
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var supervisor = new Viewer("bench-supervisor", "bench-supervisor", new HashSet<string>([Roles.Supervisor]), null, [teamIds[0], teamIds[1]]);
        (string Name, Viewer Viewer, DashboardFilter Filter)[] cases =
        [
            ("admin, last 8 weeks (default)", Viewer.System, new DashboardFilter()),
            ("admin, last 8 weeks, phone", Viewer.System, new DashboardFilter { Channel = Channel.Phone }),
            ("admin, last 8 weeks, one team", Viewer.System, new DashboardFilter { TeamId = teamIds[3] }),
            ("supervisor of 2 teams, last 8 weeks", supervisor, new DashboardFilter()),
            ("admin, last 52 weeks", Viewer.System, new DashboardFilter { From = today.AddDays(-7 * 52) }),
            ("admin, last 52 weeks, one team, chat", Viewer.System, new DashboardFilter { From = today.AddDays(-7 * 52), TeamId = teamIds[5], Channel = Channel.Chat }),
        ];

        // The figures must be the stored rows' figures: check the default case against the scorecards themselves.
        var check = await dashboard.GetAsync(Viewer.System, new DashboardFilter());
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var from = DateTime.SpecifyKind(check.From.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
            var to = DateTime.SpecifyKind(check.To.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
            await using var command = new NpgsqlCommand("""SELECT COUNT(*), COUNT(*) FILTER (WHERE "Fatal") FROM "Scorecards" WHERE "DayUtc" >= @from AND "DayUtc" < @to""", connection);
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", to);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (conversations, fatal) = (reader.GetInt64(0), reader.GetInt64(1));
            Console.WriteLine($"check: dashboard {check.Totals.Conversations:N0} conversations / {check.Totals.Fatal:N0} fatal; scorecards {conversations:N0} / {fatal:N0}; " +
                $"{check.Checks.Count} checks, {check.WorstAgents.Count} worst agents");
            if (conversations != check.Totals.Conversations || fatal != check.Totals.Fatal)
            {
                Console.WriteLine("MISMATCH between the rollups and the stored scorecards");
                return 1;
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| filter | conversations | p50 ms | p95 ms | max ms |  ({iterations} iterations after 5 warm-up)");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var all = new List<double>();
        foreach (var (name, viewer, filter) in cases)
        {
            var result = await dashboard.GetAsync(viewer, filter);
            for (var i = 0; i < 4; i++)
            {
                await dashboard.GetAsync(viewer, filter);
            }

            var times = new List<double>(iterations);
            for (var i = 0; i < iterations; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await dashboard.GetAsync(viewer, filter);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            all.AddRange(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {result.Totals.Conversations:N0} | {Percentile(times, 0.50):0.0} | {Percentile(times, 0.95):0.0} | {times.Max():0.0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all filters | | {Percentile(all, 0.50):0.0} | {Percentile(all, 0.95):0.0} | {all.Max():0.0} |"));
        return 0;
    }

    private static string AgentCode(int agent) => $"b-{agent:D3}";

    private static async Task<int[]> TeamIdsAsync(IDbContextFactory<ServiceCoachDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return [.. await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).ToListAsync()];
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : class
    {
        if (value is null)
        {
            await copy.WriteNullAsync();
        }
        else
        {
            await copy.WriteAsync(value, type);
        }
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            await copy.WriteAsync(v, type);
        }
        else
        {
            await copy.WriteNullAsync();
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
