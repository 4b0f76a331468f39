using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class DurationOperatorTests
{
    private static readonly ServiceCoach.Conversations.Conversation FiveMinutes = Conversation(
        Agent("您好，星辰电器客服，很高兴为您服务", 0, 4),
        Customer("我家空调不制冷了", 5, 8),
        Agent("好的，已为您安排师傅明天上门", 290, 300));

    [Fact]
    public void Duration_WithinRange_Hits()
    {
        var check = Run("duration: {minSeconds: 60, maxSeconds: 600}", FiveMinutes);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal("会话时长 5 分钟（范围 60–600 秒）", check.Reason);
    }

    [Fact]
    public void Duration_OutsideRange_DoesNotHit()
    {
        var check = Run("duration: {maxSeconds: 180}", FiveMinutes);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal("会话时长 5 分钟（范围 ≤ 180 秒）", check.Reason);
    }

    [Fact]
    public void Duration_BoundsAreInclusive()
    {
        Assert.Equal(CheckOutcome.Pass, Run("duration: {minSeconds: 300}", FiveMinutes).Outcome);
        Assert.Equal(CheckOutcome.Pass, Run("duration: {maxSeconds: 300}", FiveMinutes).Outcome);
    }

    [Fact]
    public void Duration_NoTimestamps_IsNa()
    {
        var conversation = Conversation(Agent("您好，星辰电器客服"), Customer("我家空調不製冷了"));

        var check = Run("duration: {minSeconds: 60}", conversation);

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("会话无时间戳，无法判断会话时长 (no timestamps)", check.Reason);
    }

    [Fact]
    public void Duration_NeitherBound_IsAProblem()
    {
        SingleProblemOnOperatorLine("duration", "needs 'minSeconds' or 'maxSeconds'");
    }

    [Fact]
    public void Duration_MinAboveMax_IsAProblemAtMin()
    {
        const string text = "duration: {minSeconds: 600, maxSeconds: 60}";
        var problem = SingleProblemOnOperatorLine(text, "'minSeconds' (600) is above 'maxSeconds' (60)");
        Assert.Equal(ColumnOf(text, "600"), problem.Location.Column);
    }

    [Fact]
    public void Duration_MinutesInsteadOfSeconds_ReportsTheUnknownKeyAndTheMissingBound()
    {
        var problems = Problems("duration: {maxMinutes: 5}");

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(OperatorLine, p.Location.Line));
        Assert.Contains(problems, p => p.Message.Contains("needs 'minSeconds' or 'maxSeconds'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("Unknown key 'maxMinutes'", StringComparison.Ordinal) && p.Message.Contains("Known keys: maxSeconds, minSeconds", StringComparison.Ordinal));
    }
}
