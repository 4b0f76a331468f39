using BenchmarkDotNet.Running;
using ServiceCoach.Benchmarks;

if (args.Length > 0 && args[0] == "breakdown")
{
    return StageBreakdown.Run(args);
}

if (args.Length > 0 && args[0] == "conditions")
{
    return ConditionProfile.Run(args);
}

if (args.Length > 0 && args[0] == "throughput")
{
    return await ThroughputHarness.RunAsync(args);
}

if (args.Length > 0 && args[0] == "server-import")
{
    return await ServiceCoach.Benchmarks.Server.ServerImportBenchmark.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ConversationGenerator).Assembly).Run(args);
return 0;
