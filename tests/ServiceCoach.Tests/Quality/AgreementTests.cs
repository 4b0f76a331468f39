using ServiceCoach.Quality;

namespace ServiceCoach.Tests.Quality;

public sealed class AgreementTests
{
    /// <summary>
    /// The worked example of Fleiss' kappa in the textbooks (and on Wikipedia): 10 subjects, 14
    /// raters each, 5 categories; P̄ = 0.378, P̄e = 0.213, κ = 0.210.
    /// </summary>
    private static readonly int[][] TextbookTable =
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];

    [Fact]
    public void Fleiss_TextbookExample_GivesTheTextbookFigures()
    {
        var result = Agreement.Fleiss(TextbookTable);

        Assert.Equal(10, result.Subjects);
        Assert.Equal(140, result.Ratings);
        Assert.Equal(0.378, result.ObservedAgreement, 3);
        Assert.Equal(0.213, result.ExpectedAgreement, 3);
        Assert.NotNull(result.Kappa);
        Assert.Equal(0.210, result.Kappa.Value, 3);
    }

    [Fact]
    public void Fleiss_FromRatings_EqualsTheTable()
    {
        var ratings = TextbookTable.Select(row => row.SelectMany((count, category) => Enumerable.Repeat(category, count)));

        var result = Agreement.Fleiss(ratings);

        Assert.Equal(0.20993, result.Kappa!.Value, 5);
    }

    [Fact]
    public void Fleiss_PerfectAgreementOnTwoCategories_IsOne()
    {
        var result = Agreement.Fleiss(new[] { new[] { "pass", "pass", "pass" }, ["fail", "fail", "fail"], ["pass", "pass", "pass"] });

        Assert.Equal(1.0, result.ObservedAgreement);
        Assert.Equal(1.0, result.Kappa!.Value, 10);
    }

    [Fact]
    public void Fleiss_EveryRatingInOneCategory_HasFullAgreementButNoKappa()
    {
        var result = Agreement.Fleiss(new[] { new[] { "pass", "pass" }, ["pass", "pass"] });

        Assert.Equal(1.0, result.ObservedAgreement);
        Assert.Equal(1.0, result.ExpectedAgreement);
        Assert.Null(result.Kappa);
    }

    [Fact]
    public void Fleiss_HandMadeTwoRaters_MatchesHandArithmetic()
    {
        // Two reviewers, four conversations: agree on pass, agree on fail, disagree twice.
        // P̄ = (1 + 1 + 0 + 0) / 4 = 0.5; pass 4/8, fail 4/8 → P̄e = 0.5; κ = 0.
        var result = Agreement.Fleiss(new[] { new[] { "pass", "pass" }, ["fail", "fail"], ["pass", "fail"], ["fail", "pass"] });

        Assert.Equal(0.5, result.ObservedAgreement, 10);
        Assert.Equal(0.5, result.ExpectedAgreement, 10);
        Assert.Equal(0.0, result.Kappa!.Value, 10);
    }

    [Fact]
    public void Fleiss_SubjectsRatedOnce_AreLeftOut()
    {
        var withSingles = Agreement.Fleiss(new[] { new[] { "pass", "pass" }, ["fail", "fail"], ["pass", "fail"], ["fail", "pass"], ["pass"], [] });

        Assert.Equal(4, withSingles.Subjects);
        Assert.Equal(0.0, withSingles.Kappa!.Value, 10);
    }

    [Fact]
    public void Fleiss_VaryingRaters_AveragesEachSubjectsOwnPairs()
    {
        // Subject 1: 3 raters, 2 agree → 1 agreeing pair of 3; subject 2: 2 raters agree → 1 of 1.
        var result = Agreement.Fleiss(new[] { new[] { "pass", "pass", "fail" }, ["fail", "fail"] });

        Assert.Equal(2, result.Subjects);
        Assert.Equal(((1.0 / 3) + 1) / 2, result.ObservedAgreement, 10);
    }

    [Fact]
    public void Fleiss_NothingRated_HasNoKappa()
    {
        var result = Agreement.Fleiss(Array.Empty<int[]>());

        Assert.Equal(0, result.Subjects);
        Assert.Null(result.Kappa);
    }

    /// <summary>
    /// The kappa paradox: two reviewers agree on 9 of 10 conversations of a check that nearly always
    /// passes (19 of 20 judgements pass). κ = (0.9 − 0.905) / 0.095 ≈ −0.053 says "worse than chance";
    /// AC1 = (0.9 − 0.095) / 0.905 ≈ 0.890 says what happened, with two categories.
    /// </summary>
    [Fact]
    public void Ac1_OnASkewedCheck_StaysHighWhereKappaCollapses()
    {
        int[][] table = [.. Enumerable.Repeat(new[] { 2, 0 }, 9), [1, 1]];

        var result = Agreement.Fleiss(table);

        Assert.Equal(0.9, result.ObservedAgreement, 6);
        Assert.Equal(-0.0526, result.Kappa!.Value, 4);
        Assert.Equal(0.8895, result.Ac1!.Value, 4);
        Assert.Equal(new[] { 0.95, 0.05 }, result.Prevalence);
    }

    [Fact]
    public void Ac1_WithAThreeOutcomeScale_CountsTheUnusedOutcome_AndIsOneWhenEveryoneAgreesOnOne()
    {
        string[] scale = ["pass", "fail", "na"];
        string[][] skewed = [.. Enumerable.Repeat(new[] { "pass", "pass" }, 9), ["pass", "fail"]];
        string[][] unanimous = [.. Enumerable.Repeat(new[] { "pass", "pass", "pass" }, 4)];

        var three = Agreement.Fleiss(skewed, scale);
        var allPass = Agreement.Fleiss(unanimous, scale);

        // Pe = (0.95·0.05 + 0.05·0.95 + 0) / 2 = 0.0475; AC1 = (0.9 − 0.0475) / 0.9525.
        Assert.Equal(0.8950, three.Ac1!.Value, 4);
        Assert.Equal(new[] { 0.95, 0.05, 0.0 }, three.Prevalence);
        Assert.Null(allPass.Kappa);
        Assert.Equal(1.0, allPass.Ac1!.Value, 6);
    }
}
