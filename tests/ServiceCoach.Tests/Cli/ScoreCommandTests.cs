using System.Text.Json;

namespace ServiceCoach.Tests.Cli;

public sealed class ScoreCommandTests
{
    private static readonly string Samples = RepositoryPaths.Samples("conversations.jsonl");

    [Fact]
    public async Task Score_JsonFormat_WritesOneScorecardPerConversation()
    {
        var run = await CliRun.RunAsync("qa", "score", Samples, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(File.ReadLines(Samples).Count(), lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal("zh-CN.default", root.GetProperty("standard").GetProperty("id").GetString());
            Assert.InRange(root.GetProperty("score").GetDecimal(), 0m, 100m);
            Assert.Contains(root.GetProperty("checks").EnumerateArray(), c => c.GetProperty("id").GetString() == "greeting");
        }
    }

    [Fact]
    public async Task Score_JsonFormat_IsByteIdenticalWhateverTheThreadCount()
    {
        var one = await CliRun.RunAsync("qa", "score", Samples, "--format", "json", "--threads", "1");
        var two = await CliRun.RunAsync("qa", "score", Samples, "--format", "json", "--threads", "2");
        var four = await CliRun.RunAsync("qa", "score", Samples, "--format", "json", "--threads", "4");

        Assert.Equal(one.Out, two.Out);
        Assert.Equal(one.Out, four.Out);
    }

    [Theory]
    [InlineData("md", "# 汇总 · Summary")]
    [InlineData("html", "<section id=\"summary\">")]
    [InlineData("text", "汇总 Summary")]
    public async Task Score_ToFile_WritesTheReportAndLeavesNoPartialFile(string format, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("sc-report-");
        var path = Path.Combine(directory.FullName, "report." + format);
        try
        {
            var run = await CliRun.RunAsync("qa", "score", Samples, "--format", format, "--out", path);

            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains(expected, await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal([path], Directory.GetFiles(directory.FullName));
            Assert.Contains("report written to", run.Error);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Score_FailUnderAboveEveryScore_ExitsWith1()
    {
        var run = await CliRun.RunAsync("qa", "score", Samples, "--format", "json", "--fail-under", "101");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("scored below 101", run.Error);
    }

    [Fact]
    public async Task Score_BadLine_IsReportedScoresTheRestAndExitsWith2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mixed-{Guid.NewGuid():N}.jsonl");
        var good = File.ReadLines(Samples).First();
        await File.WriteAllTextAsync(path, good + "\n{\"id\": \"broken\", \"turns\": [}\n", TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync("qa", "score", path, "--format", "json");

            Assert.Equal(2, run.ExitCode);
            Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(", line 2, column ", run.Error);
            Assert.Contains("2 read, 1 scored, 1 rejected", run.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Score_MissingFile_IsBadInput()
    {
        var run = await CliRun.RunAsync("qa", "score", "/nonexistent/calls.jsonl");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
    }

    [Fact]
    public async Task Score_InvalidThreadCount_IsAUsageError()
    {
        var run = await CliRun.RunAsync("qa", "score", Samples, "--threads", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--threads must be between 1 and 256", run.Error);
    }

    [Fact]
    public async Task ValidateConversations_CountsReadImportedAndRejected()
    {
        var run = await CliRun.RunAsync("conversations", "validate", Samples, RepositoryPaths.Samples("conversations.csv"));

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("51 read, 51 imported, 0 rejected, ", run.Out);
    }
}
