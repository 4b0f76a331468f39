using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class ProgrammeTemplatesTests
{
    [Fact]
    public void Default_The2026Programme_LoadsWithThreePhasesAndTheDocumentsWeights()
    {
        var programme = Assert.Single(ProgrammeTemplates.Default.Programmes, p => p.Id == "frontline-2026");

        Assert.Equal(["基础理论", "进阶技能", "综合考核"], programme.Phases.Select(p => p.Name));
        Assert.Equal((0.4, 60.0, 90.0), (programme.TheoryWeight, programme.PassMark, programme.PassRateTarget));
        Assert.Equal(40, programme.Blend[BlendPart.ProductKnowledge]);
        Assert.Equal(30, programme.Blend[BlendPart.Tools]);
        Assert.Equal(20, programme.Blend[BlendPart.RolePlay]);
        Assert.Equal(10, programme.Blend[BlendPart.Simulation]);
        Assert.Equal(100, programme.Blend.Values.Sum());
        var modules = programme.Phases.SelectMany(p => p.Modules).ToList();
        Assert.Contains(modules, m => m.Exam);
        Assert.Contains(modules, m => m.Practical);
        Assert.All(modules, m => Assert.NotEmpty(m.Tags));
    }

    [Fact]
    public void Default_ShipsOnboardingCoreStaffAndManagerTracksAndTheCareerPath()
    {
        var catalogue = ProgrammeTemplates.Default;

        Assert.Equal(["frontline-2026", "onboarding-7-7", "core-3e", "manager-360"], catalogue.Programmes.Select(p => p.Id));
        Assert.Equal(["初级客服", "资深客服", "团队主管"], catalogue.CareerPath.Select(s => s.Level));
        Assert.All(catalogue.CareerPath, step => Assert.NotEmpty(step.Requires));
        Assert.All(catalogue.Programmes, p => Assert.Equal(100, p.Blend.Values.Sum()));
    }

    [Fact]
    public void Parse_UnknownModuleKind_NamesTheLine()
    {
        const string yaml = """
            programmes:
              - id: x
                name: x
                description: x
                audience: x
                theoryWeight: 0.4
                passMark: 60
                passRateTarget: 90
                phases:
                  - name: p
                    modules:
                      - {title: t, kind: podcast, blend: tools, minutes: 5, tags: [a]}
            """;

        var error = Assert.Throws<FormatException>(() => ProgrammeTemplates.Parse(yaml));
        Assert.Contains("line 12", error.Message, StringComparison.Ordinal);
        Assert.Contains("podcast", error.Message, StringComparison.Ordinal);
    }
}
