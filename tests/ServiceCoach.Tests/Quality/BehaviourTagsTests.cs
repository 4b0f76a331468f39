using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality;

public sealed class BehaviourTagsTests
{
    private const string TaggingStandard = """
        id: tag-test
        version: "1"
        name: 行为测试
        locale: zh-CN
        lexicons:
          apology: {phrases: [抱歉]}
          upset: {phrases: [太慢了]}
          person: {phrases: [转人工]}
        conditions:
          apologizes: {role: agent, operators: [{phrase: {lexicons: [apology]}}]}
          upset: {role: customer, operators: [{phrase: {lexicons: [upset]}}]}
          wants-person: {role: customer, operators: [{phrase: {lexicons: [person]}}]}
        tags:
          apology: {name: 致歉, when: apologizes}
          customer-upset: {name: 客户不满, when: upset}
          upset-without-apology: {name: 不满未致歉, when: "upset && !apologizes"}
        dissatisfactionRisk:
          bias: -2
          signals:
            upset: {when: upset, weight: 2, reason: 客户表达了不满}
            person: {when: wants-person, weight: 1.5, reason: 客户要求转人工}
        scorecard:
          dimensions: [{id: d, name: 维度, weight: 1}]
          grades: [{id: ok, name: 合格, min: 0}]
          checks:
            - {id: apology, name: 致歉, dimension: d, points: 10, applicable: upset, pass: apologizes}
        """;

    private static readonly QualityEngine Engine = new(StandardLoader.Load(TaggingStandard, "tags.yaml").GetStandardOrThrow());

    private static Conversation Chat(params (Speaker Speaker, string Text)[] turns) =>
        new() { Id = "c-1", Turns = [.. turns.Select(t => new Turn(t.Speaker, t.Text))] };

    [Fact]
    public void Tags_ListTheBehavioursDetected_WithTheirEvidence_InTheStandardsOrder()
    {
        var card = Engine.Score(Chat((Speaker.Customer, "物流太慢了"), (Speaker.Agent, "非常抱歉")));

        Assert.Equal(["apology", "customer-upset"], card.Tags.Select(t => t.Id));
        var apology = card.Tags[0].Evidence.Single();
        Assert.Equal((1, 2, 2, "抱歉"), (apology.Turn, apology.Start, apology.Length, apology.Text));
    }

    [Fact]
    public void AnApology_IsABehaviourEvenWhenNoCheckAsksForIt()
    {
        var card = Engine.Score(Chat((Speaker.Customer, "你好"), (Speaker.Agent, "抱歉久等")));

        Assert.Equal(CheckOutcome.Na, card.Check("apology")!.Outcome);
        Assert.True(card.HasTag("apology"));
    }

    [Fact]
    public void ATagOverANegatedCondition_ShowsOnlyTheEvidenceOfWhatWasFound()
    {
        var card = Engine.Score(Chat((Speaker.Customer, "太慢了"), (Speaker.Agent, "好的")));

        var tag = Assert.Single(card.Tags, t => t.Id == "upset-without-apology");
        Assert.All(tag.Evidence, e => Assert.Equal(0, e.Turn));
    }

    [Fact]
    public void DissatisfactionRisk_IsTheLogisticOfTheSignalsThatHeld_WithReasonsStrongestFirst()
    {
        var calm = Engine.Score(Chat((Speaker.Customer, "你好"), (Speaker.Agent, "您好")));
        var upset = Engine.Score(Chat((Speaker.Customer, "太慢了"), (Speaker.Customer, "转人工"), (Speaker.Agent, "好的")));

        Assert.Equal(0.119m, calm.DissatisfactionRisk); // 1 / (1 + e^2)
        Assert.Empty(calm.RiskReasons);
        Assert.Equal(0.818m, upset.DissatisfactionRisk); // 1 / (1 + e^-1.5)
        Assert.Equal(["upset", "person"], upset.RiskReasons.Select(r => r.Id));
        Assert.Equal("客户表达了不满", upset.RiskReasons[0].Reason);
        Assert.Equal(0, upset.RiskReasons[0].Evidence.Single().Turn);
    }

    [Fact]
    public void AStandardWithoutARiskModel_HasNoRisk()
    {
        var card = new QualityEngine(StandardLoader.Load(Standards.StandardYaml.Minimal, "m.yaml").GetStandardOrThrow())
            .Score(Chat((Speaker.Agent, "您好")));

        Assert.Null(card.DissatisfactionRisk);
        Assert.Empty(card.Tags);
        Assert.DoesNotContain("dissatisfactionRisk", ScorecardJson.ToJson(card), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_CarriesTagsAndRisk_AndReadsBackTheSame()
    {
        var card = Engine.Score(Chat((Speaker.Customer, "太慢了"), (Speaker.Agent, "抱歉")));

        var json = ScorecardJson.ToJson(card);
        var back = ScorecardJson.Parse(json, Engine.Standard);

        Assert.Contains("\"dissatisfactionRisk\":0.5,\"riskReasons\":[{\"id\":\"upset\",\"reason\":\"客户表达了不满\",\"weight\":2,\"evidence\":[", json, StringComparison.Ordinal);
        Assert.Contains("\"tags\":[{\"id\":\"apology\",\"evidence\":[{\"turn\":1,\"start\":0,\"length\":2,\"text\":\"抱歉\"}]}", json, StringComparison.Ordinal);
        Assert.Equal(json, ScorecardJson.ToJson(back));
    }

    [Fact]
    public void Overrides_KeepTagsAndRisk()
    {
        var card = Engine.Score(Chat((Speaker.Customer, "太慢了"), (Speaker.Agent, "好的")));

        var overridden = Engine.ApplyOverrides(card, new Dictionary<string, CheckOutcome> { ["apology"] = CheckOutcome.Pass });

        Assert.Equal(card.Tags.Select(t => t.Id), overridden.Tags.Select(t => t.Id));
        Assert.Equal(card.DissatisfactionRisk, overridden.DissatisfactionRisk);
    }

    [Theory]
    [InlineData("tags:\n  t: {when: nothing}\n", "Tag 't': 'nothing' is not a known condition.")]
    [InlineData("tags:\n  t: {name: x}\n", "'when'")]
    [InlineData("dissatisfactionRisk:\n  bias: 0\n  signals:\n    s: {when: nothing, weight: 1, reason: r}\n", "Risk signal 's': 'nothing' is not a known condition.")]
    [InlineData("dissatisfactionRisk:\n  signals: {}\n", "'bias'")]
    public void AMistakeInTagsOrRisk_IsAProblemWithItsLocation(string section, string fragment)
    {
        var yaml = Standards.StandardYaml.Minimal + "\n" + section;

        var result = StandardLoader.Load(yaml, "broken.yaml");

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems);
        Assert.Contains(fragment, problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Location.Line > 40, $"line {problem.Location.Line}");
    }
}
