using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Web.Tests.Standards;

public sealed class WhatIfTests
{
    private static readonly CompiledStandard Draft = StandardLoader.Load("""
        id: test.what-if
        version: "2"
        name: 试算标准
        locale: zh-CN
        lexicons:
          greeting:
            phrases: [您好]
        conditions:
          agent-greets:
            role: agent
            operators:
              - phrase: {lexicons: [greeting]}
        scorecard:
          dimensions:
            - {id: norms, name: 服务规范, weight: 100}
          grades:
            - {id: A, name: 优秀, min: 90}
            - {id: B, name: 良好, min: 75}
            - {id: D, name: 不合格, min: 0}
          checks:
            - id: greeting
              name: 问候
              dimension: norms
              points: 10
              pass: agent-greets
            - id: closing
              name: 结束语
              dimension: norms
              points: 10
              pass: agent-greets
        """, "draft.yaml").GetStandardOrThrow();

    [Fact]
    public void Compare_PassRate_CountsOnlyTheConversationsWhereTheCheckApplied()
    {
        var subjects = new[]
        {
            Subject("c1", Card(100, "A", ("greeting", CheckOutcome.Pass)), Card(100, "A", ("greeting", CheckOutcome.Pass))),
            Subject("c2", Card(100, "A", ("greeting", CheckOutcome.Na)), Card(100, "A", ("greeting", CheckOutcome.Fail))),
            Subject("c3", Card(100, "A", ("greeting", CheckOutcome.Fail)), Card(100, "A", ("greeting", CheckOutcome.Fail))),
        };

        var report = WhatIf.Compare(7, Draft, subjects);

        var greeting = Assert.Single(report.Checks, c => c.CheckId == "greeting");
        Assert.Equal(new CheckTally(1, 1, 1), greeting.Before);
        Assert.Equal(new CheckTally(1, 2, 0), greeting.After);
        Assert.Equal(0.5, greeting.Before!.PassRate);
        Assert.Equal(1 / 3.0, greeting.After!.PassRate!.Value, 10);
        Assert.Equal(-16.7, greeting.PassRateChange);
    }

    [Fact]
    public void Compare_ListsOnlyConversationsWhoseGradeOrFatalFlagChanges_LargestScoreChangeFirst()
    {
        var subjects = new[]
        {
            Subject("same-grade", Card(95, "A"), Card(91, "A")),
            Subject("a-to-b", Card(95, "A"), Card(80, "B")),
            Subject("fatal", Card(0, "D", fatal: true), Card(0, "D")),
            Subject("b-to-d", Card(85, "B"), Card(0, "D", fatal: true), reviewed: true),
        };

        var report = WhatIf.Compare(7, Draft, subjects);

        Assert.Equal(["b-to-d", "a-to-b", "fatal"], report.Changes.Select(c => c.ConversationId));
        Assert.Equal(new WhatIfChange("b-to-d", "agent", 85, 0, "B", "D", false, true, true), report.Changes[0]);
        Assert.Equal((1, 1), (report.FatalBefore, report.FatalAfter));
        Assert.Equal((68.8m, 42.8m), (report.MeanScoreBefore!.Value, report.MeanScoreAfter!.Value));
    }

    [Fact]
    public void Compare_ChecksAndGrades_FollowTheDraftsOrder_ThenWhatOnlyTheCurrentVersionHas()
    {
        var subjects = new[]
        {
            Subject("c1", Card(70, "C", ("retired", CheckOutcome.Fail), ("greeting", CheckOutcome.Pass)), Card(100, "A", ("greeting", CheckOutcome.Pass), ("closing", CheckOutcome.Pass))),
        };

        var report = WhatIf.Compare(7, Draft, subjects);

        Assert.Equal(["greeting", "closing", "retired"], report.Checks.Select(c => c.CheckId));
        Assert.Null(report.Checks[1].Before);
        Assert.Null(report.Checks[2].After);
        Assert.Null(report.Checks[2].PassRateChange);
        Assert.Equal(
            [new WhatIfGrade("A", "优秀", 0, 1), new WhatIfGrade("B", "良好", 0, 0), new WhatIfGrade("D", "不合格", 0, 0), new WhatIfGrade("C", "C name", 1, 0)],
            report.Grades);
    }

    [Fact]
    public void Compare_AnEmptySample_HasNoMeansAndEveryGradeAtZero()
    {
        var report = WhatIf.Compare(7, Draft, []);

        Assert.Equal((0, (decimal?)null, (decimal?)null), (report.Sample, report.MeanScoreBefore, report.MeanScoreAfter));
        Assert.All(report.Grades, g => Assert.Equal((0, 0), (g.Before, g.After)));
        Assert.All(report.Checks, c => Assert.Null(c.Before));
        Assert.Empty(report.Changes);
    }

    private static WhatIfSubject Subject(string id, Scorecard current, Scorecard draft, bool reviewed = false) => new(id, "agent", current, draft, reviewed);

    private static Scorecard Card(decimal score, string grade, params (string Id, CheckOutcome Outcome)[] checks) => Card(score, grade, false, checks);

    private static Scorecard Card(decimal score, string grade, bool fatal, params (string Id, CheckOutcome Outcome)[] checks) => new(
        "c", "test", "1", score, grade, $"{grade} name", fatal,
        [.. checks.Select(c => new CheckResult(c.Id, $"{c.Id} name", "norms", c.Outcome, c.Outcome == CheckOutcome.Pass ? 10 : 0, 10, Severity.Moderate, false, false, [], null, null))],
        []);
}
