using System.Text.Json;

namespace ServiceCoach.Tests.Cli;

public sealed class PracticeCommandsTests
{
    private static string ScenariosDir => Path.Combine(RepositoryPaths.Root, "scenarios");

    [Fact]
    public async Task ScenariosValidate_TheShippedDirectory_SaysOkWithTheCount()
    {
        var run = await CliRun.RunAsync("scenarios", "validate", ScenariosDir);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"^OK \d+ scenario\(s\): ", run.Out);
    }

    [Fact]
    public async Task ScenariosValidate_ABrokenFile_GivesFileLineColumn_AndExits2()
    {
        var dir = Directory.CreateTempSubdirectory("scenarios-");
        try
        {
            var yaml = await File.ReadAllTextAsync(Path.Combine(ScenariosDir, "complaint-angry-late-parcel.yaml"), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "broken.yaml"), yaml.Replace("difficulty:", "dificulty:", StringComparison.Ordinal), TestContext.Current.CancellationToken);

            var run = await CliRun.RunAsync("scenarios", "validate", dir.FullName);

            Assert.Equal(2, run.ExitCode);
            Assert.Matches(@"broken\.yaml:\d+:\d+: .*dificulty", run.Error);
            Assert.DoesNotContain("   at ", run.Error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ScenariosList_AsJson_IsAnArrayOfIdTitleCategoryDifficultyChannel()
    {
        var run = await CliRun.RunAsync("scenarios", "list", "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var first = json.RootElement.EnumerateArray().First();
        Assert.Subset(first.EnumerateObject().Select(p => p.Name).ToHashSet(), new HashSet<string> { "id", "title", "category", "difficulty", "channel" });
        Assert.Contains(json.RootElement.EnumerateArray(), s => s.GetProperty("id").GetString() == "complaint-angry-late-parcel" && s.GetProperty("category").GetString() == "complaint");
    }

    [Fact]
    public async Task Practice_WithARepliesFile_PrintsOneJsonObject_WithOutcomeScoreEmotionTranscriptRubricAndScorecard()
    {
        var file = Path.Combine(Path.GetTempPath(), $"replies-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(file, ["你好", "", "你应该自己去查物流，这不是我们的问题。"], TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync("practice", "complaint-angry-late-parcel", "--replies", file, "--format", "json");

            Assert.True(run.ExitCode == 0, run.Error);
            using var json = JsonDocument.Parse(run.Out);
            var root = json.RootElement;
            Assert.NotEqual("resolved", root.GetProperty("outcome").GetString());
            Assert.InRange(root.GetProperty("score").GetDecimal(), 0m, 100m);
            Assert.Equal(root.GetProperty("replies").GetArrayLength() + 1, root.GetProperty("emotion").GetArrayLength());
            Assert.Equal(("customer", "agent", "你好"), (root.GetProperty("transcript")[0].GetProperty("speaker").GetString(), root.GetProperty("transcript")[1].GetProperty("speaker").GetString(), root.GetProperty("transcript")[1].GetProperty("text").GetString()));
            Assert.True(root.GetProperty("rubric").GetArrayLength() > 0);
            Assert.True(root.GetProperty("scorecard").ValueKind == JsonValueKind.Object);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Practice_AnUnknownScenario_IsAnErrorNamingTheListCommand()
    {
        var run = await CliRun.RunAsync("practice", "no-such-scenario", "--example", "good");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("scenarios list", run.Error);
    }
}
