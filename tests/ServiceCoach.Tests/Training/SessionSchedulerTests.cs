using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class SessionSchedulerTests
{
    private static readonly DateTime Monday = new(2026, 1, 5, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Assign_FillsSessionsInTimeOrder_UpToTheirCapacity()
    {
        SessionSlot[] sessions = [new(2, Monday.AddDays(1), Monday.AddDays(1).AddHours(3), 2, 0), new(1, Monday, Monday.AddHours(3), 2, 1)];
        LearnerAvailability[] learners = [.. Enumerable.Range(1, 4).Select(i => new LearnerAvailability($"u{i}", []))];

        var result = SessionScheduler.Assign(sessions, learners);

        Assert.Equal([("u1", 1), ("u2", 2), ("u3", 2)], result.Assignments.Select(a => (a.UserId, a.SessionId)));
        Assert.Equal(["u4"], result.Unplaced);
    }

    [Fact]
    public void Assign_NeverSeatsALearnerInASessionThatClashesWithOneTheyHave()
    {
        SessionSlot[] sessions = [new(1, Monday, Monday.AddHours(3), 10, 0), new(2, Monday.AddHours(3), Monday.AddHours(6), 10, 0)];
        LearnerAvailability[] learners = [new("busy", [(Monday.AddHours(2), Monday.AddHours(4))]), new("touching", [(Monday.AddHours(-1), Monday)])];

        var result = SessionScheduler.Assign(sessions, learners);

        Assert.Equal(["busy"], result.Unplaced);
        Assert.Equal(("touching", 1), (result.Assignments.Single().UserId, result.Assignments.Single().SessionId));
    }

    [Theory]
    [InlineData(0, 2, 1, 3, true)]
    [InlineData(0, 2, 2, 3, false)]
    [InlineData(1, 2, 0, 3, true)]
    public void Overlaps_TouchingEndsDoNotOverlap(int aStart, int aEnd, int bStart, int bEnd, bool expected) =>
        Assert.Equal(expected, SessionScheduler.Overlaps(Monday.AddHours(aStart), Monday.AddHours(aEnd), Monday.AddHours(bStart), Monday.AddHours(bEnd)));
}
