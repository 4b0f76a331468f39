using System.Text;
using ServiceCoach.Quality;

namespace ServiceCoach.Tests.Quality;

public sealed class BehaviourEvaluationTests
{
    private static LabelFile Read(string jsonl) => BehaviourEvaluation.ReadLabels(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), "labels.jsonl");

    private static HashSet<string> Tags(params string[] ids) => [.. ids];

    [Fact]
    public void Compare_CountsAgreementPerBehaviour_AndNamesTheDisagreements()
    {
        var labels = Read("""
            {"id": "a", "apology": true, "customer_upset": true, "notes": "x"}
            {"id": "b", "apology": true, "customer_upset": false}
            {"id": "c", "apology": false, "customer_upset": false}
            {"id": "d", "apology": false, "customer_upset": null}
            """).Labels;
        var detected = new Dictionary<string, IReadOnlySet<string>>
        {
            ["a"] = Tags("apology", "customer-upset"),
            ["b"] = Tags(),
            ["c"] = Tags("apology"),
            ["d"] = Tags("customer-upset"),
        };

        var result = BehaviourEvaluation.Compare(detected, labels, ["apology", "customer-upset"]);

        var apology = result.Behaviours.Single(b => b.Behaviour == "apology");
        Assert.Equal((1, 1, 1, 1), (apology.TruePositives, apology.FalsePositives, apology.FalseNegatives, apology.TrueNegatives));
        Assert.Equal(["b"], apology.Missed);
        Assert.Equal(["c"], apology.FalseAlarms);
        Assert.Equal(0.5, apology.BalancedAccuracy);
        var upset = result.Behaviours.Single(b => b.Behaviour == "customer_upset");
        Assert.Equal("customer-upset", upset.TagId);
        Assert.Equal(3, upset.Compared); // d is null: left out
        Assert.Equal(1.0, upset.BalancedAccuracy);
        Assert.Equal(0.75, result.MeanBalancedAccuracy);
    }

    [Fact]
    public void ABehaviourWithoutATag_IsListedButNotCompared()
    {
        var labels = Read("""{"id": "a", "resolved": true}""").Labels;

        var result = BehaviourEvaluation.Compare(new Dictionary<string, IReadOnlySet<string>> { ["a"] = Tags() }, labels, ["apology"]);

        var row = Assert.Single(result.Behaviours);
        Assert.Null(row.TagId);
        Assert.Equal(0, row.Compared);
        Assert.Null(result.MeanBalancedAccuracy);
    }

    [Fact]
    public void ConversationsOnOneSideOnly_AreReported()
    {
        var labels = Read("""{"id": "a", "apology": true}""").Labels;

        var result = BehaviourEvaluation.Compare(new Dictionary<string, IReadOnlySet<string>> { ["b"] = Tags() }, labels, ["apology"]);

        Assert.Equal(["b"], result.UnlabelledConversations);
        Assert.Equal(["a"], result.LabelsWithoutConversation);
        Assert.Equal(0, result.Labelled);
    }

    [Fact]
    public void ReadLabels_BadLines_AreReportedWithLineAndColumn_AndTheRestIsRead()
    {
        var file = Read("""
            {"id": "a", "apology": true}
            {"id": "b", "apology": tru}
            ["not", "an", "object"]
            {"apology": false}
            {"id": "a", "apology": false}
            {"id": "c", "apology": false}
            """);

        Assert.Equal(["a", "c"], file.Labels.Select(l => l.ConversationId));
        Assert.Equal([2, 3, 4, 5], file.Errors.Select(e => e.Line));
        Assert.Equal(27, file.Errors[0].Column); // where the reader gave up on "tru", in characters
        Assert.Contains("twice", file.Errors[3].Message, StringComparison.Ordinal);
    }
}
