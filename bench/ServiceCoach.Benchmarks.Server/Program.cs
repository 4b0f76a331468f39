using ServiceCoach.Benchmarks.Server;

if (args.Length > 0 && args[0] == "dashboard")
{
    return await DashboardBenchmark.RunAsync(args);
}

if (args.Length > 0 && args[0] == "sweep")
{
    return await SweepBenchmark.RunAsync(args);
}

if (args.Length > 0 && args[0] == "exam-load")
{
    return await ExamLoadBenchmark.RunAsync(args);
}

if (args.Length > 0 && args[0] == "durability")
{
    return await DurabilityBenchmark.RunAsync(args);
}

Console.Error.WriteLine("""
    Server benchmarks (PostgreSQL from SERVICECOACH_BENCH_POSTGRES, default the local test server):
      dashboard [conversations=1000000] [iterations=50]   the quality dashboard over stored conversations
      sweep [complaints=100000] [advance-minutes=60]      the SLA sweeper's passes over open complaints
      durability [cycles=100] [learners=8] [sqlite|postgres] [max-ms-before-kill=1000]
                                                          SIGKILL the real server during an exam, count acknowledged answers lost
      exam-load [learners=2000] [save-seconds=60] [sweep-seconds=20]
                                                          wrk (bench/load/exam-*.lua): synchronized exam start, 15 s autosaves, save-rate sweep
    """);
return 2;
