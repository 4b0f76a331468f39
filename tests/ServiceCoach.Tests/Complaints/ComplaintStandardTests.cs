using ServiceCoach.Complaints;
using ServiceCoach.Standards;
using ServiceCoach.Tests.Standards;

namespace ServiceCoach.Tests.Complaints;

/// <summary>The complaints section of the standard: the shipped values, backwards compatibility, and located problems.</summary>
public sealed class ComplaintStandardTests
{
    private static ComplaintStandard Shipped => ShippedStandards.Default.Definition.Complaints!;

    [Fact]
    public void Shipped_HasFourLevelsWithLimitsInSeconds()
    {
        Assert.Equal(["普通", "紧急", "重大", "危机"], Shipped.Levels.Select(l => l.Name));
        var normal = Shipped.Level("普通")!;
        Assert.Equal(30, normal.FirstResponseSeconds);
        Assert.Equal(300, normal.FirstSolutionSeconds);
        Assert.Equal(86_400, normal.ClosureSeconds);
        Assert.Equal(ClockMode.Continuous, normal.ClosureClock);
        Assert.Equal(ClockMode.Business, normal.Clock);
        Assert.Equal([Authority.Agent, Authority.Supervisor, Authority.Manager, Authority.CrisisTeam], Shipped.Levels.Select(l => l.Authority));
        Assert.Equal(600, Shipped.TechnicalFaultHandoffSeconds);
        Assert.Equal([1800, 7200, (int?)null], Shipped.ConflictStages.Select(s => s.LimitSeconds));
    }

    [Theory]
    [InlineData(1_000_001, "P1")]
    [InlineData(1_000_000, "P2")]
    [InlineData(100_000, "P2")]
    [InlineData(99_999.99, "P3")]
    [InlineData(0, "P3")]
    public void TierFor_AnnualRevenue_FollowsRCus1(double revenue, string tier)
    {
        Assert.Equal(tier, Shipped.TierFor((decimal)revenue).Id);
    }

    [Fact]
    public void Load_StandardWithoutComplaintsSection_StillLoads()
    {
        var result = StandardLoader.Load(StandardYaml.Minimal, "std.yaml");

        Assert.Empty(result.Problems);
        Assert.Null(result.Definition!.Complaints);
    }

    [Fact]
    public void Load_RuleNamingAnUnknownLevel_PointsAtTheLevel()
    {
        var yaml = ShippedStandards.DefaultYaml.Replace("      keywords: [律师, 起诉, 法院, 仲裁, \"12315\", 消协, 消费者协会, 市场监管]\n      level: major",
            "      keywords: [律师, 起诉, 法院, 仲裁, \"12315\", 消协, 消费者协会, 市场监管]\n      level: huge", StringComparison.Ordinal);
        Assert.NotEqual(ShippedStandards.DefaultYaml, yaml);

        var problem = Assert.Single(StandardLoader.Load(yaml, "std.yaml").Problems);

        Assert.Contains("Unknown complaint level 'huge'", problem.Message);
        Assert.Equal(LineOf(yaml, "level: huge"), problem.Location.Line);
        Assert.Equal(14, problem.Location.Column);
    }

    [Fact]
    public void Load_MisspeltKeyInComplaints_GetsAHintWithItsPlace()
    {
        var yaml = ShippedStandards.DefaultYaml.Replace("      closureClock: continuous", "      closureClok: continuous", StringComparison.Ordinal);

        var problem = Assert.Single(StandardLoader.Load(yaml, "std.yaml").Problems);

        Assert.Contains("Did you mean 'closureClock'?", problem.Message);
        Assert.Equal(new SourceLocation("std.yaml", LineOf(yaml, "closureClok"), 7), problem.Location);
    }

    [Fact]
    public void Load_TreeWithoutElse_IsAnError()
    {
        var yaml = Replace(ShippedStandards.DefaultYaml, """
                  - else:
                      options:
                        - {name: 按损失 30% 补偿（最高 200 元）, percentOfLoss: 30, max: 200, authority: agent}
            """, """
                  - if: {faults: [company]}
                    then:
                      options:
                        - {name: 按损失 30% 补偿（最高 200 元）, percentOfLoss: 30, max: 200, authority: agent}
            """);

        var problem = Assert.Single(StandardLoader.Load(yaml, "std.yaml").Problems);

        Assert.Contains("must end with an 'else:' branch", problem.Message);
    }

    [Fact]
    public void Load_TemplateTargetsNotAddingUpTo100_IsAnError()
    {
        var yaml = ShippedStandards.DefaultYaml.Replace("{id: solution, name: 解决方案, targetPercent: 50", "{id: solution, name: 解决方案, targetPercent: 40", StringComparison.Ordinal);

        var problem = Assert.Single(StandardLoader.Load(yaml, "std.yaml").Problems);

        Assert.Contains("add up to 90", problem.Message);
    }

    [Fact]
    public void Load_HandlingNamingAStepTheFlowLacks_ListsTheSteps()
    {
        var yaml = ShippedStandards.DefaultYaml.Replace("{flow: learn, step: now, commitWithinSeconds: 1800}", "{flow: learn, step: later, commitWithinSeconds: 1800}", StringComparison.Ordinal);

        var problem = Assert.Single(StandardLoader.Load(yaml, "std.yaml").Problems);

        Assert.Contains("Flow 'learn' has no step 'later'", problem.Message);
        Assert.Contains("now", problem.Message);
    }

    [Fact]
    public void Load_ThresholdsGoingDown_IsAnError()
    {
        var yaml = ShippedStandards.DefaultYaml.Replace("{moreThan: 50, level: crisis}", "{moreThan: 2, level: crisis}", StringComparison.Ordinal);

        var problem = Assert.Single(StandardLoader.Load(yaml, "std.yaml").Problems);

        Assert.Contains("must go up", problem.Message);
    }

    private static int LineOf(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, fragment);
        return text[..index].Count(c => c == '\n') + 1;
    }

    private static string Replace(string text, string from, string to)
    {
        var result = text.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(text, result);
        return result;
    }
}
