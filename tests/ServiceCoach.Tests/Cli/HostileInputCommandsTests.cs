namespace ServiceCoach.Tests.Cli;

/// <summary>The command line given files written to hurt: it reports them and exits 2, never crashes.</summary>
public sealed class HostileInputCommandsTests
{
    [Fact]
    public async Task StandardValidate_NestingDeepEnoughToOverflowTheStack_ReportsItAndExitsWith2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"deep-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, new string('[', 100_000) + new string(']', 100_000), TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync("standard", "validate", path);

            Assert.Equal(2, run.ExitCode);
            Assert.Matches($@"{Path.GetFileName(path)}:1:\d+: YAML syntax: lists and maps are nested more than 64 levels deep", run.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
