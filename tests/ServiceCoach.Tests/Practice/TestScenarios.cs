using ServiceCoach.Practice;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Practice;

/// <summary>A small scenario over the shipped standard, written here so the tests show the numbers they assert.</summary>
internal static class TestScenarios
{
    public const string LateParcel = """
        id: test-late-parcel
        version: 2
        added: 2026-11-02
        title: 晚到的包裹
        category: complaint
        difficulty: 2
        maxTurns: 6
        persona: {name: 李女士, tier: P1, emotion: 60}
        goal: 道歉并给出补发方案和时间
        opening: [我的包裹怎么还没到？太慢了！]
        cues:
          order: [订单号]
        needs:
          - id: heard
            name: 被理解
            when: empathy || apology
            ask: [你们就没点表示吗？, 我要一个态度。]
            ack: [好吧。]
            model: 非常抱歉让您久等了。
          - id: remedy
            name: 补救方案
            when: solution
            acceptBelow: 55
            ask: [那怎么办？]
            model: 我马上为您补发。
        beats:
          - id: order
            when: order
            say: [订单号是 123。]
        rubric:
          - {id: sorry-first, name: 先道歉, points: 60, when: "apology<<solution", model: 非常抱歉。}
          - {id: flow, name: 投诉流程, points: 40, when: "check:apology"}
        examples:
          good: [非常抱歉让您久等了, 我马上为您补发, 请问还有其他可以帮您的吗？]
          bad: [你应该自己查]
          badFails: [negative-phrasing]
        """;

    public static CompiledScenario Load(string yaml = LateParcel) =>
        ScenarioLoader.Load(yaml, "test.yaml", ShippedStandards.Default).GetScenarioOrThrow();

    public static IReadOnlyList<StandardProblem> Problems(string yaml) =>
        ScenarioLoader.Load(yaml, "test.yaml", ShippedStandards.Default).Problems;

    /// <summary>The 1-based line and column of the first occurrence of <paramref name="marker"/> in <paramref name="yaml"/>.</summary>
    public static (int Line, int Column) Find(string yaml, string marker)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(marker, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (i + 1, column + 1);
            }
        }

        throw new InvalidOperationException($"'{marker}' is not in the scenario.");
    }
}
