using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ServiceCoach.Cli;

namespace ServiceCoach.Benchmarks;

/// <summary>
/// Whole-pipeline throughput on one generated file, in one process and one run so the ratios
/// are comparable on a noisy machine: parse only (`conversations validate`), then parse + score
/// (`qa score --format json`) on 1 and 2 threads, through the CLI's own code path.
/// Usage: dotnet run -c Release --project bench/ServiceCoach.Benchmarks -- throughput [conversations] [repeats]
/// </summary>
public static class ThroughputHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var input = ConversationGenerator.WriteFile(count);
        Console.WriteLine($"input: {input} ({new FileInfo(input).Length / 1_048_576.0:0.0} MB, {count} conversations)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

        // Warm-up: JIT and tiered compilation settle before anything is timed.
        await RunCliAsync("conversations", "validate", input);
        await RunCliAsync("qa", "score", input, "--format", "json", "--threads", "2", "--out", Out(0));

        var parse = Best(repeats, () => RunCliAsync("conversations", "validate", input));
        var one = Best(repeats, () => RunCliAsync("qa", "score", input, "--format", "json", "--threads", "1", "--out", Out(1)));
        var two = Best(repeats, () => RunCliAsync("qa", "score", input, "--format", "json", "--threads", "2", "--out", Out(2)));
        var identical = Hash(Out(1)) == Hash(Out(2));

        Console.WriteLine();
        Console.WriteLine($"| measurement | best of {repeats} | conversations/s |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(Row("parse only (conversations validate)", parse, count));
        Console.WriteLine(Row("parse + score, 1 thread (qa score --format json)", one, count));
        Console.WriteLine(Row("parse + score, 2 threads", two, count));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"score(1 thread) / parse-only rate: {parse.TotalSeconds / one.TotalSeconds:0.00} (target ≥ 0.5)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"2 threads / 1 thread: {one.TotalSeconds / two.TotalSeconds:0.00} (target ≥ 1.8)"));
        Console.WriteLine($"output of 1 and 2 threads byte-identical: {identical}");
        return identical ? 0 : 1;
    }

    private static string Out(int n) => Path.Combine(Path.GetTempPath(), $"servicecoach-throughput-{n}.jsonl");

    private static async Task RunCliAsync(params string[] args)
    {
        using var sink = new StringWriter();
        var code = await ServiceCoachCli.RunAsync(args, sink, sink);
        if (code != 0)
        {
            throw new InvalidOperationException($"servicecoach {string.Join(' ', args)} exited with {code}: {sink}");
        }
    }

    private static TimeSpan Best(int repeats, Func<Task> run)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = Stopwatch.StartNew();
            run().GetAwaiter().GetResult();
            clock.Stop();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return best;
    }

    private static string Row(string name, TimeSpan time, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {time.TotalSeconds:0.000} s | {count / time.TotalSeconds:0} |");

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
