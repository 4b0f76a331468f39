using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class TurnCountOperatorTests
{
    private static readonly ServiceCoach.Conversations.Conversation Exchange = Conversation(
        Agent("您好，请问有什么可以帮您"),
        Customer("我想改一下收货地址"),
        Agent("好的，请提供新的地址"),
        Customer("杭州市西湖区文三路 100 号"),
        Agent("已为您修改"),
        Customer("谢谢"));

    [Fact]
    public void TurnCount_WithinRange_Hits()
    {
        var check = Run("turnCount: {min: 4, max: 10}", Exchange);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal("共 6 轮（范围 4–10 轮）", check.Reason);
    }

    [Fact]
    public void TurnCount_CountsOnlyTheScope()
    {
        var check = Run("turnCount: {min: 4}", Exchange, role: "customer");

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal("共 3 轮（范围 ≥ 4 轮）", check.Reason);
    }

    [Fact]
    public void TurnCount_EmptyConversation_CountsZero()
    {
        Assert.Equal(CheckOutcome.Pass, Run("turnCount: {max: 0}", Conversation()).Outcome);
    }

    [Fact]
    public void TurnCount_TraditionalTextMakesNoDifference()
    {
        var conversation = Conversation(Agent("您好，請問有什麼可以幫您"), Customer("我想改一下收貨地址"));

        Assert.Equal(CheckOutcome.Pass, Run("turnCount: {min: 2, max: 2}", conversation).Outcome);
    }

    [Fact]
    public void TurnCount_NeitherBound_IsAProblem()
    {
        SingleProblemOnOperatorLine("turnCount: {}", "needs 'min' or 'max'");
    }

    [Fact]
    public void TurnCount_NegativeMin_IsAProblem()
    {
        SingleProblemOnOperatorLine("turnCount: {min: -1}", "'min'", "between 0 and 100000");
    }
}
