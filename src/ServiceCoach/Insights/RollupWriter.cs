using System.Globalization;
using System.Text;
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

    /// <summary>Rows per upsert statement: well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int RowsPerStatement = 400;

    /// <summary>
    /// Applies the changes in a few multi-row upserts (not one statement per key: a scoring job
    /// touches hundreds of keys). Keys are written in a fixed order, so two jobs upserting the
    /// same keys at once on PostgreSQL wait for each other instead of deadlocking.
    /// </summary>
    public async Task ApplyAsync(ServiceCoachDbContext db, CancellationToken cancellationToken)
    {
        await UpsertAsync(
            db,
            """INSERT INTO "DailyAgentRollups" ("DayUtc", "TeamId", "AgentCode", "Channel", "Conversations", "ScoreSum", "Fatal") VALUES """,
            """
             ON CONFLICT ("DayUtc", "TeamId", "AgentCode", "Channel") DO UPDATE SET
                "Conversations" = "DailyAgentRollups"."Conversations" + excluded."Conversations",
                "ScoreSum" = "DailyAgentRollups"."ScoreSum" + excluded."ScoreSum",
                "Fatal" = "DailyAgentRollups"."Fatal" + excluded."Fatal"
            """,
            _agents.Where(a => a.Value != default)
                .OrderBy(a => a.Key.Day).ThenBy(a => a.Key.Team).ThenBy(a => a.Key.Agent, StringComparer.Ordinal).ThenBy(a => a.Key.Channel)
                .Select(a => new object[] { a.Key.Day, a.Key.Team, a.Key.Agent, (int)a.Key.Channel, a.Value.Conversations, a.Value.Score, a.Value.Fatal }),
            cancellationToken);
        await UpsertAsync(
            db,
            """INSERT INTO "DailyGradeRollups" ("DayUtc", "TeamId", "Channel", "Grade", "Conversations") VALUES """,
            """
             ON CONFLICT ("DayUtc", "TeamId", "Channel", "Grade") DO UPDATE SET
                "Conversations" = "DailyGradeRollups"."Conversations" + excluded."Conversations"
            """,
            _grades.Where(g => g.Value != 0)
                .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Team).ThenBy(g => g.Key.Channel).ThenBy(g => g.Key.Grade, StringComparer.Ordinal)
                .Select(g => new object[] { g.Key.Day, g.Key.Team, (int)g.Key.Channel, g.Key.Grade, g.Value }),
            cancellationToken);
        await UpsertAsync(
            db,
            """INSERT INTO "DailyCheckRollups" ("DayUtc", "TeamId", "Channel", "CheckId", "Passed", "Failed", "NotApplicable") VALUES """,
            """
             ON CONFLICT ("DayUtc", "TeamId", "Channel", "CheckId") DO UPDATE SET
                "Passed" = "DailyCheckRollups"."Passed" + excluded."Passed",
                "Failed" = "DailyCheckRollups"."Failed" + excluded."Failed",
                "NotApplicable" = "DailyCheckRollups"."NotApplicable" + excluded."NotApplicable"
            """,
            _checks.Where(c => c.Value != default)
                .OrderBy(c => c.Key.Day).ThenBy(c => c.Key.Team).ThenBy(c => c.Key.Channel).ThenBy(c => c.Key.Check, StringComparer.Ordinal)
                .Select(c => new object[] { c.Key.Day, c.Key.Team, (int)c.Key.Channel, c.Key.Check, c.Value.Passed, c.Value.Failed, c.Value.Na }),
            cancellationToken);
    }

    /// <summary>Runs <paramref name="insert"/> VALUES (…), (…) <paramref name="onConflict"/> over the rows, a statement per <see cref="RowsPerStatement"/>.</summary>
    private static async Task UpsertAsync(ServiceCoachDbContext db, string insert, string onConflict, IEnumerable<object[]> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder(insert);
            var parameters = new List<object>(chunk.Length * chunk[0].Length);
            for (var row = 0; row < chunk.Length; row++)
            {
                sql.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < chunk[row].Length; column++)
                {
                    sql.Append(column == 0 ? "{" : ", {").Append(parameters.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
                    parameters.Add(chunk[row][column]);
                }

                sql.Append(')');
            }

            sql.Append(onConflict);
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }
    }
}
