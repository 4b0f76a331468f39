using ServiceCoach.Conversations;
using ServiceCoach.Practice;

namespace ServiceCoach.Tests.Practice;

public sealed class ScenarioLoaderTests
{
    [Fact]
    public void Load_AWellFormedScenario_GivesEveryField()
    {
        var scenario = TestScenarios.Load().Definition;

        Assert.Equal(("test-late-parcel", 2, new DateOnly(2026, 11, 2)), (scenario.Id, scenario.Version, scenario.Added));
        Assert.Equal(("complaint", "投诉", 2, Channel.Chat, 6), (scenario.Category, scenario.CategoryName, scenario.Difficulty, scenario.Channel, scenario.MaxTurns));
        Assert.Equal(new Persona("李女士", "P1", Temperament.Normal, 60, null), scenario.Persona);
        Assert.Equal(["heard", "remedy"], scenario.Needs.Select(n => n.Id));
        Assert.Equal(55, scenario.Needs[1].AcceptBelow);
        Assert.Equal("order", Assert.Single(scenario.Cues).Id);
        Assert.Equal(["sorry-first", "flow"], scenario.Rubric.Select(r => r.Id));
        Assert.Equal(["negative-phrasing"], scenario.Examples.BadFails);
    }

    [Fact]
    public void Load_AnUnknownKey_IsAProblemAtItsLineAndColumn_WithTheClosestKnownKey()
    {
        var yaml = TestScenarios.LateParcel.Replace("maxTurns: 6", "maxTurn: 6", StringComparison.Ordinal);

        var problem = Assert.Single(TestScenarios.Problems(yaml));

        Assert.Equal(TestScenarios.Find(yaml, "maxTurn:"), (problem.Location.Line, problem.Location.Column));
        Assert.Contains("Unknown key 'maxTurn'", problem.Message);
        Assert.Contains("Did you mean 'maxTurns'?", problem.Message);
    }

    [Fact]
    public void Load_ATriggerNamingATagTheStandardLacks_PointsAtTheOperand()
    {
        var yaml = TestScenarios.LateParcel.Replace("when: empathy || apology", "when: empathy || apologie", StringComparison.Ordinal);

        var problem = Assert.Single(TestScenarios.Problems(yaml));

        Assert.Equal(TestScenarios.Find(yaml, "apologie"), (problem.Location.Line, problem.Location.Column));
        Assert.Contains("'apologie' is neither a tag of the standard", problem.Message);
        Assert.Contains("Did you mean 'apology'?", problem.Message);
    }

    [Fact]
    public void Load_ALexiconOperand_MustNameALexiconOfTheStandard()
    {
        var good = TestScenarios.LateParcel.Replace("when: solution\n", "when: solution || lexicon:followup\n", StringComparison.Ordinal);
        var bad = TestScenarios.LateParcel.Replace("when: solution\n", "when: solution || lexicon:follow\n", StringComparison.Ordinal);

        Assert.Empty(TestScenarios.Problems(good));
        Assert.Contains("has no lexicon 'follow'", Assert.Single(TestScenarios.Problems(bad)).Message);
    }

    [Theory]
    [InlineData("when: \"apology<<solution\"", "(a before b) is for rubric items")]
    [InlineData("when: outcome:resolved", "the outcome is only known for rubric items")]
    [InlineData("when: check:apology", "only rubric items can name them")]
    [InlineData("when: emotion>=high", "expected a whole number")]
    [InlineData("when: mood>=3", "only emotion and turn can be compared")]
    [InlineData("when: need:refund", "there is no need 'refund'")]
    [InlineData("when: apology &&", "The expression ends where an operand was expected.")]
    public void Load_ABeatTrigger_AcceptsOnlyWhatOneReplyCanTell(string trigger, string message)
    {
        var yaml = TestScenarios.LateParcel.Replace("when: order\n", trigger + "\n", StringComparison.Ordinal);

        var problem = Assert.Single(TestScenarios.Problems(yaml));

        Assert.Contains(message, problem.Message);
        Assert.Equal(TestScenarios.Find(yaml, trigger).Line, problem.Location.Line);
    }

    [Fact]
    public void Load_MissingRequiredFields_AreEachReported()
    {
        var yaml = TestScenarios.LateParcel
            .Replace("goal: 道歉并给出补发方案和时间\n", "", StringComparison.Ordinal)
            .Replace("    model: 我马上为您补发。\n", "", StringComparison.Ordinal);

        var messages = TestScenarios.Problems(yaml).Select(p => p.Message).ToArray();

        Assert.Contains("The scenario needs 'goal' (text).", messages);
        Assert.Contains("A need needs 'model' (text).", messages);
    }

    [Theory]
    [InlineData("category: complaint", "category: complaints", "Unknown category 'complaints'")]
    [InlineData("difficulty: 2", "difficulty: 4", "must be between 1 and 3")]
    [InlineData("added: 2026-11-02", "added: 2026/11/02", "must be a date written YYYY-MM-DD")]
    [InlineData("tier: P1", "tier: VIP", "must be P1, P2 or P3")]
    [InlineData("emotion: 60", "emotion: 100", "must be between 0 and 99")]
    [InlineData("badFails: [negative-phrasing]", "badFails: [rude]", "'rude', which is not a check of the standard")]
    [InlineData("order: [订单号]", "apology: [订单号]", "Cue 'apology' has the name of a tag")]
    [InlineData("id: remedy", "id: heard", "There are two needs with the id 'heard'.")]
    public void Load_AnInvalidValue_IsExplained(string from, string to, string message)
    {
        var yaml = TestScenarios.LateParcel.Replace(from, to, StringComparison.Ordinal);

        Assert.Contains(TestScenarios.Problems(yaml), p => p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_BrokenYaml_IsASyntaxProblemNotAnException()
    {
        var problem = Assert.Single(TestScenarios.Problems("id: x\nneeds: [a, b\n"));

        Assert.StartsWith("YAML syntax:", problem.Message);
        Assert.Equal("test.yaml", problem.Location.File);
    }

    [Fact]
    public void Load_AReactionOverride_ReplacesTheDefaultEffect_AndMustNameASignal()
    {
        var overridden = TestScenarios.Load(TestScenarios.LateParcel.Replace("cues:", "reactions: {jargon: 15}\ncues:", StringComparison.Ordinal));
        var unknown = TestScenarios.Problems(TestScenarios.LateParcel.Replace("cues:", "reactions: {jargons: 15}\ncues:", StringComparison.Ordinal));

        Assert.Equal(15, overridden.EffectOf("jargon"));
        Assert.Equal(CustomerReactions.Default.Effects.Single(e => e.Key == "empathy").Value, overridden.EffectOf("empathy"));
        Assert.Contains("In reactions: 'jargons'", Assert.Single(unknown).Message);
    }

    [Fact]
    public void ShippedReactions_LoadWithoutProblems()
    {
        var (reactions, problems) = CustomerReactions.Load(CustomerReactions.DefaultYaml);

        Assert.Empty(problems);
        Assert.Equal("closing", reactions!.ClosingSignal);
        Assert.Contains(reactions.Effects, e => e.Key == "negative-phrasing" && e.Value > 0);
    }
}
