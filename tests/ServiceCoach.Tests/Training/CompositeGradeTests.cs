using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class CompositeGradeTests
{
    [Fact]
    public void Compute_DefaultWeights_IsFortyPercentTheoryAndSixtyPercentPractical()
    {
        var grade = CompositeGrade.Compute(theory: 50, practical: 80, theoryWeight: 0.4, passMark: 60);

        Assert.Equal(68, grade.Total);
        Assert.Equal(0.6, grade.PracticalWeight, 12);
        Assert.True(grade.Passed);
    }

    [Fact]
    public void Compute_StrongTheoryWeakPractical_FailsBecausePracticalWeighsMore()
    {
        // 100 × 0.4 + 30 × 0.6 = 58: the same two scores the other way round would pass (82).
        var grade = CompositeGrade.Compute(theory: 100, practical: 30, theoryWeight: 0.4, passMark: 60);
        var swapped = CompositeGrade.Compute(theory: 30, practical: 100, theoryWeight: 0.4, passMark: 60);

        Assert.Equal((58.0, false), (grade.Total!.Value, grade.Passed!.Value));
        Assert.Equal((72.0, true), (swapped.Total!.Value, swapped.Passed!.Value));
    }

    [Fact]
    public void Compute_TotalExactlyAtThePassMark_Passes()
    {
        var grade = CompositeGrade.Compute(theory: 60, practical: 60, theoryWeight: 0.4, passMark: 60);

        Assert.Equal(60, grade.Total);
        Assert.True(grade.Passed);
    }

    [Fact]
    public void Compute_JustBelowThePassMark_Fails()
    {
        var grade = CompositeGrade.Compute(theory: 59.9, practical: 59.9, theoryWeight: 0.4, passMark: 60);

        Assert.False(grade.Passed);
    }

    [Theory]
    [InlineData(80.0, null)]
    [InlineData(null, 80.0)]
    [InlineData(null, null)]
    public void Compute_APartMissing_HasNoTotalAndNoVerdict(double? theory, double? practical)
    {
        var grade = CompositeGrade.Compute(theory, practical, theoryWeight: 0.4, passMark: 60);

        Assert.Null(grade.Total);
        Assert.Null(grade.Passed);
    }

    [Fact]
    public void Compute_ProgrammeWeights_AreUsedInsteadOfTheDefault()
    {
        var grade = CompositeGrade.Compute(theory: 90, practical: 50, theoryWeight: 0.7, passMark: 75);

        Assert.Equal(78, grade.Total);
        Assert.True(grade.Passed);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void Compute_WeightOutsideZeroToOne_Throws(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CompositeGrade.Compute(50, 50, weight, 60));
}
