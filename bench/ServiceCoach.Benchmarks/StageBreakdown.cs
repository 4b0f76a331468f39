using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Benchmarks;

/// <summary>
/// Times each stage of scoring on its own (parse, score, serialise) on one thread, to see where
/// the pipeline spends its time. Usage: ... -- breakdown [conversations]
/// </summary>
public static class StageBreakdown
{
    public static int Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var input = ConversationGenerator.WriteFile(count);
        var engine = new QualityEngine(ShippedStandards.Default);

        List<Conversation> conversations = [];
        var parse = Time(() => conversations = [.. ConversationReader.Read(input).Select(i => i.Conversation!)]);
        var scoreOnly = Time(() =>
        {
            foreach (var conversation in conversations)
            {
                engine.Score(conversation);
            }
        });
        List<Scorecard> cards = [];
        var score = Time(() => cards = [.. conversations.Select(engine.Score)]);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        long bytes = 0;
        var serialise = Time(() =>
        {
            foreach (var card in cards)
            {
                buffer.ResetWrittenCount();
                ScorecardJson.Write(buffer, card);
                bytes += buffer.WrittenCount;
            }
        });

        // The same stages interleaved per conversation, as the pipeline runs them, nothing retained.
        long parseTicks = 0, scoreTicks = 0, jsonTicks = 0;
        var streaming = Time(() =>
        {
            parseTicks = scoreTicks = jsonTicks = 0;
            var json = new ArrayBufferWriter<byte>(1 << 16);
            using var file = File.OpenRead(input);
            foreach (var batch in ImportBatch.Read(file, Path.GetFileName(input)))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var item = batch.Parse(i);
                    var t1 = Stopwatch.GetTimestamp();
                    var card = engine.Score(item.Conversation!);
                    var t2 = Stopwatch.GetTimestamp();
                    json.ResetWrittenCount();
                    ScorecardJson.Write(json, card);
                    var t3 = Stopwatch.GetTimestamp();
                    parseTicks += t1 - t0;
                    scoreTicks += t2 - t1;
                    jsonTicks += t3 - t2;
                }

                batch.Release();
            }
        });
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"streaming {streaming.TotalMilliseconds,8:0} ms  {count / streaming.TotalSeconds,8:0}/s  = parse {Ms(parseTicks):0} ms + score {Ms(scoreTicks):0} ms + json {Ms(jsonTicks):0} ms + rest"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse     {parse.TotalMilliseconds,8:0} ms  {count / parse.TotalSeconds,8:0}/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"score     {scoreOnly.TotalMilliseconds,8:0} ms  {count / scoreOnly.TotalSeconds,8:0}/s  (results discarded)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"score     {score.TotalMilliseconds,8:0} ms  {count / score.TotalSeconds,8:0}/s  (results kept, as a list)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serialise {serialise.TotalMilliseconds,8:0} ms  {count / serialise.TotalSeconds,8:0}/s  ({bytes / (double)count:0} bytes per scorecard)"));
        return 0;
    }

    private static TimeSpan Time(Action action)
    {
        action(); // warm-up pass
        GC.Collect();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var collections = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        action();
        var elapsed = clock.Elapsed;
        Console.Write(string.Create(CultureInfo.InvariantCulture, $"[{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1_048_576.0,8:0.0} MB allocated, {GC.CollectionCount(0) - collections} gen0] "));
        return elapsed;
    }
}
