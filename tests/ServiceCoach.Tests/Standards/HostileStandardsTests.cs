using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Standards;

/// <summary>
/// Standard files written to hurt: nesting so deep that a recursive parser runs out of stack. Each
/// must be refused as a located problem, never take the process down.
/// </summary>
public sealed class HostileStandardsTests
{
    private const int Deep = 100_000;

    public static TheoryData<string, string> DeeplyNestedYaml => new()
    {
        { "flow sequences", new string('[', Deep) + new string(']', Deep) },
        { "flow mappings", string.Concat(Enumerable.Repeat("{a: ", Deep)) + "1" + new string('}', Deep) },
        { "compact block sequences", string.Concat(Enumerable.Repeat("- ", Deep)) + "x" },
    };

    [Theory]
    [MemberData(nameof(DeeplyNestedYaml))]
    public void Load_NestingDeeperThanTheLimit_IsOneLocatedProblem(string shape, string yaml)
    {
        var result = StandardLoader.Load(yaml, "deep.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("deep.yaml", problem.Location.File);
        Assert.Equal(1, problem.Location.Line);
        Assert.True(problem.Location.Column > 1, shape);
        Assert.Contains($"nested more than {StandardLoader.MaxNestingDepth} levels", problem.Message);
    }

    [Fact]
    public void Load_NestingAtTheLimit_IsParsedAsUsual()
    {
        // A valid document whose deepest value sits exactly at the limit reaches the schema checks.
        var depth = StandardLoader.MaxNestingDepth - 1;
        var yaml = StandardYaml.Minimal + "\nx-extra: " + new string('[', depth) + new string(']', depth) + "\n";

        var problem = Assert.Single(StandardLoader.Load(yaml, "std.yaml").Problems);

        Assert.Contains("Unknown key 'x-extra'", problem.Message);
    }

    public static TheoryData<string, string> DeeplyNestedExpressions => new()
    {
        { "parentheses", new string('(', Deep) + "agent-greets" + new string(')', Deep) },
        { "negations", string.Concat(Enumerable.Repeat("!", Deep)) + "agent-greets" },
    };

    [Theory]
    [MemberData(nameof(DeeplyNestedExpressions))]
    public void Load_ExpressionNestedDeeperThanTheLimit_IsALocatedProblem(string shape, string expression)
    {
        var yaml = StandardYaml.Minimal.Replace("pass: agent-greets", $"pass: \"{expression}\"", StringComparison.Ordinal);
        Assert.NotEqual(StandardYaml.Minimal, yaml);

        var result = StandardLoader.Load(yaml, "std.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.Contains($"nested more than {BooleanExpression.MaxNestingDepth} levels", problem.Message);
        Assert.True(problem.Location.Line > 1, shape);
    }
}
