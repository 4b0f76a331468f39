using ServiceCoach.Benchmarks.Server;

if (args.Length > 0 && args[0] == "dashboard")
{
    return await DashboardBenchmark.RunAsync(args);
}

Console.Error.WriteLine("""
    Server benchmarks (PostgreSQL from SERVICECOACH_BENCH_POSTGRES, default the local test server):
      dashboard [conversations=1000000] [iterations=50]   the quality dashboard over stored conversations
    """);
return 2;
