using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class InterruptionOperatorTests
{
    [Fact]
    public void Interruption_AgentStartsBeforeCustomerFinishes_Hits()
    {
        var conversation = Conversation(
            Customer("我上周买的洗衣机一直漏水，我想问一下能不能", 0, 6),
            Agent("这个我们可以安排师傅上门检修", 4.8, 8));

        var check = Run("interruption", conversation, role: "agent");

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 1, "抢话 1.2 秒")], check.Evidence);
        Assert.Equal("1 次在对方说完前插话", check.Reason);
    }

    [Fact]
    public void Interruption_ShortBackchannelOverlap_DoesNotHit()
    {
        var conversation = Conversation(
            Customer("我上周买的洗衣机一直漏水", 0, 6),
            Agent("嗯，明白", 5.7, 6.5));

        Assert.Equal(CheckOutcome.Fail, Run("interruption", conversation, role: "agent").Outcome);
    }

    [Fact]
    public void Interruption_MinOverlapMs_SetsTheTolerance()
    {
        var conversation = Conversation(
            Customer("我上周买的洗衣机一直漏水", 0, 6),
            Agent("嗯，明白", 5.7, 6.5));

        var check = Run("interruption: {minOverlapMs: 200}", conversation, role: "agent");

        Assert.Equal("抢话 0.3 秒", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void Interruption_CustomerInterruptingTheAgent_IsOutsideAnAgentScope()
    {
        var conversation = Conversation(
            Agent("根据我们的退换货政策，七天内可以无理由退货", 0, 6),
            Customer("我不是要退货！", 3, 5));

        Assert.Equal(CheckOutcome.Fail, Run("interruption", conversation, role: "agent").Outcome);
        Assert.Equal(CheckOutcome.Pass, Run("interruption", conversation, role: "customer").Outcome);
    }

    [Fact]
    public void Interruption_SameSpeakerOverlap_IsNotAnInterruption()
    {
        var conversation = Conversation(
            Customer("我上周买的洗衣机一直漏水", 0, 6),
            Agent("好的", 7, 8),
            Agent("我帮您登记一下", 7.5, 9));

        Assert.Equal(CheckOutcome.Fail, Run("interruption", conversation).Outcome);
    }

    [Fact]
    public void Interruption_MissingEndTimes_IsNa()
    {
        var conversation = Conversation(
            Customer("我上周买的洗衣机一直漏水", 0, null),
            Agent("这个我们可以安排师傅上门检修", 4.8, null));

        var check = Run("interruption", conversation, role: "agent");

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("会话缺少结束时间，无法判断是否抢话 (no end times)", check.Reason);
    }

    [Fact]
    public void Interruption_TraditionalScript_QuotesTheOriginalTurn()
    {
        var conversation = Conversation(
            Customer("我上週買的洗衣機一直漏水，我想問一下能不能", 0, 6),
            Agent("這個我們可以上門檢修", 4.8, 8));

        var check = Run("interruption", conversation, role: "agent");

        Assert.Equal([new EvidenceSpan(1, 0, 10, "這個我們可以上門檢修", null, "抢话 1.2 秒")], check.Evidence);
    }

    [Fact]
    public void Interruption_MinOverlapNotANumber_IsAProblem()
    {
        const string text = "interruption: {minOverlapMs: half}";
        var problem = SingleProblemOnOperatorLine(text, "'minOverlapMs'", "whole number", "'half'");
        Assert.Equal(ColumnOf(text, "half"), problem.Location.Column);
    }

    [Fact]
    public void Interruption_UnknownArgument_IsAProblem()
    {
        SingleProblemOnOperatorLine("interruption: {minOverlap: 300}", "Unknown key 'minOverlap'", "Did you mean 'minOverlapMs'?");
    }
}
