namespace ServiceCoach.Tests.Standards;

/// <summary>Small, valid standard files for loader tests; each test breaks one thing.</summary>
internal static class StandardYaml
{
    public const string Minimal = """
        id: test.minimal
        version: "1"
        name: 测试标准
        locale: zh-CN
        lexicons:
          greeting:
            phrases: [您好, 你好]
          negative:
            requireSuggestions: true
            phrases:
              - {text: 您必须, suggestion: 我们建议您}
        conditions:
          agent-greets:
            role: agent
            turns: {first: 1}
            operators:
              - phrase: {lexicons: [greeting]}
          agent-negative:
            role: agent
            operators:
              - phrase: {lexicons: [negative]}
        scorecard:
          dimensions:
            - {id: norms, name: 服务规范, weight: 60}
            - {id: attitude, name: 服务态度, weight: 40}
          grades:
            - {id: A, name: 优秀, min: 90}
            - {id: D, name: 不合格, min: 0}
          checks:
            - id: greeting
              name: 问候
              dimension: norms
              points: 10
              pass: agent-greets
            - id: negative-phrasing
              name: 否定表达
              dimension: attitude
              points: 10
              fail: agent-negative
        """;
}
