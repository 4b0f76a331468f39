using System.Diagnostics;
using System.Globalization;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Benchmarks;

/// <summary>
/// Where scoring one conversation spends its time and allocation, per condition of the default
/// standard (each measured when first evaluated, so a condition an anchor needs is counted on
/// its own), plus preparing the text (normalise + phrase automaton) and assembling the scorecard.
/// Usage: ... -- conditions [conversations]
/// </summary>
public static class ConditionProfile
{
    public static int Run(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000;
        var input = ConversationGenerator.WriteFile(count);
        var conversations = ConversationReader.Read(input).Select(i => i.Conversation!).ToList();
        var standard = ShippedStandards.Default;
        var engine = new QualityEngine(standard);
        var conditions = standard.Conditions;
        var ticks = new long[conditions.Length];
        var bytes = new long[conditions.Length];
        long prepareTicks = 0, prepareBytes = 0, scoreTicks = 0, scoreBytes = 0;
        var context = new EvaluationContext();
        for (var pass = 0; pass < 2; pass++)
        {
            Array.Clear(ticks);
            Array.Clear(bytes);
            prepareTicks = prepareBytes = scoreTicks = scoreBytes = 0;
            foreach (var conversation in conversations)
            {
                var a0 = GC.GetAllocatedBytesForCurrentThread();
                var t0 = Stopwatch.GetTimestamp();
                context.Prepare(standard, conversation);
                prepareTicks += Stopwatch.GetTimestamp() - t0;
                prepareBytes += GC.GetAllocatedBytesForCurrentThread() - a0;
                for (var c = 0; c < conditions.Length; c++)
                {
                    a0 = GC.GetAllocatedBytesForCurrentThread();
                    t0 = Stopwatch.GetTimestamp();
                    context.EvaluateCondition(c);
                    ticks[c] += Stopwatch.GetTimestamp() - t0;
                    bytes[c] += GC.GetAllocatedBytesForCurrentThread() - a0;
                }

                a0 = GC.GetAllocatedBytesForCurrentThread();
                t0 = Stopwatch.GetTimestamp();
                engine.Score(conversation);
                scoreTicks += Stopwatch.GetTimestamp() - t0;
                scoreBytes += GC.GetAllocatedBytesForCurrentThread() - a0;
            }
        }

        double Us(long t) => t * 1_000_000.0 / Stopwatch.Frequency / count;
        double Kb(long b) => b / 1024.0 / count;
        Console.WriteLine($"{count} generated conversations, default standard; per conversation:");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"whole Score",-40} {Us(scoreTicks),8:0.0} µs {Kb(scoreBytes),8:0.00} KB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"prepare (normalise + automaton)",-40} {Us(prepareTicks),8:0.0} µs {Kb(prepareBytes),8:0.00} KB"));
        foreach (var c in Enumerable.Range(0, conditions.Length).OrderByDescending(c => ticks[c]))
        {
            var name = $"{conditions[c].Id} ({string.Join(",", conditions[c].Operators.Select(o => o.GetType().DeclaringType?.Name.Replace("Operator", "", StringComparison.Ordinal)))})";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-40} {Us(ticks[c]),8:0.0} µs {Kb(bytes[c]),8:0.00} KB"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"conditions total",-40} {Us(ticks.Sum()),8:0.0} µs {Kb(bytes.Sum()),8:0.00} KB"));
        return 0;
    }
}
