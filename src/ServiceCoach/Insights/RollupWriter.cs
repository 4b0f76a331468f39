using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Quality;

namespace ServiceCoach.Insights;

/// <summary>
/// Accumulates the rollup changes of a unit of work (a scoring job, an override) in memory and
/// applies them with atomic upserts (INSERT … ON CONFLICT DO UPDATE, the same SQL on SQLite and
/// PostgreSQL), so concurrent jobs never lose an increment.
/// </summary>
internal sealed class RollupWriter
{
    private readonly Dictionary<(DateTime Day, int Team, string Agent, Channel Channel), (int Conversations, double Score, int Fatal)> _agents = [];
    private readonly Dictionary<(DateTime Day, int Team, Channel Channel, string Grade), int> _grades = [];
    private readonly Dictionary<(DateTime Day, int Team, Channel Channel, string Check), (int Passed, int Failed, int Na)> _checks = [];

    /// <summary>Adds (sign = 1) or removes (sign = −1) one scorecard's contribution.</summary>
    public void Add(ScorecardRecord card, IEnumerable<(string CheckId, CheckOutcome Outcome)> outcomes, int sign)
    {
        var team = card.TeamId ?? 0;
        var agentKey = (card.DayUtc, team, card.AgentCode ?? "", card.Channel);
        var (conversations, score, fatal) = _agents.GetValueOrDefault(agentKey);
        _agents[agentKey] = (conversations + sign, score + (sign * card.Score), fatal + (card.Fatal ? sign : 0));

        var gradeKey = (card.DayUtc, team, card.Channel, card.Grade);
        _grades[gradeKey] = _grades.GetValueOrDefault(gradeKey) + sign;

        foreach (var (checkId, outcome) in outcomes)
        {
            var key = (card.DayUtc, team, card.Channel, checkId);
            var (passed, failed, na) = _checks.GetValueOrDefault(key);
            _checks[key] = outcome switch
            {
                CheckOutcome.Pass => (passed + sign, failed, na),
                CheckOutcome.Fail => (passed, failed + sign, na),
                _ => (passed, failed, na + sign),
            };
        }
    }

    public async Task ApplyAsync(ServiceCoachDbContext db, CancellationToken cancellationToken)
    {
        foreach (var ((day, team, agent, channel), (conversations, score, fatal)) in _agents)
        {
            if (conversations == 0 && score == 0 && fatal == 0)
            {
                continue;
            }

            var channelValue = (int)channel;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "DailyAgentRollups" ("DayUtc", "TeamId", "AgentCode", "Channel", "Conversations", "ScoreSum", "Fatal")
                VALUES ({day}, {team}, {agent}, {channelValue}, {conversations}, {score}, {fatal})
                ON CONFLICT ("DayUtc", "TeamId", "AgentCode", "Channel") DO UPDATE SET
                    "Conversations" = "DailyAgentRollups"."Conversations" + excluded."Conversations",
                    "ScoreSum" = "DailyAgentRollups"."ScoreSum" + excluded."ScoreSum",
                    "Fatal" = "DailyAgentRollups"."Fatal" + excluded."Fatal"
                """, cancellationToken);
        }

        foreach (var ((day, team, channel, grade), count) in _grades)
        {
            if (count == 0)
            {
                continue;
            }

            var channelValue = (int)channel;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "DailyGradeRollups" ("DayUtc", "TeamId", "Channel", "Grade", "Conversations")
                VALUES ({day}, {team}, {channelValue}, {grade}, {count})
                ON CONFLICT ("DayUtc", "TeamId", "Channel", "Grade") DO UPDATE SET
                    "Conversations" = "DailyGradeRollups"."Conversations" + excluded."Conversations"
                """, cancellationToken);
        }

        foreach (var ((day, team, channel, check), (passed, failed, na)) in _checks)
        {
            if (passed == 0 && failed == 0 && na == 0)
            {
                continue;
            }

            var channelValue = (int)channel;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "DailyCheckRollups" ("DayUtc", "TeamId", "Channel", "CheckId", "Passed", "Failed", "NotApplicable")
                VALUES ({day}, {team}, {channelValue}, {check}, {passed}, {failed}, {na})
                ON CONFLICT ("DayUtc", "TeamId", "Channel", "CheckId") DO UPDATE SET
                    "Passed" = "DailyCheckRollups"."Passed" + excluded."Passed",
                    "Failed" = "DailyCheckRollups"."Failed" + excluded."Failed",
                    "NotApplicable" = "DailyCheckRollups"."NotApplicable" + excluded."NotApplicable"
                """, cancellationToken);
        }
    }
}
