using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class ResponseLatencyOperatorTests
{
    private const string Timing = """
        defaults: {firstResponseSeconds: 20, responseSeconds: 30}
        channels:
          phone: {answerRings: 3, secondsPerRing: 5}
        inquiryClasses:
          complex: {name: 复杂问题, categories: [退货], responseSeconds: 60}
        """;

    [Fact]
    public void ResponseLatency_SlowReply_HitsWithTheWait()
    {
        var conversation = Conversation(
            Customer("请问退款什么时候到账？", 0, 3),
            Agent("您好，退款预计三个工作日内到账", 48, 50));

        var check = Run("responseLatency", conversation, timing: Timing);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 1, "客户等待 45 秒（上限 30 秒）")], check.Evidence);
    }

    [Fact]
    public void ResponseLatency_PromptReplies_DoNotHit()
    {
        var conversation = Conversation(
            Customer("请问退款什么时候到账？", 0, 3),
            Agent("您好，退款预计三个工作日内到账", 10, 12),
            Customer("好的，那我再等等", 20, 22),
            Agent("好的，还有其他可以帮您的吗", 30, 32));

        var check = Run("responseLatency", conversation, timing: Timing);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Empty(check.Evidence);
    }

    [Fact]
    public void ResponseLatency_SeveralCustomerMessages_WaitRunsFromTheLastOne()
    {
        // The customer's second message ends at 20 s: the agent answers 25 s later, within 30 s.
        var conversation = Conversation(
            Customer("在吗？", 0, 1),
            Customer("我想问一下退款的事情", 18, 20),
            Agent("在的，请问您的订单号是多少", 45, 47));

        var check = Run("responseLatency", conversation, timing: Timing);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void ResponseLatency_OnlyTheFirstAgentTurnAfterTheCustomer_IsAResponse()
    {
        var conversation = Conversation(
            Customer("请问退款什么时候到账？", 0, 3),
            Agent("您好，我帮您查一下", 10, 11),
            Agent("查到了，退款已经原路退回", 90, 92));

        var check = Run("responseLatency", conversation, timing: Timing);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void ResponseLatency_InquiryClassLimit_AppliesToItsCategory()
    {
        var conversation = Conversation(
            Customer("我要退货，商品有质量问题", 0, 3),
            Agent("好的，请您提供一下订单号", 48, 50)) with { Category = "退货" };

        var check = Run("responseLatency", conversation, timing: Timing);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void ResponseLatency_FirstOnPhone_MeasuresFromConnectionAgainstTheRingLimit()
    {
        // Phone: three rings of five seconds = 15 s to answer; the agent speaks first.
        var slow = Conversation(Agent("您好，星辰电器客服，工号 1024，很高兴为您服务", 18, 22)) with { Channel = Channel.Phone };
        var prompt = Conversation(Agent("您好，星辰电器客服，工号 1024，很高兴为您服务", 12, 16)) with { Channel = Channel.Phone };

        var slowCheck = Run("responseLatency: {first: true}", slow, timing: Timing);
        var promptCheck = Run("responseLatency: {first: true}", prompt, timing: Timing);

        Assert.Equal(CheckOutcome.Pass, slowCheck.Outcome);
        Assert.Equal("客户等待 18 秒（上限 15 秒）", Assert.Single(slowCheck.Evidence).Note);
        Assert.Equal(CheckOutcome.Fail, promptCheck.Outcome);
    }

    [Fact]
    public void ResponseLatency_First_IgnoresLaterSlowReplies()
    {
        var conversation = Conversation(
            Customer("你好，在吗", 0, 1),
            Agent("您好，请问有什么可以帮您", 6, 8),
            Customer("我想查一下物流", 10, 12),
            Agent("好的，查到了", 120, 121));

        var first = Run("responseLatency: {first: true}", conversation, timing: Timing);
        var all = Run("responseLatency", conversation, timing: Timing);

        Assert.Equal(CheckOutcome.Fail, first.Outcome);
        Assert.Equal(CheckOutcome.Pass, all.Outcome);
        Assert.Equal("客户等待 108 秒（上限 30 秒）", Assert.Single(all.Evidence).Note);
    }

    [Fact]
    public void ResponseLatency_MaxSeconds_OverridesTheStandard()
    {
        var conversation = Conversation(
            Customer("请问退款什么时候到账？", 0, 3),
            Agent("您好，退款预计三个工作日内到账", 14.5, 16));

        var check = Run("responseLatency: {maxSeconds: 10}", conversation, timing: Timing);

        Assert.Equal("客户等待 11.5 秒（上限 10 秒）", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void ResponseLatency_WithoutTimingSection_UsesTheBuiltInThirtySeconds()
    {
        var conversation = Conversation(
            Customer("请问退款什么时候到账？", 0, 3),
            Agent("您好，退款预计三个工作日内到账", 40, 42));

        var check = Run("responseLatency", conversation);

        Assert.Equal("客户等待 37 秒（上限 30 秒）", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void ResponseLatency_SlowTurnOutsideScope_DoesNotCount()
    {
        var conversation = Conversation(
            Customer("请问退款什么时候到账？", 0, 3),
            Agent("您好，退款预计三个工作日内到账", 48, 50),
            Customer("好的", 52, 53),
            Agent("还有其他可以帮您的吗", 55, 56));

        var check = Run("responseLatency", conversation, role: "agent", turns: "{from: 2}", timing: Timing);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void ResponseLatency_NoTimestamps_IsNa()
    {
        var conversation = Conversation(
            Customer("请问退款什么时候到账？"),
            Agent("您好，退款预计三个工作日内到账"));

        var check = Run("responseLatency", conversation, timing: Timing);

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("会话无时间戳，无法判断响应时长 (no timestamps)", check.Reason);
    }

    [Fact]
    public void ResponseLatency_TraditionalScript_QuotesTheOriginalTurn()
    {
        var conversation = Conversation(
            Customer("請問退款什麼時候到賬？", 0, 3),
            Agent("您好，退款預計三個工作日內到賬", 48, 50));

        var check = Run("responseLatency", conversation, timing: Timing);

        Assert.Equal([new EvidenceSpan(1, 0, 15, "您好，退款預計三個工作日內到賬", null, "客户等待 45 秒（上限 30 秒）")], check.Evidence);
    }

    [Fact]
    public void ResponseLatency_FirstNotABoolean_IsAProblem()
    {
        SingleProblemOnOperatorLine("responseLatency: {first: 1}", "'first'", "true or false", "'1'");
    }

    [Fact]
    public void ResponseLatency_NegativeMaxSeconds_IsAProblem()
    {
        const string text = "responseLatency: {maxSeconds: -5}";
        var problem = SingleProblemOnOperatorLine(text, "'maxSeconds'", "between 0 and 604800", "found -5");
        Assert.Equal(ColumnOf(text, "-5"), problem.Location.Column);
    }

    [Fact]
    public void ResponseLatency_UnknownArgument_IsAProblem()
    {
        SingleProblemOnOperatorLine("responseLatency: {maxSecond: 20}", "Unknown key 'maxSecond'", "Did you mean 'maxSeconds'?");
    }
}
