using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality;

/// <summary>
/// A failed check that applies only because of the customer (apology, empathy, listening…) names
/// the customer's turn that made it apply, so a reader can check why it was expected.
/// </summary>
public sealed class CheckTriggerTests
{
    private static readonly QualityEngine Engine = new(ShippedStandards.Default);

    private static readonly Lazy<Dictionary<string, (Conversation Conversation, Scorecard Card)>> Samples = new(() =>
        ConversationReader.Read(RepositoryPaths.Samples("conversations.jsonl"))
            .Select(item => (item.Conversation!, Engine.Score(item.Conversation!)))
            .ToDictionary(x => x.Item1.Id));

    [Theory]
    [InlineData("apology")]
    [InlineData("empathy")]
    public void FailedCustomerApplicableCheck_NamesTheCustomersComplaint(string check)
    {
        // s-chat-004: the customer's second message, "用了一次 声音太大了 受不了", is a complaint; the agent neither apologises nor empathises.
        var (conversation, card) = Samples.Value["s-chat-004"];

        var result = card.Check(check)!;

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        var trigger = Assert.IsType<EvidenceSpan>(result.Trigger);
        Assert.Equal(1, trigger.Turn);
        Assert.Equal(Speaker.Customer, conversation.Turns[trigger.Turn].Speaker);
        Assert.Contains("受不了", trigger.Text, StringComparison.Ordinal);
        Assert.Equal(conversation.Turns[1].Text.Substring(trigger.Start, trigger.Length), trigger.Text);
    }

    [Fact]
    public void PassedAndUnconditionalChecks_HaveNoTrigger()
    {
        foreach (var (_, card) in Samples.Value.Values)
        {
            Assert.All(card.Checks.Where(c => c.Outcome != CheckOutcome.Fail), c => Assert.Null(c.Trigger));
            Assert.All(card.Checks.Where(c => c.Id is "greeting" or "privacy"), c => Assert.Null(c.Trigger));
        }
    }

    [Fact]
    public void EveryFailedApologyOrEmpathyCheckInTheSamples_HasACustomerTrigger()
    {
        var failed = Samples.Value.Values.SelectMany(x => x.Card.Checks.Where(c => c.Id is "apology" or "empathy" && c.Outcome == CheckOutcome.Fail).Select(c => (x.Conversation, c))).ToList();

        Assert.NotEmpty(failed);
        Assert.All(failed, f => Assert.Equal(Speaker.Customer, f.Conversation.Turns[f.c.Trigger!.Turn].Speaker));
    }

    [Fact]
    public void Trigger_SurvivesTheScorecardJsonRoundTrip()
    {
        var card = Samples.Value["s-chat-004"].Card;

        var back = ScorecardJson.Parse(ScorecardJson.ToJson(card), Engine.Standard);

        Assert.Equal(card.Check("apology")!.Trigger, back.Check("apology")!.Trigger);
        Assert.Contains("\"trigger\":{\"turn\":1,", ScorecardJson.ToJson(card), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("短句", 0, 2, 40, 0, 2)]
    [InlineData("0123456789012345678901234567890123456789ABCDEFGHIJ", 45, 47, 40, 10, 50)]
    [InlineData("0123456789012345678901234567890123456789ABCDEFGHIJ", 0, 2, 40, 0, 40)]
    [InlineData("0123456789012345678901234567890123456789ABCDEFGHIJ", 24, 26, 10, 20, 30)]
    public void QuoteAround_KeepsTheMatchAndAtMostTheLimit(string text, int start, int end, int max, int expectedStart, int expectedEnd) =>
        Assert.Equal((expectedStart, expectedEnd), QualityEngine.QuoteAround(text, start, end, max));

    [Fact]
    public void QuoteAround_NeverSplitsASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 30)); // 60 UTF-16 code units

        var (start, end) = QualityEngine.QuoteAround(text, 31, 33, 9);

        Assert.False(char.IsLowSurrogate(text[start]));
        Assert.False(char.IsHighSurrogate(text[end - 1]));
    }
}
