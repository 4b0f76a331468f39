using ServiceCoach.Practice;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Practice;

public sealed class ScenarioLibraryTests
{
    private static ScenarioSource Source(string id, string added) =>
        new($"{id}.yaml", TestScenarios.LateParcel.Replace("id: test-late-parcel", $"id: {id}", StringComparison.Ordinal).Replace("added: 2026-11-02", $"added: {added}", StringComparison.Ordinal));

    [Fact]
    public void AddedInMonthOf_GivesOnlyTheScenariosFirstAddedThatMonth()
    {
        var library = ScenarioLibrary.Load([Source("a-old", "2026-11-30"), Source("b-new", "2026-12-01"), Source("c-last-year", "2025-12-10")], ShippedStandards.Default);

        Assert.Empty(library.Problems);
        Assert.Equal(["b-new"], library.AddedInMonthOf(new DateOnly(2026, 12, 7)).Select(s => s.Id));
    }

    [Fact]
    public void Load_TwoFilesWithTheSameId_KeepsTheFirst_AndReportsTheSecond()
    {
        var library = ScenarioLibrary.Load([Source("same", "2026-11-01"), Source("same", "2026-11-02") with { FileName = "other.yaml" }], ShippedStandards.Default);

        Assert.Equal(["same"], library.Scenarios.Select(s => s.Id));
        Assert.Equal("The scenario id 'same' is already used by same.yaml.", Assert.Single(library.Problems).Message);
        Assert.Equal("other.yaml", library.Problems[0].Location.File);
    }
}
