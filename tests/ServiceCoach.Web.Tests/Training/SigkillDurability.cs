using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Training;

namespace ServiceCoach.Web.Tests.Training;

/// <summary>What a run of kill cycles saw.</summary>
/// <param name="Acknowledged">Saves answered 2xx (the answer is then the learner's, whatever happens to the server).</param>
/// <param name="Unanswered">Saves in flight when the server died (no reply: the page keeps and resends them).</param>
/// <param name="Refused">Saves answered with an error while the server was up (should be none).</param>
/// <param name="Lost">Slots whose stored answer was older than one acknowledged before a kill, or not what was sent with its sequence number.</param>
public sealed record DurabilityReport(int Cycles, int Learners, long Acknowledged, long Unanswered, long Refused, int Lost, IReadOnlyList<string> Problems, TimeSpan Elapsed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cycles} SIGKILL cycles, {Learners} learners (2 tabs each): {Acknowledged} saves acknowledged, {Unanswered} in flight at a kill, {Refused} refused, {Lost} acknowledged answers lost ({Elapsed.TotalSeconds:0} s)");
}

/// <summary>
/// Kills the real server (a child process) with SIGKILL at random moments while learners in a
/// running exam save answers over HTTP, restarts it on the same data, and checks that every save
/// acknowledged before the kill is there. Each learner saves from two "tabs" at once, sharing one
/// sequence counter, so saves also arrive out of order. Used by the test (a few cycles) and by the
/// benchmark command <c>durability</c> (the long run).
/// </summary>
public static class SigkillDurability
{
    private const string Bank = """
        ::e1::请写出一句向客户道歉的话。{}

        ::e2::客户情绪激动时，你会怎样安抚？{}

        ::e3::请改写“这不归我管”。{}

        ::e4::说明投诉处理的第一步。{}

        ::e5::如何结束一通电话？{}
        """;

