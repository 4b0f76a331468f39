using ServiceCoach.Complaints;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Complaints;

public sealed class HandlingStepsTests
{
    private static readonly ComplaintStandard Complaints = ShippedStandards.Default.Definition.Complaints!;
    private static readonly FlowDefinition Lusaf = ShippedStandards.Default.Definition.Flows.Single(f => f.Id == "lusaf");
    private static readonly FlowDefinition Learn = ShippedStandards.Default.Definition.Flows.Single(f => f.Id == "learn");
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 10, 0, 0, TimeSpan.FromHours(8));

    private static RecordedStep Step(string id) => new(id, Now, null, [], null);

    [Fact]
    public void Walk_NothingRecorded_NextIsListen()
    {
        var walk = HandlingSteps.Walk(Complaints, Lusaf, []);

        Assert.Equal(["listen", "understand", "apologize", "solve", "follow-up"], walk.Steps.Select(s => s.StepId));
        Assert.Equal("listen", walk.Next?.StepId);
        Assert.False(walk.Complete);
    }

    [Fact]
    public void Validate_SkippingAStep_AsksForTheMissingOne()
    {
        var problems = HandlingSteps.Validate(Complaints, Lusaf, [Step("listen")], "apologize", [], Now.AddHours(2), Now);

        Assert.Equal(["请先完成「确认与澄清」。"], problems);
    }

    [Fact]
    public void Validate_ApologizeWithoutATimeFrame_IsRefused()
    {
        var problems = HandlingSteps.Validate(Complaints, Lusaf, [Step("listen"), Step("understand")], "apologize", [], null, Now);

        Assert.Contains(problems, p => p.Contains("具体时间", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void Validate_ResolveOffersTwoOrThreeOptions(int count, bool ok)
    {
        RecordedStep[] done = [Step("listen"), Step("empathize"), Step("ask")];
        var options = Enumerable.Range(1, count).Select(i => $"方案{i}").ToArray();

        var problems = HandlingSteps.Validate(Complaints, Learn, done, "resolve", options, null, Now);

        Assert.Equal(ok, problems.Count == 0);
    }

    [Fact]
    public void Validate_RepeatedOptions_CountOnce()
    {
        RecordedStep[] done = [Step("listen"), Step("empathize"), Step("ask")];

        var problems = HandlingSteps.Validate(Complaints, Learn, done, "resolve", ["换新", " 换新 ", ""], null, Now);

        Assert.Contains(problems, p => p.Contains("现在是 1 个", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1800, true)]
    [InlineData(1801, false)]
    [InlineData(0, false)]
    public void Validate_NowCommitsWithinThirtyMinutes(int secondsFromNow, bool ok)
    {
        RecordedStep[] done = [Step("listen"), Step("empathize"), Step("ask"), Step("resolve")];

        var problems = HandlingSteps.Validate(Complaints, Learn, done, "now", [], Now.AddSeconds(secondsFromNow), Now);

        Assert.Equal(ok, problems.Count == 0);
    }

    [Theory]
    [InlineData(30, "30 秒")]
    [InlineData(1800, "30 分钟")]
    [InlineData(7200, "2 小时")]
    [InlineData(86400, "1 天")]
    [InlineData(93600, "1 天 2 小时")]
    [InlineData(-90, "-1 分 30 秒")]
    public void Duration_ReadsLikeAPersonSaysIt(long seconds, string text)
    {
        Assert.Equal(text, HandlingSteps.Duration(seconds));
    }
}
