using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Standards;

public sealed class OperatorArgumentLocationTests
{
    private const string Yaml = """
        id: t
        version: "1"
        name: 测试
        locale: zh-CN
        lexicons:
          greeting: {phrases: [您好]}
        conditions:
          c:
            operators:
              - regex
        scorecard:
          dimensions: [{id: d, weight: 1}]
          grades: [{id: ok, min: 0}]
          checks: [{id: k, dimension: d, points: 1, pass: c}]
        """;

    [Fact]
    public void BareOperator_MissingRequiredArgument_IsReportedAtTheOperatorName()
    {
        var result = StandardLoader.Load(Yaml, "bare.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new SourceLocation("bare.yaml", 10, 9), problem.Location);
        Assert.Contains("needs 'pattern'", problem.Message, StringComparison.Ordinal);
    }
}
