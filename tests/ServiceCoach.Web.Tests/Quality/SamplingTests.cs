using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Quality;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>Sampling by agent tenure and with a per-team daily quota: who is "new", and which conversations a full quota leaves out.</summary>
public sealed class SamplingTests
{
    private static readonly string[] Bands = ["A", "B", "C", "D"];

    private static readonly DateTime Day1 = new(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime Day2 = new(2026, 3, 3, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>2026-03-04 16:30 UTC: already 2026-03-05 (00:30) in Shanghai, still 2026-03-04 in UTC.</summary>
    private static readonly DateTimeOffset LateEvening = new(2026, 3, 4, 16, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-03-05", true)]  // hired today: day 1
    [InlineData("2026-02-06", true)]  // day 28 of 28 (27 days ago)
    [InlineData("2026-02-05", false)] // 28 days ago: the first 28 days are over
    [InlineData("2026-04-01", true)]  // a hire date after today counts as new
    public void TenureRule_MatchesAgentsInTheirFirstNDays_CountedToTodayInTheOrganisationsZone(string hired, bool expected)
    {
        var today = OrganisationTime.FromId("Asia/Shanghai").Today(new FakeTimeProvider(LateEvening));
        var context = new SamplingContext(today, HireDates(("a-1", DateOnly.Parse(hired, System.Globalization.CultureInfo.InvariantCulture))));
        var rule = Rule(1, SamplingKind.TenureWithinDays, "28");

        var matched = Sampling.Match([rule], Card(1, Day1), Conversation("c-1", "a-1", team: 1), Bands, context);

        Assert.Equal(new DateOnly(2026, 3, 5), today);
        Assert.Equal(expected, matched is not null);
    }

    [Fact]
    public void TenureRule_OnTheBoundaryDay_DependsOnTheOrganisationsZoneNotUtc()
    {
        var clock = new FakeTimeProvider(LateEvening);
        var hires = HireDates(("a-1", new DateOnly(2026, 2, 5)));
        var rule = Rule(1, SamplingKind.TenureWithinDays, "28");

        var inShanghai = Sampling.Match([rule], Card(1, Day1), Conversation("c-1", "a-1", 1), Bands, new SamplingContext(OrganisationTime.FromId("Asia/Shanghai").Today(clock), hires));
        var inUtc = Sampling.Match([rule], Card(1, Day1), Conversation("c-1", "a-1", 1), Bands, new SamplingContext(OrganisationTime.FromId("UTC").Today(clock), hires));

        Assert.Null(inShanghai);
        Assert.Same(rule, inUtc);
    }

    [Fact]
    public void TenureRule_NeverMatchesAnAgentWithoutAHireDateOrAConversationWithoutAnAgent()
    {
        var context = new SamplingContext(new DateOnly(2026, 3, 5), HireDates(("a-1", new DateOnly(2026, 3, 1))));
        var rule = Rule(1, SamplingKind.TenureWithinDays, "3650");

        Assert.Null(Sampling.Match([rule], Card(1, Day1), Conversation("c-1", "a-2", 1), Bands, context));
        Assert.Null(Sampling.Match([rule], Card(2, Day1), Conversation("c-2", null, 1), Bands, context));
        Assert.NotNull(Sampling.Match([rule], Card(3, Day1), Conversation("c-3", "a-1", 1), Bands, context));
    }

    [Fact]
    public void Quota_CapsEachTeamAndDaySeparately_FirstComeFirstQueued()
    {
        var context = SamplingContext.Empty(new DateOnly(2026, 3, 5));
        var rule = Rule(7, SamplingKind.AllFatal, "", quota: 2);
        var picked = new List<long>();
        long id = 0;
        foreach (var (team, day) in new (int? Team, DateTime Day)[] { (1, Day1), (1, Day1), (1, Day1), (2, Day1), (1, Day2), (null, Day1), (null, Day1), (null, Day1), (2, Day1), (2, Day1) })
        {
            id++;
            if (Sampling.Match([rule], Card(id, day, fatal: true), Conversation($"c-{id}", "a-1", team), Bands, context) is not null)
            {
                picked.Add(id);
            }
        }

        // Team 1 on day 1: the first two (1, 2) of three; team 2 on day 1: 4 and 9, not 10; team 1 on day 2: 5;
        // the conversations without a team share one allowance: 6 and 7, not 8.
        Assert.Equal([1, 2, 4, 5, 6, 7, 9], picked);
    }

    [Fact]
    public void Quota_CountsPlacesTakenEarlier_AndAFullRulePassesTheConversationToTheNextRule()
    {
        var context = SamplingContext.Empty(new DateOnly(2026, 3, 5));
        var capped = Rule(1, SamplingKind.AllFatal, "", quota: 3);
        var fallback = Rule(2, SamplingKind.GradeAtOrBelow, "D");
        context.Count(capped.Id, 1, Day1, 2);

        var first = Sampling.Match([capped, fallback], Card(10, Day1, fatal: true, grade: "D"), Conversation("c-10", "a-1", 1), Bands, context);
        var second = Sampling.Match([capped, fallback], Card(11, Day1, fatal: true, grade: "D"), Conversation("c-11", "a-1", 1), Bands, context);
        var third = Sampling.Match([capped, fallback], Card(12, Day1, fatal: true, grade: "A"), Conversation("c-12", "a-1", 1), Bands, context);

        Assert.Same(capped, first);
        Assert.Same(fallback, second);
        Assert.Null(third);
    }

    [Fact]
    public void Quota_GivesTheSamePicksEveryTimeForTheSameScorecards()
    {
        var rule = Rule(1, SamplingKind.RandomPercent, "100", quota: 5);
        var cards = Enumerable.Range(1, 40).Select(i => (Card: Card(i, i % 2 == 0 ? Day1 : Day2), Conversation: Conversation($"c-{i}", "a-1", i % 3))).ToList();

        List<long> Run()
        {
            var context = SamplingContext.Empty(new DateOnly(2026, 3, 5));
            return [.. cards.Where(x => Sampling.Match([rule], x.Card, x.Conversation, Bands, context) is not null).Select(x => x.Card.Id)];
        }

        var once = Run();
        Assert.Equal(2 * 3 * 5, once.Count);
        Assert.Equal(once, Run());
    }

    private static Dictionary<string, DateOnly> HireDates(params (string Agent, DateOnly Hired)[] hires) =>
        hires.ToDictionary(h => h.Agent, h => h.Hired, StringComparer.Ordinal);

    private static SamplingRule Rule(int id, SamplingKind kind, string parameter, int? quota = null) =>
        new() { Id = id, Name = $"rule-{id}", Kind = kind, Parameter = parameter, TeamDailyQuota = quota };

    private static ScorecardRecord Card(long id, DateTime day, bool fatal = false, string grade = "A") =>
        new() { Id = id, DayUtc = day, Fatal = fatal, Grade = grade, FailedChecks = ",", Tags = "," };

    private static ConversationRecord Conversation(string id, string? agent, int? team) =>
        new() { ExternalId = id, AgentCode = agent, TeamId = team };
}
