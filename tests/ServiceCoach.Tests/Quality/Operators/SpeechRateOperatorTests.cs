using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class SpeechRateOperatorTests
{
    // 22 content characters (punctuation does not count).
    private const string Opening = "您好，这里是星辰电器客服中心，请问有什么可以帮您？";

    private const string Band = "speechRate: {minCharsPerMinute: 180, maxCharsPerMinute: 220}";

    [Fact]
    public void SpeechRate_TooFast_HitsWithTheRate()
    {
        // 22 characters in 5 s = 264 per minute.
        var conversation = Conversation(Agent(Opening, 0, 5));

        var check = Run(Band, conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 0, "语速 264 字/分（标准 180–220）")], check.Evidence);
        Assert.Equal("1 轮语速超出标准 180–220 字/分", check.Reason);
    }

    [Fact]
    public void SpeechRate_AtTheUpperBound_DoesNotHit()
    {
        // 22 characters in 6 s = 220 per minute: the band is inclusive.
        var conversation = Conversation(Agent(Opening, 0, 6));

        var check = Run(Band, conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Empty(check.Evidence);
    }

    [Fact]
    public void SpeechRate_TooSlow_Hits()
    {
        // 22 characters in 8 s = 165 per minute.
        var conversation = Conversation(Agent(Opening, 10, 18));

        var check = Run(Band, conversation);

        Assert.Equal("语速 165 字/分（标准 180–220）", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void SpeechRate_DefaultBand_ComesFromTheStandardsTiming()
    {
        var conversation = Conversation(Agent(Opening, 0, 5));

        var check = Run("speechRate", conversation, timing: "speechRate: {minCharsPerMinute: 180, maxCharsPerMinute: 220}");

        Assert.Equal("语速 264 字/分（标准 180–220）", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void SpeechRate_OneSidedBand_ChecksOnlyThatSide()
    {
        var conversation = Conversation(Agent(Opening, 0, 5), Agent(Opening, 10, 30));

        var check = Run("speechRate: {maxCharsPerMinute: 220}", conversation);

        Assert.Equal([WholeTurn(conversation, 0, "语速 264 字/分（标准 ≤ 220）")], check.Evidence);
    }

    [Fact]
    public void SpeechRate_ShortTurnsAndTurnsWithoutEnd_AreNotMeasured()
    {
        var conversation = Conversation(
            Agent("好的", 0, 0.3),
            Customer("我想问一下我的订单什么时候发货", 1, null),
            Agent(Opening, 5, 11));

        var check = Run(Band, conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void SpeechRate_ChatMessages_AreNa()
    {
        // Chat importers set end = start: there is no speaking time to measure.
        var conversation = Conversation(Agent(Opening, 0, 0), Customer("我想问一下我的订单什么时候发货", 10, 10));

        var check = Run(Band, conversation);

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("没有可计算语速的轮次（需要起止时间、时长不少于 1 秒且不少于 10 字）", check.Reason);
    }

    [Fact]
    public void SpeechRate_NoTimestamps_IsNa()
    {
        Assert.Equal(CheckOutcome.Na, Run(Band, Conversation(Agent(Opening))).Outcome);
    }

    [Fact]
    public void SpeechRate_TraditionalScript_CountsTheSameAndQuotesOriginal()
    {
        const string traditional = "您好，這裡是星辰電器客服中心，請問有什麼可以幫您？";
        var conversation = Conversation(Agent(traditional, 0, 5));

        var check = Run(Band, conversation);

        Assert.Equal([new EvidenceSpan(0, 0, 25, traditional, null, "语速 264 字/分（标准 180–220）")], check.Evidence);
    }

    [Fact]
    public void SpeechRate_NoBandAnywhere_IsAProblemAtTheOperator()
    {
        var problem = SingleProblemOnOperatorLine("speechRate", "needs 'minCharsPerMinute' or 'maxCharsPerMinute'", "no timing.speechRate");
        Assert.Equal(OperatorColumn, problem.Location.Column);
    }

    [Fact]
    public void SpeechRate_MinAboveMax_IsAProblem()
    {
        SingleProblemOnOperatorLine("speechRate: {minCharsPerMinute: 240, maxCharsPerMinute: 220}", "minimum 240 is above maximum 220");
    }

    [Fact]
    public void SpeechRate_RateNotAWholeNumber_IsAProblem()
    {
        const string text = "speechRate: {minCharsPerMinute: fast}";
        var problem = SingleProblemOnOperatorLine(text, "'minCharsPerMinute'", "whole number", "'fast'");
        Assert.Equal(ColumnOf(text, "fast"), problem.Location.Column);
    }
}
