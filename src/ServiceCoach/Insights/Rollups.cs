using ServiceCoach.Conversations;

namespace ServiceCoach.Insights;

/// <summary>
/// Pre-aggregated figures per day (the organisation's calendar day, see
/// <see cref="ServiceCoach.Quality.ScorecardRecord.DayUtc"/>), team and agent, kept up to date as scorecards are written or
/// overridden, so a dashboard over a million conversations reads thousands of rows, not millions.
/// TeamId 0 and AgentCode "" stand for "none" (the key columns cannot be null).
/// </summary>
public sealed class DailyAgentRollup
{
    public DateTime DayUtc { get; set; }

    public int TeamId { get; set; }

    public string AgentCode { get; set; } = "";

    public Channel Channel { get; set; }

    public int Conversations { get; set; }

    public double ScoreSum { get; set; }

    public int Fatal { get; set; }
}

/// <summary>Conversations per grade, per day, team and channel.</summary>
public sealed class DailyGradeRollup
{
    public DateTime DayUtc { get; set; }

    public int TeamId { get; set; }

    /// <summary>So the dashboard's channel filter applies to the grade distribution too.</summary>
    public Channel Channel { get; set; }

    public string Grade { get; set; } = "";

    public int Conversations { get; set; }
}

/// <summary>Check outcomes per day, team and channel.</summary>
public sealed class DailyCheckRollup
{
    public DateTime DayUtc { get; set; }

    public int TeamId { get; set; }

    /// <summary>So the dashboard's channel filter applies to the pass rates too.</summary>
    public Channel Channel { get; set; }

    public string CheckId { get; set; } = "";

    public int Passed { get; set; }

    public int Failed { get; set; }

    public int NotApplicable { get; set; }
}
