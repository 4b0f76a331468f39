using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class SilenceOperatorTests
{
    private const string Lexicons = """
        hold:
          name: 等待告知
          phrases: [请您稍等, 请稍等, 麻烦您稍等]
        """;

    private const string Timing = "defaults: {silenceSeconds: 30}";

    private static OperatorResult RunSilence(ServiceCoach.Conversations.Conversation conversation, string operatorText = "silence") =>
        Run(operatorText, conversation, lexicons: Lexicons, timing: Timing);

    [Fact]
    public void Silence_LongUnannouncedGap_HitsOnTheTurnAfterIt()
    {
        var conversation = Conversation(
            Customer("帮我查一下物流到哪了", 0, 3),
            Agent("好的", 5, 6),
            Agent("查到了，您的包裹正在派送中", 59, 62));

        var check = RunSilence(conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 2, "静默 53 秒且未提前告知")], check.Evidence);
    }

    [Fact]
    public void Silence_AnnouncedHold_DoesNotHit()
    {
        var conversation = Conversation(
            Customer("帮我查一下物流到哪了", 0, 3),
            Agent("好的，请您稍等，我帮您查询一下", 5, 8),
            Agent("让您久等了，您的包裹正在派送中", 70, 73));

        var check = RunSilence(conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Empty(check.Evidence);
    }

    [Fact]
    public void Silence_ShortGap_DoesNotHit()
    {
        var conversation = Conversation(
            Customer("帮我查一下物流到哪了", 0, 3),
            Agent("好的", 5, 6),
            Agent("查到了，您的包裹正在派送中", 30, 33));

        Assert.Equal(CheckOutcome.Fail, RunSilence(conversation).Outcome);
    }

    [Fact]
    public void Silence_CustomerTakingTime_IsNotTheAgentsSilence()
    {
        var conversation = Conversation(
            Agent("请问还有其他问题吗？", 0, 2),
            Customer("我想一下……对了，发票怎么开？", 80, 84),
            Agent("发票可以在订单详情页申请", 88, 91));

        Assert.Equal(CheckOutcome.Fail, RunSilence(conversation).Outcome);
    }

    [Fact]
    public void Silence_HoldAnnouncedBeforeAnEarlierTurn_OnlyCoversTheNextGap()
    {
        // The hold was announced at turn 1; the agent spoke again at turn 2, then went silent unannounced.
        var conversation = Conversation(
            Customer("帮我查一下物流到哪了", 0, 3),
            Agent("请您稍等", 5, 6),
            Agent("查到了，还在转运中", 40, 42),
            Agent("刚刚又确认了一下，明天送达", 100, 103));

        var check = RunSilence(conversation);

        Assert.Equal([WholeTurn(conversation, 3, "静默 58 秒且未提前告知")], check.Evidence);
    }

    [Fact]
    public void Silence_EmptyHoldLexicons_CountsEveryLongGap()
    {
        var conversation = Conversation(
            Customer("帮我查一下物流到哪了", 0, 3),
            Agent("好的，请您稍等，我帮您查询一下", 5, 8),
            Agent("让您久等了，您的包裹正在派送中", 70, 73));

        var check = RunSilence(conversation, "silence: {holdLexicons: []}");

        Assert.Equal("静默 62 秒且未提前告知", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void Silence_MaxSeconds_OverridesTheStandard()
    {
        var conversation = Conversation(
            Customer("帮我查一下物流到哪了", 0, 3),
            Agent("好的", 5, 6),
            Agent("查到了，您的包裹正在派送中", 59, 62));

        Assert.Equal(CheckOutcome.Fail, RunSilence(conversation, "silence: {maxSeconds: 60}").Outcome);
    }

    [Fact]
    public void Silence_NoTimestamps_IsNa()
    {
        var conversation = Conversation(Customer("帮我查一下物流到哪了"), Agent("查到了"));

        var check = RunSilence(conversation);

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("会话无时间戳，无法判断静默时长 (no timestamps)", check.Reason);
    }

    [Fact]
    public void Silence_TraditionalScript_HoldPhraseCountsAndEvidenceQuotesOriginal()
    {
        var announced = Conversation(
            Customer("幫我查一下物流到哪了", 0, 3),
            Agent("好的，請您稍等", 5, 8),
            Agent("讓您久等了，包裹正在派送", 70, 73));
        var unannounced = Conversation(
            Customer("幫我查一下物流到哪了", 0, 3),
            Agent("好的", 5, 6),
            Agent("讓您久等了，包裹正在派送", 70, 73));

        Assert.Equal(CheckOutcome.Fail, RunSilence(announced).Outcome);
        Assert.Equal(
            [new EvidenceSpan(2, 0, 12, "讓您久等了，包裹正在派送", null, "静默 64 秒且未提前告知")],
            RunSilence(unannounced).Evidence);
    }

    [Fact]
    public void Silence_NoHoldLexiconInTheStandard_IsAProblem()
    {
        var problem = SingleProblemOnOperatorLine("silence: {maxSeconds: 40}", "needs 'holdLexicons' or 'holdPhrases'", "no lexicon 'hold'");
        Assert.Equal(ColumnOf("silence: {maxSeconds: 40}", "{"), problem.Location.Column);
    }

    [Fact]
    public void Silence_HoldLexiconsWrongType_IsAProblem()
    {
        SingleProblem(Problems("silence: {holdLexicons: {hold: true}}", lexicons: Lexicons), OperatorLine, "'holdLexicons'", "must be a list");
    }

    [Fact]
    public void Silence_MisspeltArgument_IsAProblem()
    {
        SingleProblem(Problems("silence: {holdLexicon: [hold]}", lexicons: Lexicons), OperatorLine, "Unknown key 'holdLexicon'", "Did you mean 'holdLexicons'?");
    }
}
