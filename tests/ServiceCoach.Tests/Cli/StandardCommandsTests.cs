namespace ServiceCoach.Tests.Cli;

public sealed class StandardCommandsTests
{
    [Fact]
    public async Task Validate_ShippedStandard_SucceedsAndCountsWhatItHas()
    {
        var run = await CliRun.RunAsync("standard", "validate", RepositoryPaths.DefaultStandard);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("OK zh-CN.default.yaml: 默认客户服务标准 (zh-CN.default ", run.Out);
        Assert.Contains(" checks, ", run.Out);
    }

    [Fact]
    public async Task Validate_BrokenStandard_ListsProblemsWithLocationAndExitsWith2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, File.ReadAllText(RepositoryPaths.DefaultStandard).Replace("lexicons: [salutation]}", "lexicons: [salutaton]}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync("standard", "validate", path);

            Assert.Equal(2, run.ExitCode);
            Assert.Matches($@"{Path.GetFileName(path)}:\d+:\d+: Operator 'phrase' in condition 'agent-greets' refers to lexicon 'salutaton', which is not defined. Did you mean 'salutation'\?", run.Error);
            Assert.DoesNotContain("   at ", run.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Show_WithoutFile_PrintsTheShippedStandardReadably()
    {
        var run = await CliRun.RunAsync("standard", "show");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("默认客户服务标准", run.Out);
        Assert.Contains("negative-phrasing", run.Out);
        Assert.Contains("投诉处理 L-U-A-S-F [lusaf]: 倾听与安抚 → 确认与澄清 → 道歉与承诺 → 解决与行动 → 跟进与回访", run.Out);
    }

    [Fact]
    public async Task Validate_MissingFile_IsAProblemWithExitCode2NotAStackTrace()
    {
        var run = await CliRun.RunAsync("standard", "validate", "/nonexistent/standard.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Cannot read the file", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task UnknownOption_IsAUsageErrorWithExitCode2()
    {
        var run = await CliRun.RunAsync("standard", "validate", RepositoryPaths.DefaultStandard, "--colour");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("servicecoach --help", run.Error);
    }
}
