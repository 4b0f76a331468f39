using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class FirstSolutionTimeOperatorTests
{
    private const string Lexicons = """
        solution:
          name: 解决方案
          phrases: [为您办理, 给您补发, 建议您]
        """;

    private const string Timing = """
        defaults: {firstSolutionSeconds: 300}
        inquiryClasses:
          complex: {name: 复杂问题, categories: [退货], firstSolutionSeconds: 600}
        """;

    private static OperatorResult RunSolution(ServiceCoach.Conversations.Conversation conversation, string operatorText = "firstSolutionTime") =>
        Run(operatorText, conversation, lexicons: Lexicons, timing: Timing);

    [Fact]
    public void FirstSolutionTime_LateSolution_Hits()
    {
        var conversation = Conversation(
            Customer("我收到的电饭煲是坏的", 0, 4),
            Agent("非常抱歉，我先帮您核实一下", 10, 14),
            Agent("我这边马上给您补发一台", 370, 374));

        var check = RunSolution(conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 2, "首次提供方案用时 6 分 10 秒（上限 5 分钟）")], check.Evidence);
        Assert.Equal("首次提供方案用时 6 分 10 秒，超过 5 分钟", check.Reason);
    }

    [Fact]
    public void FirstSolutionTime_SolutionInTime_DoesNotHit()
    {
        var conversation = Conversation(
            Customer("我收到的电饭煲是坏的", 0, 4),
            Agent("我这边马上给您补发一台", 120, 124));

        var check = RunSolution(conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 1, "首次提供方案用时 2 分钟")], check.Evidence);
    }

    [Fact]
    public void FirstSolutionTime_MeasuredFromTheCustomersFirstTurn()
    {
        // The agent greets at 0; the customer states the problem at 30 s; the solution at 320 s is 4 m 50 s later.
        var conversation = Conversation(
            Agent("您好，星辰电器客服，很高兴为您服务", 0, 3),
            Customer("我收到的电饭煲是坏的", 30, 34),
            Agent("建议您先拔掉电源，我们安排上门检测", 320, 325));

        var check = RunSolution(conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void FirstSolutionTime_NoSolutionInALongConversation_Hits()
    {
        var conversation = Conversation(
            Customer("我收到的电饭煲是坏的", 0, 4),
            Agent("非常抱歉，我先帮您核实一下", 10, 14),
            Customer("你们到底怎么处理？", 390, 400));

        var check = RunSolution(conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal("未在 5 分钟内提供初步方案", check.Reason);
    }

    [Fact]
    public void FirstSolutionTime_NoSolutionInAShortConversation_DoesNotHit()
    {
        var conversation = Conversation(
            Customer("我收到的电饭煲是坏的", 0, 4),
            Agent("非常抱歉，我先帮您核实一下", 10, 14),
            Customer("好吧", 60, 61));

        var check = RunSolution(conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void FirstSolutionTime_ComplexInquiryClass_GetsItsOwnLimit()
    {
        var conversation = Conversation(
            Customer("这个商品我要退货", 0, 4),
            Agent("好的，马上为您办理退货", 370, 374)) with { Category = "退货" };

        var check = RunSolution(conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal("首次提供方案用时 6 分 10 秒", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void FirstSolutionTime_InlinePhrasesAndMaxSeconds_OverrideDefaults()
    {
        var conversation = Conversation(
            Customer("我收到的电饭煲是坏的", 0, 4),
            Agent("我们可以安排换新", 75, 78));

        var check = Run("firstSolutionTime: {phrases: [安排换新], maxSeconds: 60}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal("首次提供方案用时 1 分 15 秒（上限 1 分钟）", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void FirstSolutionTime_NoTimestamps_IsNa()
    {
        var conversation = Conversation(
            Customer("我收到的电饭煲是坏的"),
            Agent("我这边马上给您补发一台"));

        var check = RunSolution(conversation);

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("会话无时间戳，无法判断提供方案的用时 (no timestamps)", check.Reason);
    }

    [Fact]
    public void FirstSolutionTime_TraditionalScript_MatchesSimplifiedPhrasesAndQuotesOriginal()
    {
        var conversation = Conversation(
            Customer("我收到的電飯煲是壞的", 0, 4),
            Agent("我這邊馬上給您補發一件", 370, 374));

        var check = RunSolution(conversation);

        Assert.Equal(
            [new EvidenceSpan(1, 0, 11, "我這邊馬上給您補發一件", null, "首次提供方案用时 6 分 10 秒（上限 5 分钟）")],
            check.Evidence);
    }

    [Fact]
    public void FirstSolutionTime_NoSolutionLexiconInTheStandard_IsAProblem()
    {
        // The bare form has no argument mapping in the file: the problem points at the operator's name.
        var problem = SingleProblemOnOperatorLine("firstSolutionTime", "needs 'lexicons' or 'phrases'", "no lexicon 'solution' to use by default");
        Assert.Equal(OperatorColumn, problem.Location.Column);
    }

    [Fact]
    public void FirstSolutionTime_UnknownLexicon_IsAProblemAtTheId()
    {
        const string text = "firstSolutionTime: {lexicons: [solutions]}";
        var problem = SingleProblem(Problems(text, lexicons: Lexicons), OperatorLine, "refers to lexicon 'solutions', which is not defined", "Did you mean 'solution'?");
        Assert.Equal(ColumnOf(text, "solutions"), problem.Location.Column);
    }

    [Fact]
    public void FirstSolutionTime_MaxSecondsNotANumber_IsAProblem()
    {
        SingleProblem(Problems("firstSolutionTime: {maxSeconds: 5min}", lexicons: Lexicons), OperatorLine, "'maxSeconds'", "whole number", "'5min'");
    }
}
