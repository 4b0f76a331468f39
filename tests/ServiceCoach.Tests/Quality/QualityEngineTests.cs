using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality;

public sealed class QualityEngineTests
{
    /// <summary>Two dimensions (70/30), a fatal check, a bonus check and a check that only applies to complaints.</summary>
    private const string ScoringStandard = """
        id: scoring-test
        version: "3"
        name: 计分测试
        locale: zh-CN
        lexicons:
          greeting: {phrases: [您好]}
          closing: {phrases: [再见]}
          apology: {phrases: [抱歉]}
          complaint: {phrases: [投诉]}
          abuse: {phrases: [闭嘴]}
          praise: {phrases: [服务很好]}
          hold: {phrases: [请稍等]}
        conditions:
          greets: {role: agent, turns: {first: 1}, operators: [{phrase: {lexicons: [greeting]}}]}
          closes: {role: agent, turns: {last: 1}, operators: [{phrase: {lexicons: [closing]}}]}
          apologizes: {role: agent, operators: [{phrase: {lexicons: [apology]}}]}
          complains: {role: customer, operators: [{phrase: {lexicons: [complaint]}}]}
          abusive: {role: agent, operators: [{phrase: {lexicons: [abuse]}}]}
          praised: {role: customer, operators: [{phrase: {lexicons: [praise]}}]}
          silent: {role: agent, operators: [{silence: {maxSeconds: 10, holdLexicons: []}}]}
        scorecard:
          dimensions:
            - {id: norms, name: 规范, weight: 70}
            - {id: attitude, name: 态度, weight: 30}
          grades:
            - {id: A, name: 优秀, min: 90}
            - {id: C, name: 合格, min: 60}
            - {id: D, name: 不合格, min: 0}
          checks:
            - {id: greeting, name: 问候, dimension: norms, points: 10, pass: greets}
            - {id: closing, name: 结束, dimension: norms, points: 30, pass: closes}
            - {id: apology, name: 道歉, dimension: attitude, points: 10, applicable: complains, pass: apologizes}
            - {id: abuse, name: 辱骂, dimension: attitude, points: 10, fatal: true, fail: abusive}
            - {id: praise, name: 表扬, dimension: attitude, points: 5, bonus: true, pass: praised}
            - {id: announced-hold, name: 等待告知, dimension: attitude, points: 10, applicable: silent, pass: apologizes}
        """;

    private static readonly QualityEngine Engine = new(StandardLoader.Load(ScoringStandard, "scoring.yaml").GetStandardOrThrow());

    private static Conversation Chat(params (Speaker Speaker, string Text)[] turns) =>
        new() { Id = "c-1", Turns = [.. turns.Select(t => new Turn(t.Speaker, t.Text))] };

    private static Conversation Timed(params (Speaker Speaker, string Text, long Start)[] turns) =>
        new() { Id = "c-2", Channel = Channel.Phone, Turns = [.. turns.Select(t => new Turn(t.Speaker, t.Text, t.Start, t.Start + 1000))] };

    [Fact]
    public void Score_EverythingPassed_Is100WithTheTopGrade()
    {
        var card = Engine.Score(Chat((Speaker.Agent, "您好"), (Speaker.Customer, "好的"), (Speaker.Agent, "再见")));

        Assert.Equal(100m, card.Score);
        Assert.Equal("A", card.Grade);
        Assert.False(card.Fatal);
        Assert.Equal(CheckOutcome.Na, card.Check("apology")!.Outcome);
        Assert.Equal("scoring-test", card.StandardId);
        Assert.Equal("3", card.StandardVersion);
    }

    [Fact]
    public void Score_WeightsDimensionsAndExcludesNaChecks()
    {
        // norms: greeting passes (10/40 = 25); attitude: abuse passes (10/10 = 100), apology na.
        var card = Engine.Score(Chat((Speaker.Agent, "您好"), (Speaker.Customer, "好")));

        Assert.Equal(25m, card.Dimensions.Single(d => d.Id == "norms").Score);
        Assert.Equal(100m, card.Dimensions.Single(d => d.Id == "attitude").Score);
        Assert.Equal(47.5m, card.Score); // (70 × 25 + 30 × 100) / 100
        Assert.Equal("D", card.Grade);
    }

    [Fact]
    public void Score_FatalFailure_ZeroesTheScore()
    {
        var card = Engine.Score(Chat((Speaker.Agent, "您好，闭嘴"), (Speaker.Agent, "再见")));

        Assert.True(card.Fatal);
        Assert.Equal(0m, card.Score);
        Assert.Equal(CheckOutcome.Fail, card.Check("abuse")!.Outcome);
        Assert.Equal("闭嘴", Assert.Single(card.Check("abuse")!.Evidence).Text);
    }