    /// <param name="dataFolder">An empty folder for the server's data (and SQLite database).</param>
    /// <param name="postgres">A fresh PostgreSQL database's connection string, or null for SQLite.</param>
    /// <param name="maxMillisecondsBeforeKill">Once the first save of a cycle is acknowledged, saves run up to this long (at random) before the kill.</param>
    public static async Task<DurabilityReport> RunAsync(
        int cycles, int learners, string dataFolder, string? postgres, TextWriter log, int maxMillisecondsBeforeKill = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        var clock = Stopwatch.StartNew();
        var random = new Random(20261207);
        var problems = new ConcurrentQueue<string>();
        long acknowledged = 0, unanswered = 0, refused = 0;
        var lost = 0;

        var server = await ServerProcess.StartAsync(dataFolder, postgres, cancellationToken: cancellationToken);
        try
        {
            var takers = await SetUpAsync(server, learners, cancellationToken);
            for (var cycle = 1; cycle <= cycles; cycle++)
            {
                var cycleClock = Stopwatch.StartNew();
                server ??= await ServerProcess.StartAsync(dataFolder, postgres, cancellationToken: cancellationToken);
                var started = cycleClock.Elapsed;
                lost += await CheckAsync(server, takers, problems, cancellationToken);
                var checkedAt = cycleClock.Elapsed;

                using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000 };
                using var client = new HttpClient(handler) { BaseAddress = new Uri(server.BaseAddress), Timeout = TimeSpan.FromSeconds(60) };
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var tabs = takers.SelectMany(t => new[] { t, t })
                    .Select((taker, i) => Task.Run(() => SaveLoopAsync(client, taker, new Random(cycle * 1000 + i), flowing, stop.Token), CancellationToken.None)).ToList();

                // The kill comes at a random moment once saves are being acknowledged (the first ones
                // after a start wait for the server's first compilations, longer than a cycle's window).
                try
                {
                    await flowing.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
                }
                catch (TimeoutException)
                {
                    problems.Enqueue($"cycle {cycle}: no save was acknowledged within 2 minutes of the start");
                }

                var firstAck = cycleClock.Elapsed;
                await Task.Delay(random.Next(0, maxMillisecondsBeforeKill + 1), cancellationToken);
                await server.KillAsync();
                await server.DisposeAsync();
                server = null;
                await stop.CancelAsync();
                foreach (var outcome in await Task.WhenAll(tabs))
                {
                    acknowledged += outcome.Acknowledged;
                    unanswered += outcome.Unanswered;
                    refused += outcome.Refused;
                    if (outcome.FirstRefusal is { } refusal)
                    {
                        problems.Enqueue($"cycle {cycle}: {refusal}");
                    }
                }

                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"cycle {cycle}/{cycles}: {acknowledged} acknowledged, {unanswered} in flight at a kill, {refused} refused, {lost} lost so far; started {started.TotalSeconds:0.0} s, checked {checkedAt.TotalSeconds:0.0} s, first save acknowledged {firstAck.TotalSeconds:0.0} s into the cycle ({clock.Elapsed.TotalSeconds:0} s in all)"));
            }

            server = await ServerProcess.StartAsync(dataFolder, postgres, cancellationToken: cancellationToken);
            lost += await CheckAsync(server, takers, problems, cancellationToken);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        return new DurabilityReport(cycles, learners, acknowledged, unanswered, refused, lost, [.. problems.Take(20)], clock.Elapsed);
    }

    /// <summary>A bank of five essays, a published exam without a time limit, and an attempt for each of the first demo agents.</summary>
    private static async Task<IReadOnlyList<Taker>> SetUpAsync(ServerProcess server, int learners, CancellationToken cancellationToken)
    {
        var paperId = await server.CreateExamAsync(Bank, 5, cancellationToken: cancellationToken);
        var agents = server.DemoUsers().Where(u => u.Role == Roles.Agent).Take(learners).ToList();
        if (agents.Count < learners)
        {
            throw new InvalidOperationException($"The demo organisation has {agents.Count} agents, not {learners}.");
        }

        using var client = new HttpClient { BaseAddress = new Uri(server.BaseAddress), Timeout = TimeSpan.FromMinutes(2) };
        var takers = new List<Taker>();
        foreach (var agent in agents)
        {
            var token = await server.TokenAsync(agent.UserName, agent.Password, cancellationToken);
            using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/training/exams/{paperId}/attempts");
            start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var started = await client.SendAsync(start, cancellationToken);
            started.EnsureSuccessStatusCode();
            var attemptId = (await started.Content.ReadFromJsonAsync<StartAttemptResponse>(cancellationToken))!.AttemptId;
            var attempt = await GetAttemptAsync(client, token, attemptId, cancellationToken);
            takers.Add(new Taker(agent.UserName, token, attemptId, [.. attempt.Questions.Select(q => q.Slot)]));
        }

        return takers;
    }

    private static async Task<AttemptResponse> GetAttemptAsync(HttpClient client, string token, long attemptId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/training/attempts/{attemptId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AttemptResponse>(cancellationToken))!;
    }

    /// <summary>The text a save carries: which learner, slot and sequence number, so a stored answer can be traced to its save.</summary>
    private static string Text(Taker taker, int slot, long seq) => string.Create(CultureInfo.InvariantCulture, $"{taker.UserName} 第 {slot} 题 第 {seq} 次保存：非常抱歉给您带来不便。");

    /// <summary>Counts the slots whose stored answer is older than an acknowledged one, or not the text sent with its sequence number.</summary>
    private static async Task<int> CheckAsync(ServerProcess server, IReadOnlyList<Taker> takers, ConcurrentQueue<string> problems, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseAddress), Timeout = TimeSpan.FromMinutes(2) };
        var lost = 0;
        foreach (var taker in takers)
        {
            var attempt = await GetAttemptAsync(client, taker.Token, taker.AttemptId, cancellationToken);
            foreach (var slot in taker.Slots)
            {
                var stored = attempt.Questions.Single(q => q.Slot == slot);
                var acked = taker.Acknowledged.GetValueOrDefault(slot);
                if (stored.Seq < acked || (stored.Seq > 0 && stored.Response?.Text != Text(taker, slot, stored.Seq)))
                {
                    lost++;
                    problems.Enqueue(string.Create(CultureInfo.InvariantCulture,
                        $"{taker.UserName} slot {slot}: acknowledged seq {acked}, stored seq {stored.Seq} \"{stored.Response?.Text}\""));
                }
            }
        }

        return lost;
    }

    /// <summary>One tab: saves one or two answers at a time, as fast as the server answers, until stopped.</summary>
    private static async Task<TabOutcome> SaveLoopAsync(HttpClient client, Taker taker, Random random, TaskCompletionSource flowing, CancellationToken stop)
    {
        long acknowledged = 0, unanswered = 0, refused = 0;
        string? firstRefusal = null;
        while (!stop.IsCancellationRequested)
        {
            var slots = taker.Slots.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
            var answers = slots.Select(slot =>
            {
                var seq = Interlocked.Increment(ref taker.Seq);
                return new AnswerBody(slot, seq, new ExamResponse { Text = Text(taker, slot, seq) });
            }).ToList();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/training/attempts/{taker.AttemptId}/answers");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", taker.Token);
                request.Content = JsonContent.Create(new AnswersBody(answers));
                using var response = await client.SendAsync(request, stop);
                if (!response.IsSuccessStatusCode)
                {
                    refused++;
                    firstRefusal ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}";
                    continue;
                }

                var saved = (await response.Content.ReadFromJsonAsync<SavedBody>(stop))!;
                foreach (var (slot, seq) in saved.Saved)
                {
                    taker.Acknowledge(int.Parse(slot, CultureInfo.InvariantCulture), seq);
                }

                acknowledged++;
                flowing.TrySetResult();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or System.Text.Json.JsonException)
            {
                // The server died with this save in flight: it was never acknowledged (the page
                // keeps such an answer and sends it again). This tab is done until the restart.
                unanswered++;
                break;
            }
        }

        return new TabOutcome(acknowledged, unanswered, refused, firstRefusal);
    }

    private sealed record TabOutcome(long Acknowledged, long Unanswered, long Refused, string? FirstRefusal);

    /// <summary>A learner with an attempt: the sequence counter their tabs share, and per slot the highest sequence number the server acknowledged.</summary>
    private sealed class Taker(string userName, string token, long attemptId, IReadOnlyList<int> slots)
    {
        public long Seq;

        public string UserName { get; } = userName;

        public string Token { get; } = token;

        public long AttemptId { get; } = attemptId;

        public IReadOnlyList<int> Slots { get; } = slots;

        public ConcurrentDictionary<int, long> Acknowledged { get; } = new();

        public void Acknowledge(int slot, long seq) => Acknowledged.AddOrUpdate(slot, seq, (_, old) => Math.Max(old, seq));
    }
}
