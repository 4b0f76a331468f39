using System.Text.Json;

namespace ServiceCoach.Tests.Cli;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("evaluate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Conversations() => Write("chats.jsonl", """
        {"id":"c1","turns":[{"speaker":"customer","text":"你们也太慢了"},{"speaker":"agent","text":"非常抱歉，给您带来不便了"}]}
        {"id":"c2","turns":[{"speaker":"customer","text":"发票怎么开"},{"speaker":"agent","text":"您好，在订单详情里申请就可以"}]}
        """);

    private string Labels() => Write("labels.jsonl", """
        {"id":"c1","greeting":false,"apology":true,"customer_upset":true,"resolved":null}
        {"id":"c2","greeting":true,"apology":true,"customer_upset":false,"resolved":true}
        """);

    [Fact]
    public async Task Evaluate_PrintsAgreementPerBehaviour_AndTheDisagreeingIds()
    {
        var run = await CliRun.RunAsync("qa", "evaluate", Conversations(), "--labels", Labels());

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("2 labelled conversations of 2 scored", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"apology\s+apology\s+1\s+0\s+1\s+0\s+1\.000\s+0\.500\s+0\.500", run.Out);
        Assert.Contains("labelled but not tagged (1): c2", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"resolved\s+\(no tag\)", run.Out);
    }

    [Fact]
    public async Task Evaluate_AsJson_GivesTheSameFiguresToMachines()
    {
        var run = await CliRun.RunAsync("qa", "evaluate", Conversations(), "--labels", Labels(), "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var upset = json.RootElement.GetProperty("behaviours").EnumerateArray().Single(b => b.GetProperty("behaviour").GetString() == "customer_upset");
        Assert.Equal("customer-upset", upset.GetProperty("tag").GetString());
        Assert.Equal(1.0, upset.GetProperty("balancedAccuracy").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("labelled").GetInt32());
    }

    [Fact]
    public async Task Evaluate_FromScorecards_NeedsNoRescoring()
    {
        var cards = await CliRun.RunAsync("qa", "score", Conversations(), "--format", "json");
        var path = Write("cards.jsonl", cards.Out);

        var run = await CliRun.RunAsync("qa", "evaluate", path, "--scorecards", "--labels", Labels());

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"apology\s+apology\s+1\s+0\s+1\s+0", run.Out);
    }

    [Fact]
    public async Task Evaluate_BelowFailUnder_ExitsWith1()
    {
        var run = await CliRun.RunAsync("qa", "evaluate", Conversations(), "--labels", Labels(), "--fail-under", "0.9");

        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Evaluate_ABadLabelLine_IsReportedWithItsLocation_AndTheRestCompared()
    {
        var labels = Write("bad.jsonl", "{\"id\":\"c1\",\"apology\":true}\n{\"id\":\"c2\",\"apology\":\n");

        var run = await CliRun.RunAsync("qa", "evaluate", Conversations(), "--labels", labels);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.jsonl, line 2", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 labelled conversations of 2 scored", run.Out, StringComparison.Ordinal);
    }
}
