using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class FlowOperatorTests
{
    private const string Flows = """
        complaint:
          name: 投诉处理
          steps:
            - {id: listen, name: 倾听安抚, phrases: [您别着急, 请您慢慢说]}
            - {id: apologize, name: 道歉与承诺, phrases: [非常抱歉, 给您带来不便]}
            - {id: solve, name: 提出方案, phrases: [为您办理, 给您补发]}
            - {id: follow, name: 跟进回访, phrases: [回访, 跟进]}
        """;

    private static OperatorResult RunFlow(string operatorText, ServiceCoach.Conversations.Conversation conversation, string role = "any") =>
        Run(operatorText, conversation, role: role, flows: Flows);

    [Fact]
    public void Flow_AllStepsInOrder_HitsWithOneSpanPerStep()
    {
        var conversation = Conversation(
            Customer("你们寄来的电饭煲是坏的！"),
            Agent("您别着急，请您慢慢说，具体是什么情况？"),
            Customer("插上电一点反应都没有"),
            Agent("非常抱歉给您带来不便"),
            Agent("我这边马上为您办理换货，给您补发一台新的"),
            Agent("三天后我们会电话回访，确认您收到"));

        var check = RunFlow("flow: {flow: complaint}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal(
            [
                Span(conversation, 1, "您别着急", note: "倾听安抚"),
                Span(conversation, 3, "非常抱歉", note: "道歉与承诺"),
                Span(conversation, 4, "为您办理", note: "提出方案"),
                Span(conversation, 5, "回访", note: "跟进回访"),
            ],
            check.Evidence);
        Assert.Null(check.Reason);
    }

    [Fact]
    public void Flow_MissingSteps_DoesNotHitAndNamesThem()
    {
        var conversation = Conversation(
            Customer("你们寄来的电饭煲是坏的！"),
            Agent("您别着急，请您慢慢说"),
            Agent("我这边马上为您办理换货"));

        var check = RunFlow("flow: {flow: complaint}", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal("缺少步骤：道歉与承诺、跟进回访", check.Reason);
        Assert.Equal(2, check.Evidence.Count);
    }

    [Fact]
    public void Flow_StepBeforeThePreviousOne_IsOutOfOrder()
    {
        var conversation = Conversation(
            Agent("您别着急，请您慢慢说"),
            Agent("我先为您办理退款"),
            Agent("非常抱歉给您带来不便"),
            Agent("后续我们会跟进处理结果"));

        var ordered = RunFlow("flow: {flow: complaint}", conversation);
        var unordered = RunFlow("flow: {flow: complaint, ordered: false}", conversation);

        Assert.Equal(CheckOutcome.Fail, ordered.Outcome);
        Assert.Equal("顺序不符：提出方案（出现在「道歉与承诺」之前）", ordered.Reason);
        Assert.Equal(CheckOutcome.Pass, unordered.Outcome);
        Assert.Null(unordered.Reason);
    }

    [Fact]
    public void Flow_MinSteps_AllowsSomeStepsToBeMissing()
    {
        var conversation = Conversation(
            Agent("您别着急，请您慢慢说"),
            Agent("非常抱歉给您带来不便"),
            Agent("马上给您补发"));

        var check = RunFlow("flow: {flow: complaint, minSteps: 3}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal(["倾听安抚", "道歉与承诺", "提出方案"], check.Evidence.Select(e => e.Note));
        Assert.Equal("缺少步骤：跟进回访", check.Reason);
    }

    [Fact]
    public void Flow_StepsSubset_OnlyRequiresThoseStepsInFlowOrder()
    {
        var conversation = Conversation(
            Agent("非常抱歉给您带来不便"),
            Agent("稍后专员会回访您"));

        var check = RunFlow("flow: {flow: complaint, steps: [follow, apologize]}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal(2, check.Evidence.Count);
    }

    [Fact]
    public void Flow_StepSaidByTheWrongRole_DoesNotCount()
    {
        var conversation = Conversation(
            Customer("非常抱歉，我刚才语气不好"),
            Agent("没关系，我马上为您办理"));

        var check = RunFlow("flow: {flow: complaint, steps: [apologize, solve]}", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal("缺少步骤：道歉与承诺", check.Reason);
    }

    [Fact]
    public void Flow_SameTurn_CanCarryConsecutiveSteps()
    {
        var conversation = Conversation(Agent("您别着急，非常抱歉给您带来不便，马上为您办理，之后会回访"));

        var check = RunFlow("flow: {flow: complaint}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
    }

    [Fact]
    public void Flow_TraditionalScript_EvidencePointsIntoTheOriginal()
    {
        var conversation = Conversation(
            Agent("您別著急，請您慢慢說"),
            Agent("非常抱歉給您帶來不便"),
            Agent("馬上為您辦理補發"),
            Agent("稍後會有專員回訪"));

        var check = RunFlow("flow: {flow: complaint}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal(
            [
                new EvidenceSpan(0, 0, 4, "您別著急", null, "倾听安抚"),
                new EvidenceSpan(1, 0, 4, "非常抱歉", null, "道歉与承诺"),
                new EvidenceSpan(2, 2, 4, "為您辦理", null, "提出方案"),
                new EvidenceSpan(3, 6, 2, "回訪", null, "跟进回访"),
            ],
            check.Evidence);
    }

    [Fact]
    public void Flow_UnknownFlow_SuggestsTheClosest()
    {
        const string text = "flow: {flow: complain}";
        var problem = SingleProblem(Problems(text, flows: Flows), OperatorLine, "refers to flow 'complain', which is not defined", "Did you mean 'complaint'?");
        Assert.Equal(ColumnOf(text, "complain}"), problem.Location.Column);
    }

    [Fact]
    public void Flow_MisspeltStep_SuggestsTheClosest()
    {
        const string text = "flow: {flow: complaint, steps: [listen, apologise]}";
        var problem = SingleProblem(Problems(text, flows: Flows), OperatorLine, "names step 'apologise', which flow 'complaint' does not have", "Did you mean 'apologize'?");
        Assert.Equal(ColumnOf(text, "apologise"), problem.Location.Column);
    }

    [Fact]
    public void Flow_UnknownStep_ListsTheFlowsSteps()
    {
        SingleProblem(Problems("flow: {flow: complaint, steps: [thank]}", flows: Flows), OperatorLine, "names step 'thank'", "Steps: listen, apologize, solve, follow.");
    }

    [Fact]
    public void Flow_MinStepsAboveStepCount_IsAProblem()
    {
        SingleProblem(Problems("flow: {flow: complaint, steps: [listen, follow], minSteps: 3}", flows: Flows), OperatorLine, "'minSteps' is 3 but only 2 steps are required");
    }

    [Fact]
    public void Flow_MissingFlowArgument_IsAProblem()
    {
        SingleProblem(Problems("flow: {ordered: false}", flows: Flows), OperatorLine, "needs 'flow'");
    }

    [Fact]
    public void Flow_OrderedNotABoolean_IsAProblem()
    {
        SingleProblem(Problems("flow: {flow: complaint, ordered: yes}", flows: Flows), OperatorLine, "'ordered'", "true or false", "'yes'");
    }
}
