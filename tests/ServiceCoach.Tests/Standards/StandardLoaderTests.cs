using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Standards;

public sealed class StandardLoaderTests
{
    private static StandardProblem SingleProblem(string yaml)
    {
        var result = StandardLoader.Load(yaml, "std.yaml");
        Assert.False(result.Succeeded);
        Assert.Null(result.Standard);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void Load_MinimalStandard_Compiles()
    {
        var result = StandardLoader.Load(StandardYaml.Minimal, "std.yaml");

        Assert.Empty(result.Problems);
        var standard = result.GetStandardOrThrow();
        Assert.Equal("test.minimal", standard.Id);
        Assert.Equal("1", standard.Version);
        Assert.Equal(["greeting", "negative-phrasing"], standard.CheckDefinitions.Select(c => c.Id));
        Assert.Equal(3, standard.PatternCount);
    }

    [Fact]
    public void Load_YamlSyntaxError_ReportsLineAndColumn()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("name: 测试标准", "name: [测试标准"));

        Assert.Equal("std.yaml", problem.Location.File);
        Assert.Equal(3, problem.Location.Line);
        Assert.StartsWith("YAML syntax", problem.Message);
    }

    [Fact]
    public void Load_UnclosedFlowSequenceDeepInside_PointsAtItsBracket()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("phrases: [您好, 你好]", "phrases: [您好, 你好"));

        Assert.Equal(new SourceLocation("std.yaml", 7, 14), problem.Location);
        Assert.Contains("never closed", problem.Message);
    }

    [Fact]
    public void Load_MisspeltKey_ReportsItWithAHint()
    {
        var problems = StandardLoader.Load(StandardYaml.Minimal.Replace("      - phrase: {lexicons: [greeting]}", "      - phrase: {lexicon: [greeting]}"), "std.yaml").Problems;

        var problem = Assert.Single(problems, p => p.Message.StartsWith("Unknown key", StringComparison.Ordinal));
        Assert.Equal(new SourceLocation("std.yaml", 17, 18), problem.Location);
        Assert.Contains("Unknown key 'lexicon'", problem.Message);
        Assert.Contains("Did you mean 'lexicons'?", problem.Message);
    }

    [Fact]
    public void Load_UnknownTopLevelKey_IsAnError()
    {
        var problem = SingleProblem(StandardYaml.Minimal + "\nscorcard: {}\n");

        Assert.Contains("Unknown key 'scorcard'", problem.Message);
        Assert.Contains("Did you mean 'scorecard'?", problem.Message);
    }

    [Fact]
    public void Load_WrongType_SaysWhatWasExpected()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("points: 10\n      pass: agent-greets", "points: ten\n      pass: agent-greets"));

        Assert.Equal(33, problem.Location.Line);
        Assert.Equal("'points' in a check must be a number, found 'ten'.", problem.Message);
    }

    [Fact]
    public void Load_EmptyLexicon_IsAnError()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("phrases: [您好, 你好]", "phrases: []"));

        Assert.Equal(7, problem.Location.Line);
        Assert.Equal("Lexicon 'greeting' is empty: list at least one phrase.", problem.Message);
    }

    [Fact]
    public void Load_PhraseWithoutRequiredSuggestion_IsAnError()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("      - {text: 您必须, suggestion: 我们建议您}", "      - 您必须"));

        Assert.Equal(11, problem.Location.Line);
        Assert.Contains("needs a suggested rewrite", problem.Message);
    }

    [Fact]
    public void Load_DuplicateCheckId_IsAnError()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("- id: negative-phrasing", "- id: greeting"));

        Assert.Equal("Duplicate check id 'greeting'.", problem.Message);
        Assert.Equal(35, problem.Location.Line);
    }

    [Fact]
    public void Load_ReferenceToMissingLexicon_NamesTheClosestOne()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("lexicons: [negative]", "lexicons: [negatve]"));

        Assert.Equal(new SourceLocation("std.yaml", 21, 29), problem.Location);
        Assert.Contains("refers to lexicon 'negatve', which is not defined. Did you mean 'negative'?", problem.Message);
    }

    [Fact]
    public void Load_ReferenceToMissingCondition_IsAnErrorAtTheExpression()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("pass: agent-greets", "pass: agent-greet"));

        Assert.Equal(new SourceLocation("std.yaml", 34, 13), problem.Location);
        Assert.Equal("Check 'greeting': 'agent-greet' is not a known condition.", problem.Message);
    }

    [Fact]
    public void Load_BadExpression_PointsAtTheOffendingCharacter()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("pass: agent-greets", "pass: \"agent-greets && (agent-negative\""));

        Assert.Equal(34, problem.Location.Line);
        // Column 13 is the opening quote; the expression text starts at 14.
        Assert.Equal(14 + "agent-greets && ".Length, problem.Location.Column);
        Assert.Contains("never closed", problem.Message);
    }

    [Fact]
    public void Load_SingleAmpersand_AsksForTheDoubledOperator()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("pass: agent-greets", "pass: \"agent-greets & agent-negative\""));

        Assert.Contains("Use '&&'", problem.Message);
    }

    [Fact]
    public void Load_UnknownOperator_ListsTheClosestName()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("- phrase: {lexicons: [negative]}", "- phrases: {lexicons: [negative]}"));

        Assert.Equal(new SourceLocation("std.yaml", 21, 9), problem.Location);
        Assert.Contains("Unknown operator 'phrases'", problem.Message);
        Assert.Contains("Did you mean 'phrase'?", problem.Message);
    }

    [Fact]
    public void Load_RegexThatDoesNotCompile_IsAnError()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("- phrase: {lexicons: [negative]}", "- regex: {pattern: \"(订单\"}"));

        Assert.Equal(21, problem.Location.Line);
        Assert.Contains("the regular expression does not compile", problem.Message);
    }

    [Fact]
    public void Load_RegexNeedingBacktracking_IsRejected()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("- phrase: {lexicons: [negative]}", "- regex: {pattern: '(a)\\1'}"));

        Assert.Contains("linear time", problem.Message);
    }

    [Fact]
    public void Load_AnchorCycle_IsAnError()
    {
        var yaml = StandardYaml.Minimal
            .Replace("    role: agent\n    turns: {first: 1}", "    role: agent\n    anchor: {after: agent-negative}")
            .Replace("  agent-negative:\n    role: agent", "  agent-negative:\n    role: agent\n    anchor: {after: agent-greets}");

        var problems = StandardLoader.Load(yaml, "std.yaml").Problems;

        Assert.Contains(problems, p => p.Message.Contains("anchored on itself through a cycle"));
    }

    [Fact]
    public void Load_GradesWithoutAZeroBand_IsAnError()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("{id: D, name: 不合格, min: 0}", "{id: D, name: 不合格, min: 10}"));

        Assert.Contains("add a band with min: 0", problem.Message);
    }

    [Fact]
    public void Load_CheckWithBothPassAndFail_IsAnError()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("pass: agent-greets", "pass: agent-greets\n      fail: agent-negative"));

        Assert.Contains("exactly one of 'pass", problem.Message);
    }

    [Fact]
    public void Load_CheckInUnknownDimension_IsAnError()
    {
        var problem = SingleProblem(StandardYaml.Minimal.Replace("dimension: attitude", "dimension: atitude"));

        Assert.Contains("names dimension 'atitude'", problem.Message);
    }

    [Fact]
    public void Load_SeveralProblems_AreAllReported()
    {
        var yaml = StandardYaml.Minimal
            .Replace("lexicons: [negative]", "lexicons: [negatve]")
            .Replace("points: 10\n      pass: agent-greets", "points: ten\n      pass: agent-greets")
            .Replace("name: 测试标准", "name: 测试标准\ncolour: blue");

        var problems = StandardLoader.Load(yaml, "std.yaml").Problems;

        Assert.True(problems.Count >= 2, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("")]
    [InlineData("just text")]
    [InlineData("- a\n- b")]
    [InlineData("id: [")]
    [InlineData("{{{{")]
    [InlineData("id: x\nversion: 1\nname: n\nlocale: zh\nlexicons: 3\nconditions: []\nscorecard: x")]
    public void Load_Garbage_ReportsProblemsWithoutThrowing(string yaml)
    {
        var result = StandardLoader.Load(yaml, "std.yaml");

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Problems);
        Assert.All(result.Problems, p => Assert.True(p.Location.Line >= 1));
    }
}