    [Fact]
    public void Score_BonusAddsPointsButNeverExceeds100()
    {
        var perfect = Engine.Score(Chat((Speaker.Agent, "您好"), (Speaker.Customer, "服务很好"), (Speaker.Agent, "再见")));
        var imperfect = Engine.Score(Chat((Speaker.Agent, "您好"), (Speaker.Customer, "服务很好"), (Speaker.Agent, "好的")));

        Assert.Equal(100m, perfect.Score);
        Assert.Equal(52.5m, imperfect.Score); // 47.5 + 5 bonus
        Assert.Equal(5m, imperfect.Check("praise")!.Points);
    }

    [Fact]
    public void Score_ApplicabilityUnknownAfterAConversationWhereItApplied_IsNaWithoutStaleEvidence()
    {
        // Regression: evidence ranges of conditions not evaluated for THIS conversation were read
        // from the previous one (an index out of range, or someone else's evidence).
        var timed = Engine.Score(Timed((Speaker.Agent, "抱歉请稍等", 0), (Speaker.Agent, "您好，抱歉久等，再见", 30_000)));
        Assert.Equal(CheckOutcome.Pass, timed.Check("announced-hold")!.Outcome);

        var untimed = Engine.Score(Chat((Speaker.Agent, "您好"), (Speaker.Agent, "再见")));

        var check = untimed.Check("announced-hold")!;
        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Empty(check.Evidence);
        Assert.Contains("时间戳", check.Reason);
    }

    [Fact]
    public void Score_FailedCheck_CarriesMessageOrSuggestionAndEvidenceOffsetsIntoTheOriginal()
    {
        var card = Engine.Score(Chat((Speaker.Customer, "我要投訴"), (Speaker.Agent, "您好"), (Speaker.Agent, "再見")));

        Assert.Equal(CheckOutcome.Fail, card.Check("apology")!.Outcome);
        var closing = card.Check("closing")!;
        Assert.Equal(CheckOutcome.Pass, closing.Outcome);
        var evidence = Assert.Single(closing.Evidence);
        Assert.Equal((2, 0, 2, "再見"), (evidence.Turn, evidence.Start, evidence.Length, evidence.Text));
    }

    [Fact]
    public void ApplyOverrides_ReviewerDecisionCountsInEveryFigure()
    {
        var card = Engine.Score(Chat((Speaker.Agent, "您好"), (Speaker.Customer, "好")));
        Assert.Equal(47.5m, card.Score);

        var overridden = Engine.ApplyOverrides(card, new Dictionary<string, CheckOutcome> { ["closing"] = CheckOutcome.Pass });

        Assert.Equal(100m, overridden.Score);
        Assert.Equal("A", overridden.Grade);
        Assert.Equal(30m, overridden.Check("closing")!.Points);
        Assert.Contains("overridden", overridden.Check("closing")!.Reason);
        Assert.Equal(card.Check("greeting"), overridden.Check("greeting"));
    }

    [Fact]
    public void ApplyOverrides_OverridingAFatalFailure_LiftsTheZero()
    {
        var card = Engine.Score(Chat((Speaker.Agent, "您好，闭嘴"), (Speaker.Agent, "再见")));

        var overridden = Engine.ApplyOverrides(card, new Dictionary<string, CheckOutcome> { ["abuse"] = CheckOutcome.Pass });

        Assert.False(overridden.Fatal);
        Assert.Equal(100m, overridden.Score);
    }

    [Fact]
    public void ApplyOverrides_ScorecardOfAnotherStandardVersion_IsRefused()
    {
        var card = Engine.Score(Chat((Speaker.Agent, "您好"))) with { StandardVersion = "2" };

        Assert.Throws<ArgumentException>(() => Engine.ApplyOverrides(card, new Dictionary<string, CheckOutcome>()));
    }

    [Fact]
    public void ScorecardJson_RoundTripsThroughParse()
    {
        var card = Engine.Score(Chat((Speaker.Customer, "我要投诉"), (Speaker.Agent, "您好，闭嘴"), (Speaker.Agent, "抱歉，再见")));
        var json = ScorecardJson.ToJson(card);

        var parsed = ScorecardJson.Parse(json, Engine.Standard);

        Assert.Equal(json, ScorecardJson.ToJson(parsed));
        Assert.Equal(card.Score, parsed.Score);
        Assert.Equal(card.Checks.Select(c => (c.Id, c.Outcome, c.Points)), parsed.Checks.Select(c => (c.Id, c.Outcome, c.Points)));
    }
}
