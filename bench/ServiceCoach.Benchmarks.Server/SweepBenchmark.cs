using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Benchmarks.Server;

/// <summary>
/// The SLA sweeper over 100,000 open complaints in PostgreSQL. Creates its own database, applies
/// the migrations, bulk-loads open complaints (binary COPY through <see cref="BulkInsert"/>) with
/// their SLA clocks computed by the engine on each team's business calendar — a mix of levels,
/// categories, teams and calendars (the shipped mainland calendar with 调休, a round-the-clock one,
/// a Berlin one with DST); some waiting for the customer (paused), some answered, some already
/// breached and announced by earlier sweeps, some about to breach — then moves the clock forward,
/// runs <see cref="SlaSweeper.SweepAsync"/> twice (the first pass announces what fell due, the second
/// finds nothing new) and checks the first pass against a count made in SQL.
/// Usage: dotnet run -c Release --project bench/ServiceCoach.Benchmarks.Server -- sweep [complaints] [advance-minutes]
/// PostgreSQL: SERVICECOACH_BENCH_POSTGRES, else SERVICECOACH_TEST_POSTGRES, else the local test server.
/// SERVICECOACH_BENCH_KEEP_DATABASE=1 keeps an untouched copy of the load; SERVICECOACH_BENCH_FROM=&lt;that database&gt;
/// measures on a copy of it instead of loading again (before/after on the same data).
/// </summary>
public static class SweepBenchmark
{
    private const string DefaultServer = "Host=127.0.0.1;Username=servicecoach;Password=servicecoach;Database=postgres";
    private const int Teams = 20;
    private const int AgentsPerTeam = 10;
    private const int Chunk = 10_000;

    /// <summary>How far back the open complaints were opened: three days, a weekend included.</summary>
    private static readonly TimeSpan Backlog = TimeSpan.FromHours(72);

    /// <summary>
    /// Monday 7 December 2026, 09:00 in Shanghai: the load's "now". The mainland calendar's working
    /// hours begin, so every weekend complaint's business-hours clocks start together: unanswered
    /// first responses fall due at 09:00:30 and first solutions at 09:05 — the heaviest pass of the week.
    /// </summary>
    private static readonly DateTimeOffset LoadedAt = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    private const string RoundTheClockYaml = """
        id: round-the-clock
        name: 7×24 值班
        timeZone: Asia/Shanghai
        hours:
          monday: 00:00-24:00
          tuesday: 00:00-24:00
          wednesday: 00:00-24:00
          thursday: 00:00-24:00
          friday: 00:00-24:00
          saturday: 00:00-24:00
          sunday: 00:00-24:00
        """;

    private const string BerlinYaml = """
        id: eu-berlin
        name: 欧洲服务台（柏林）
        timeZone: Europe/Berlin
        hours:
          monday: 08:00-18:00
          tuesday: 08:00-18:00
          wednesday: 08:00-18:00
          thursday: 08:00-18:00
          friday: 08:00-18:00
          saturday: 09:00-13:00
          sunday: []
        holidays:
          - {from: 2026-12-24, to: 2026-12-26, name: Weihnachten}
        """;

