using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class ExamStatisticsTests
{
    [Fact]
    public void Items_AQuestionTheStrongGetRightAndTheWeakWrong_DiscriminatesPositively_AndAKeyedWrongOneNegatively()
    {
        // Four attempts of four one-mark questions. q1 follows the rest of the score; q3 runs against it.
        var rows = new (long Attempt, double Q1, double Q2, double Q3, double Q4)[] { (1, 1, 1, 0, 1), (2, 1, 1, 0, 1), (3, 0, 0, 1, 0), (4, 0, 1, 1, 0) };
        var responses = rows.SelectMany(r => new[]
        {
            new ItemResponse(r.Attempt, 1, r.Q1, 1), new ItemResponse(r.Attempt, 2, r.Q2, 1), new ItemResponse(r.Attempt, 3, r.Q3, 1), new ItemResponse(r.Attempt, 4, r.Q4, 1),
        });

        var stats = ExamStatistics.Items(responses).ToDictionary(s => s.QuestionId);

        Assert.Equal((4, 0.5), (stats[1].Attempts, stats[1].Facility));
        Assert.Equal(0.75, stats[2].Facility);
        Assert.True(stats[1].Discrimination > 0.3, $"q1 discrimination {stats[1].Discrimination}");
        Assert.True(stats[3].Discrimination < 0, $"q3 discrimination {stats[3].Discrimination}");
    }

    [Fact]
    public void Items_FewerThanThreeAttemptsOrNoVariation_HasNoDiscrimination()
    {
        var two = ExamStatistics.Items([new(1, 1, 1, 1), new(1, 2, 0, 1), new(2, 1, 0, 1), new(2, 2, 1, 1)]);
        var allRight = ExamStatistics.Items(Enumerable.Range(1, 5).SelectMany(a => new[] { new ItemResponse(a, 1, 1, 1), new ItemResponse(a, 2, a % 2, 1) }));

        Assert.All(two, s => Assert.Null(s.Discrimination));
        Assert.Null(allRight.Single(s => s.QuestionId == 1).Discrimination);
    }
}
