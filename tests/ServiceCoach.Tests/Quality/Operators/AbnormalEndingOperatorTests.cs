using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class AbnormalEndingOperatorTests
{
    private const string Lexicons = """
        thanks:
          name: 致谢道别
          phrases: [谢谢, 再见, 没有了]
        disconnect:
          name: 中断标记
          phrases: [对方已挂断, 会话已超时, 用户已离开]
        """;

    private static OperatorResult RunEnding(ServiceCoach.Conversations.Conversation conversation, string operatorText = "abnormalEnding") =>
        Run(operatorText, conversation, lexicons: Lexicons);

    [Fact]
    public void AbnormalEnding_UnansweredCustomerMessage_Hits()
    {
        var conversation = Conversation(
            Agent("您好，请问有什么可以帮您"),
            Customer("我的退款到底什么时候到？"));

        var check = RunEnding(conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 1, "最后一条消息")], check.Evidence);
        Assert.Equal("会话以客户消息结束，未获回复", check.Reason);
    }

    [Fact]
    public void AbnormalEnding_CustomerSaysGoodbye_IsNormal()
    {
        var conversation = Conversation(
            Agent("请问还有其他可以帮您的吗"),
            Customer("没有了，谢谢"));

        Assert.Equal(CheckOutcome.Fail, RunEnding(conversation).Outcome);
    }

    [Fact]
    public void AbnormalEnding_AgentHasTheLastWord_IsNormal()
    {
        var conversation = Conversation(
            Customer("好的我知道了"),
            Agent("感谢您的来电，祝您生活愉快"));

        var check = RunEnding(conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Empty(check.Evidence);
    }

    [Fact]
    public void AbnormalEnding_CutOffMarker_Hits()
    {
        var conversation = Conversation(
            Customer("我再问一个问题"),
            Agent("您请说"),
            SystemTurn("对方已挂断"));

        var check = RunEnding(conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([Span(conversation, 2, "对方已挂断", note: "会话中断")], check.Evidence);
        Assert.Equal("会话异常中断", check.Reason);
    }

    [Fact]
    public void AbnormalEnding_SystemTurnsAfterTheCustomer_AreSkipped()
    {
        var conversation = Conversation(
            Agent("您好，请问有什么可以帮您"),
            Customer("我的退款到底什么时候到？"),
            SystemTurn("会话已超时，系统自动关闭"));

        var check = RunEnding(conversation);

        Assert.Equal("会话以客户消息结束，未获回复；会话异常中断", check.Reason);
        Assert.Equal(2, check.Evidence.Count);
    }

    [Fact]
    public void AbnormalEnding_LastSpeakers_CanIncludeTheAgent()
    {
        var conversation = Conversation(
            Customer("我的退款到底什么时候到？"),
            Agent("我帮您查一下"));

        var check = RunEnding(conversation, "abnormalEnding: {lastSpeakers: [agent, customer]}");

        Assert.Equal("会话以客服消息结束，未获回复", check.Reason);
    }

    [Fact]
    public void AbnormalEnding_WithoutConventionalLexicons_OnlyTheLastSpeakerRuleApplies()
    {
        var conversation = Conversation(Agent("还有其他问题吗"), Customer("没有了，谢谢"));

        var check = Run("abnormalEnding", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
    }

    [Fact]
    public void AbnormalEnding_ExceptPhrases_MakeAnEndingNormal()
    {
        var conversation = Conversation(Agent("还有其他问题吗"), Customer("行，就这样吧"));

        Assert.Equal(CheckOutcome.Fail, Run("abnormalEnding: {exceptPhrases: [就这样吧]}", conversation).Outcome);
    }

    [Fact]
    public void AbnormalEnding_EmptyExcept_SwitchesTheThanksDefaultOff()
    {
        var conversation = Conversation(Agent("还有其他问题吗"), Customer("没有了，谢谢"));

        Assert.Equal(CheckOutcome.Pass, RunEnding(conversation, "abnormalEnding: {except: []}").Outcome);
    }

    [Fact]
    public void AbnormalEnding_EmptyConversation_DoesNotHit()
    {
        Assert.Equal(CheckOutcome.Fail, RunEnding(Conversation()).Outcome);
    }

    [Fact]
    public void AbnormalEnding_TraditionalScript_ThanksCountsAndEvidenceQuotesOriginal()
    {
        var normal = Conversation(Agent("請問還有其他問題嗎"), Customer("好的謝謝"));
        var cut = Conversation(Agent("請問還有其他問題嗎"), Customer("我的退款到底什麼時候到？"), SystemTurn("對方已掛斷"));

        Assert.Equal(CheckOutcome.Fail, RunEnding(normal).Outcome);
        Assert.Equal(
            [
                new EvidenceSpan(1, 0, 12, "我的退款到底什麼時候到？", null, "最后一条消息"),
                new EvidenceSpan(2, 0, 5, "對方已掛斷", null, "会话中断"),
            ],
            RunEnding(cut).Evidence);
    }

    [Fact]
    public void AbnormalEnding_UnknownSpeaker_IsAProblem()
    {
        SingleProblem(Problems("abnormalEnding: {lastSpeakers: [robot]}", lexicons: Lexicons), OperatorLine, "'robot' is not a valid item of 'lastSpeakers'", "agent, customer");
    }

    [Fact]
    public void AbnormalEnding_UnknownExceptLexicon_SuggestsTheClosest()
    {
        const string text = "abnormalEnding: {except: [thank]}";
        var problem = SingleProblem(Problems(text, lexicons: Lexicons), OperatorLine, "refers to lexicon 'thank', which is not defined", "Did you mean 'thanks'?");
        Assert.Equal(ColumnOf(text, "thank]"), problem.Location.Column);
    }
}