    private static readonly string[] Descriptions =
    [
        "洗碗机安装后一直漏水，师傅上门两次都没修好，要求退货。",
        "上个月的账单多扣了一笔服务费，客服说会退但一直没到账。",
        "快递显示已签收但我没有收到，联系物流说找不到包裹。",
        "客服态度很差，说话不耐烦还挂我电话，我要投诉这个工号。",
        "新买的手机一直重启，升级系统以后更严重了，错误码 E-1024。",
        "退货申请被拒绝，理由是包装不完整，可是箱子是快递压坏的。",
        "维修拖了三周还没有结果，每次打电话都说在处理。",
        "会员积分莫名其妙清零了，没有任何通知。",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var advance = TimeSpan.FromMinutes(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10);
        var server = Environment.GetEnvironmentVariable("SERVICECOACH_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
            : Environment.GetEnvironmentVariable("SERVICECOACH_TEST_POSTGRES") is { Length: > 0 } test ? test
            : DefaultServer;
        var from = Environment.GetEnvironmentVariable("SERVICECOACH_BENCH_FROM") is { Length: > 0 } kept ? kept : null;
        var name = $"sc_bench_sweep_{Guid.NewGuid():N}"[..32];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ConnectionString;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}");
        var keep = Environment.GetEnvironmentVariable("SERVICECOACH_BENCH_KEEP_DATABASE") == "1";
        string? loadedCopy = null;
        try
        {
            var clock = new BenchClock(LoadedAt);
            if (from is null)
            {
                await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
                await using (var loading = Services(connectionString, clock))
                {
                    await LoadAsync(loading, connectionString, count);
                }

                NpgsqlConnection.ClearAllPools();
                if (keep)
                {
                    // An untouched copy of the load, for measuring another build on the same data (SERVICECOACH_BENCH_FROM).
                    loadedCopy = name + "_loaded";
                    await ExecuteAsync(server, $"CREATE DATABASE \"{loadedCopy}\" TEMPLATE \"{name}\"");
                }
            }
            else
            {
                // The same data as an earlier run: a copy of the database it kept (the original stays as it was).
                await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{from}\"");
                Console.WriteLine($"copied database {from} (loaded {count:N0} complaints by an earlier run)");
            }

            await using var services = Services(connectionString, clock);
            return await MeasureAsync(services, connectionString, clock, count, advance);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            Console.WriteLine($"dropped database {name}");
            if (loadedCopy is not null)
            {
                Console.WriteLine($"kept the loaded database {loadedCopy} (SERVICECOACH_BENCH_KEEP_DATABASE=1): measure another build on it with SERVICECOACH_BENCH_FROM={loadedCopy}, drop it when done");
            }
        }
    }

    private static ServiceProvider Services(string connectionString, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddServiceCoach(new DatabaseSettings(DatabaseProvider.Postgres, connectionString, Path.Combine(Path.GetTempPath(), "servicecoach-bench")));
        return services.BuildServiceProvider();
    }

    private static async Task LoadAsync(ServiceProvider services, string connectionString, int count)
    {
        var total = Stopwatch.StartNew();
        var dbFactory = services.GetRequiredService<IDbContextFactory<ServiceCoachDbContext>>();
        var loadedAt = LoadedAt.UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // The migrations, as a deployed server has them: the benchmark must see the indexes production has.
            await db.Database.MigrateAsync();
        }

        Console.WriteLine($"migrated in {total.Elapsed.TotalSeconds:0.0} s");
        await services.GetRequiredService<StandardCatalog>().EnsureDefaultAsync();
        var desk = services.GetRequiredService<ComplaintDesk>();
        var (version, _, standard) = await desk.StandardAsync();

        // People: per team one supervisor and ten agents; two admins hear about complaints without a team.
        var random = new Random(20261207);
        int[] teamIds;
        var owners = new List<(string Id, string Name)>[Teams];
        var admins = new List<(string Id, string Name)>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            foreach (var role in Roles.All.Where(r => !db.Roles.Any(x => x.Name == r)).ToList())
            {
                db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
            }

            var teams = Enumerable.Range(1, Teams).Select(t => new Team { Name = $"投诉组{t:D2}" }).ToList();
            db.Teams.AddRange(teams);
            db.Set<BusinessCalendarRecord>().AddRange(
                new BusinessCalendarRecord { Id = "round-the-clock", Yaml = RoundTheClockYaml, UpdatedAtUtc = loadedAt, UpdatedBy = "bench" },
                new BusinessCalendarRecord { Id = "eu-berlin", Yaml = BerlinYaml, UpdatedAtUtc = loadedAt, UpdatedBy = "bench" });
            await db.SaveChangesAsync();
            teamIds = [.. teams.Select(t => t.Id)];
            var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
            AppUser User(string userName, int? team)
            {
                var user = new AppUser
                {
                    UserName = userName,
                    NormalizedUserName = userName.ToUpperInvariant(),
                    Email = $"{userName}@bench.example",
                    NormalizedEmail = $"{userName}@BENCH.EXAMPLE",
                    DisplayName = userName,
                    TeamId = team,
                    SecurityStamp = Guid.NewGuid().ToString(),
                    CreatedAtUtc = loadedAt,
                };
                db.Users.Add(user);
                return user;
            }

            for (var t = 0; t < Teams; t++)
            {
                var supervisor = User($"sup-{t + 1:D2}", teamIds[t]);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = supervisor.Id, RoleId = roles[Roles.Supervisor] });
                db.TeamSupervisors.Add(new TeamSupervisor { TeamId = teamIds[t], UserId = supervisor.Id });
                owners[t] = [];
                for (var a = 0; a < AgentsPerTeam; a++)
                {
                    var agent = User($"a-{t + 1:D2}{a:D2}", teamIds[t]);
                    db.UserRoles.Add(new IdentityUserRole<string> { UserId = agent.Id, RoleId = roles[Roles.Agent] });
                    owners[t].Add((agent.Id, agent.UserName!));
                }

                // Calendars: most teams the shipped mainland one, three round the clock, three in Berlin.
                if (t >= 14)
                {
                    db.Set<TeamComplaintSettings>().Add(new TeamComplaintSettings { TeamId = teamIds[t], CalendarId = t < 17 ? "round-the-clock" : "eu-berlin" });
                }

                // Half the teams have a WeCom group robot, a quarter DingTalk too; half e-mail their people.
                if (t < 10)
                {
                    db.Set<TeamNotificationSettings>().Add(new TeamNotificationSettings
                    {
                        TeamId = teamIds[t],
                        EmailEnabled = true,
                        WeComWebhookUrl = $"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bench-{t}",
                        DingTalkWebhookUrl = t < 5 ? $"https://oapi.dingtalk.com/robot/send?access_token=bench-{t}" : null,
                        UpdatedAtUtc = loadedAt,
                        UpdatedBy = "bench",
                    });
                }
            }

            for (var a = 0; a < 2; a++)
            {
                var admin = User($"admin-{a + 1}", null);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = admin.Id, RoleId = roles[Roles.Admin] });
                admins.Add((admin.Id, admin.UserName!));
            }

            await db.SaveChangesAsync();
        }

        var calendars = services.GetRequiredService<ComplaintCalendars>();
        var teamCalendars = new BusinessCalendar[Teams];
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            for (var t = 0; t < Teams; t++)
            {
                teamCalendars[t] = await calendars.ForTeamAsync(db, teamIds[t]);
            }

            if (teamCalendars.Select(c => c.Id).Distinct().Count() != 3)
            {
                throw new InvalidOperationException($"expected three calendars, got {string.Join(", ", teamCalendars.Select(c => c.Id).Distinct())}");
            }
        }

        var shipped = BusinessCalendarLoader.Shipped;
        Console.WriteLine($"{Teams} teams ({Teams * (AgentsPerTeam + 1)} people), calendars {string.Join(", ", teamCalendars.Select(c => c.Id).Distinct())}; loading {count:N0} open complaints…");

        var phase = Stopwatch.StartNew();
        var now = LoadedAt;
        var stats = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string key) => stats[key] = stats.GetValueOrDefault(key) + 1;
        var clockRows = 0;
        var engineTime = TimeSpan.Zero;
        for (var start = 0; start < count; start += Chunk)
        {
            var size = Math.Min(Chunk, count - start);
            var built = Stopwatch.StartNew();
            var complaints = new List<ComplaintRecord>(size);
            var clocksOf = new List<List<SlaClockRecord>>(size);
            var pausesOf = new List<ComplaintPause?>(size);
            for (var i = 0; i < size; i++)
            {
                var noTeam = random.Next(100) < 3;
                var t = random.Next(Teams);
                var calendar = noTeam ? shipped : teamCalendars[t];
                var level = random.Next(100) switch
                {
                    < 80 => standard.Levels[0],
                    < 94 => standard.Levels[1],
                    < 99 => standard.Levels[2],
                    _ => standard.Levels[^1],
                };
                var category = standard.Categories[random.Next(standard.Categories.Count)];
                var created = now - (Backlog * random.NextDouble());
                var owner = noTeam ? admins[random.Next(admins.Count)] : owners[t][random.Next(AgentsPerTeam)];
                var waiting = random.Next(100) < 10;
                var complaint = new ComplaintRecord
                {
                    Title = $"{category.Name}：{Descriptions[random.Next(Descriptions.Length)][..12]}",
                    Description = Descriptions[random.Next(Descriptions.Length)],
                    CustomerId = $"c-{random.Next(60_000):D5}",
                    TierId = random.Next(100) switch { < 5 => "P1", < 25 => "P2", _ => "P3" },
                    Channel = random.Next(3) switch { 0 => "chat", 1 => "phone", _ => "email" },
                    CategoryId = category.Id,
                    OwnerUserId = owner.Id,
                    OwnerName = owner.Name,
                    OwnerAuthority = 1,
                    CreatedByUserId = owner.Id,
                    TeamId = noTeam ? null : teamIds[t],
                    LevelId = level.Id,
                    ComputedLevelId = level.Id,
                    State = waiting ? ComplaintState.Waiting : ComplaintState.Open,
                    FlowId = "lusaf",
                    StandardVersion = version,
                    CreatedAtUtc = created.UtcDateTime,
                    UpdatedAtUtc = created.UtcDateTime,
                };

                var engineStarted = Stopwatch.GetTimestamp();
                ComplaintPause? pause = null;
                PauseInterval[] pauses = [];
                if (waiting)
                {
                    var from = created + ((now - created) * random.NextDouble());
                    pause = new ComplaintPause { FromUtc = from.UtcDateTime };
                    pauses = ClockMath.Pauses([pause]);
                }

                var complaintClocks = ComplaintDesk.NewClocks(standard, level, category, 0, created, calendar).ToList();
                foreach (var c in complaintClocks)
                {
                    // What the owner did so far: most first responses given within two minutes, some
                    // faults handed over, some first solutions offered, updates sent since.
                    DateTimeOffset? stopAt = c.Kind switch
                    {
                        ClockKinds.FirstResponse when random.Next(100) < 85 => created.AddSeconds(random.Next(5, 120)),
                        ClockKinds.TechHandoff when random.Next(100) < 60 => created.AddSeconds(random.Next(60, 900)),
                        ClockKinds.FirstSolution when random.Next(100) < 40 => created.AddSeconds(random.Next(60, 3600)),
                        _ => null,
                    };
                    if (stopAt is { } at && at < now)
                    {
                        ClockMath.Stop(c, pauses, calendar, at);
                        Count("stopped");
                        continue;
                    }

                    if (c.Kind == ClockKinds.Update && random.Next(100) < 70)
                    {
                        ClockMath.Restart(c, pauses, calendar, created + ((now - created) * random.NextDouble()));
                    }

                    ClockMath.Refresh(c, pauses, calendar, now);
                    if (c.DueAtUtc is null)
                    {
                        Count("paused");
                    }
                    else if (c.DueAtUtc <= now.UtcDateTime)
                    {
                        // Late before "now": earlier sweeps announced it and escalated the complaint.
                        c.BreachNotified = true;
                        c.LastBreachAtUtc = c.DueAtUtc;
                        complaint.EscalatedAtUtc = complaint.EscalatedAtUtc is { } e && e < c.DueAtUtc.Value ? e : c.DueAtUtc;
                        Count("already breached (announced)");
                    }
                    else
                    {
                        Count("running, due later");
                    }
                }

                engineTime += Stopwatch.GetElapsedTime(engineStarted);
                complaints.Add(complaint);
                clocksOf.Add(complaintClocks);
                pausesOf.Add(pause);
                Count($"level {level.Id}");
                if (waiting)
                {
                    Count("waiting for the customer");
                }
            }

            var buildTime = built.Elapsed;
            await using var db = await dbFactory.CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BulkInsert.InsertAsync(db, complaints, default);
            var clocks = new List<SlaClockRecord>(size * 5);
            var pauseRows = new List<ComplaintPause>();
            for (var i = 0; i < size; i++)
            {
                foreach (var c in clocksOf[i])
                {
                    c.ComplaintId = complaints[i].Id;
                    clocks.Add(c);
                }

                if (pausesOf[i] is { } p)
                {
                    p.ComplaintId = complaints[i].Id;
                    pauseRows.Add(p);
                }
            }

            await BulkInsert.InsertAsync(db, clocks, default);
            await BulkInsert.InsertAsync(db, pauseRows, default);
            await transaction.CommitAsync();
            clockRows += clocks.Count;
            var done = start + size;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {done,9:N0} / {count:N0} complaints ({100.0 * done / count:0}%), {clockRows:N0} clocks, {done / phase.Elapsed.TotalSeconds:N0} complaints/s (this chunk: build {buildTime.TotalSeconds:0.0} s, COPY {(built.Elapsed - buildTime).TotalSeconds:0.0} s)"));
        }

        Console.WriteLine($"loaded {count:N0} complaints and {clockRows:N0} clocks in {phase.Elapsed.TotalSeconds:0.0} s (engine computing due times: {engineTime.TotalSeconds:0.0} s)");
        foreach (var (key, value) in stats.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {key}: {value:N0}");
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            phase.Restart();
            await ExecuteAsync(connection, "VACUUM ANALYZE");
            Console.WriteLine($"VACUUM ANALYZE: {phase.Elapsed.TotalSeconds:0.0} s");
            foreach (var table in new[] { "Complaints", "SlaClocks", "ComplaintPause" })
            {
                Console.WriteLine($"  {table}: {await ScalarAsync<long>(connection, $"SELECT COUNT(*) FROM \"{table}\""):N0} rows, {await ScalarAsync<string>(connection, $"SELECT pg_size_pretty(pg_total_relation_size('\"{table}\"'))")}");
            }
        }

        Console.WriteLine($"ready in {total.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<int> MeasureAsync(ServiceProvider services, string connectionString, BenchClock clock, int count, TimeSpan advance)
    {
        var sweeper = services.GetRequiredService<SlaSweeper>();
        clock.Now = LoadedAt + advance;
        var at = clock.Now.UtcDateTime;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var (dueClocks, dueComplaints) = await DueAsync(connection, at);
        Console.WriteLine();
        Console.WriteLine($"clock moved {advance.TotalMinutes:0} min to {clock.Now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} (Shanghai): {dueClocks:N0} clocks of {dueComplaints:N0} complaints fell due (counted in SQL)");

        // The plan of the sweeper's claim query, as PostgreSQL runs it on this data (rolled back: nothing stays locked).
        await ExecuteAsync(connection, "BEGIN");
        await using (var explain = new NpgsqlCommand($"""
            EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
            SELECT "Id" AS "Value" FROM "SlaClocks"
            WHERE NOT "BreachNotified" AND "StoppedAtUtc" IS NULL AND "DueAtUtc" < @now
            ORDER BY "DueAtUtc" LIMIT {SlaSweeper.BatchSize}
            FOR UPDATE SKIP LOCKED
            """, connection))
        {
            explain.Parameters.AddWithValue("now", at);
            await using var reader = await explain.ExecuteReaderAsync();
            Console.WriteLine("plan of the claim query (first batch):");
            while (await reader.ReadAsync())
            {
                Console.WriteLine("  " + reader.GetString(0));
            }
        }

        await ExecuteAsync(connection, "ROLLBACK");

        // JIT and EF Core's query compilation are not the sweeper's cost: one pass a minute into the window first.
        clock.Now = LoadedAt + TimeSpan.FromMinutes(1);
        var warmUp = await PassAsync(sweeper, connection, "warm-up pass (+1 min)", count);
        clock.Now = LoadedAt + advance;
        var first = await PassAsync(sweeper, connection, "first pass", count);
        var second = await PassAsync(sweeper, connection, "second pass", count);
        var (leftClocks, _) = await DueAsync(connection, at);
        Console.WriteLine();
        Console.WriteLine("| pass | breaches | complaints escalated | notifications | deliveries queued | DB commands | of which DB s | elapsed s | breaches/s | open complaints/s | allocated MB | peak working set MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in new[] { warmUp, first, second })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.Result.Breaches:N0} | {p.Result.Complaints:N0} | {p.Notifications:N0} | {p.Deliveries:N0} | {p.Commands:N0} | {p.DatabaseTime.TotalSeconds:0.00} | {p.Result.Elapsed.TotalSeconds:0.00} | {p.Result.Breaches / p.Result.Elapsed.TotalSeconds:N0} | {count / p.Result.Elapsed.TotalSeconds:N0} | {p.AllocatedBytes / 1048576.0:N0} | {p.PeakWorkingSet / 1048576.0:N0} |"));
        }

        Console.WriteLine($"process peak working set (load included): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB; load average {LoadAverage()}");
        var announced = warmUp.Result.Breaches + first.Result.Breaches;
        var ok = announced == dueClocks && second.Result.Breaches == 0 && leftClocks == 0;
        Console.WriteLine(ok
            ? $"check: the warm-up and first passes announced exactly the {dueClocks:N0} clocks that fell due; the second pass none; none left"
            : $"MISMATCH: warm-up + first pass {announced:N0} of {dueClocks:N0} due, second {second.Result.Breaches:N0}, {leftClocks:N0} left unannounced");
        return ok ? 0 : 1;
    }

    private sealed record Pass(string Name, SweepResult Result, long Notifications, long Deliveries, long Commands, TimeSpan DatabaseTime, long AllocatedBytes, long PeakWorkingSet);

    private static async Task<Pass> PassAsync(SlaSweeper sweeper, NpgsqlConnection connection, string name, int count)
    {
        var notificationsBefore = await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM \"Notifications\"");
        var deliveriesBefore = await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM \"NotificationDeliveries\"");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var commands = new CommandCounter();
        using var sampler = new PeakSampler();
        Console.WriteLine($"{name}: sweeping {count:N0} open complaints…");
        var result = await sweeper.SweepAsync();
        var peak = sampler.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var notifications = await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM \"Notifications\"") - notificationsBefore;
        var deliveries = await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM \"NotificationDeliveries\"") - deliveriesBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {result.Breaches:N0} breaches on {result.Complaints:N0} complaints in {result.Elapsed.TotalSeconds:0.00} s, {commands.Count:N0} database commands ({commands.Waited.TotalSeconds:0.00} s waiting on them), load average {LoadAverage()}"));
        if (result.Breaches > 0)
        {
            Console.WriteLine($"{name}: where the database time went");
            foreach (var line in commands.Top(8))
            {
                Console.WriteLine("  " + line);
            }
        }

        return new Pass(name, result, notifications, deliveries, commands.Count, commands.Waited, allocated, peak);
    }

    private static async Task<(long Clocks, long Complaints)> DueAsync(NpgsqlConnection connection, DateTime at)
    {
        await using var command = new NpgsqlCommand("""
            SELECT COUNT(*), COUNT(DISTINCT "ComplaintId") FROM "SlaClocks"
            WHERE NOT "BreachNotified" AND "StoppedAtUtc" IS NULL AND "DueAtUtc" < @at
            """, connection);
        command.Parameters.AddWithValue("at", at);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

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

    /// <summary>The harness's clock: the load's "now", then moved forward by hand.</summary>
    private sealed class BenchClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Counts the commands (round trips; a batch is one) Npgsql sends and the time spent waiting on them, from its tracing source.</summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private long _count;
        private long _ticks;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Count, TimeSpan Time)> _byStatement = new(StringComparer.Ordinal);

        public CommandCounter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (!activity.OperationName.Contains("connect", StringComparison.OrdinalIgnoreCase))
                    {
                        Interlocked.Increment(ref _count);
                        Interlocked.Add(ref _ticks, activity.Duration.Ticks);
                        var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
                        var key = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Take(8));
                        _byStatement.AddOrUpdate(key, (1, activity.Duration), (_, v) => (v.Count + 1, v.Time + activity.Duration));
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public long Count => Interlocked.Read(ref _count);

        public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        /// <summary>The statements that took longest in all, by their first words.</summary>
        public IEnumerable<string> Top(int count) => _byStatement.OrderByDescending(s => s.Value.Time).Take(count)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Value.Time.TotalSeconds,7:0.00} s {s.Value.Count,6:N0}×  {s.Key}"));

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Samples the process's working set every 20 ms while a pass runs.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _task;

        public PeakSampler() => _task = Task.Run(async () =>
        {
            var peak = Environment.WorkingSet;
            while (!_stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(20).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return Math.Max(peak, Environment.WorkingSet);
        });

        public long Stop()
        {
            _stop.Cancel();
            return _task.GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
