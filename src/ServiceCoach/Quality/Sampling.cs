using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality;

/// <summary>Which sampling rule (if any) sends a scorecard to the review queue (R-QA-3/4).</summary>
internal static class Sampling
{
    /// <summary>The longest tenure a rule may ask about: ten years.</summary>
    public const int MaxTenureDays = 3_650;

    /// <summary>The largest per-team daily quota a rule may set.</summary>
    public const int MaxTeamDailyQuota = 10_000;

    /// <summary>
    /// The first rule, in order, that matches the scorecard and (when it has a per-team quota) still has room
    /// for the conversation's team and day; a rule whose quota is full passes the conversation on to the next.
    /// Taking a place is recorded in <paramref name="context"/>, so call this once per scorecard, in the order
    /// the places should go (the scoring jobs and the resample both go by scorecard id).
    /// </summary>
    public static SamplingRule? Match(IEnumerable<SamplingRule> rules, ScorecardRecord card, ConversationRecord conversation, CompiledStandard standard, SamplingContext context) =>
        Match(rules, card, conversation, standard.Definition.Scorecard.Grades.OrderByDescending(g => g.Min).Select(g => g.Id).ToList(), context);

    /// <param name="bands">The standard's grade ids from best to worst: "at or below C" means C or any band after it.</param>
    public static SamplingRule? Match(IEnumerable<SamplingRule> rules, ScorecardRecord card, ConversationRecord conversation, IReadOnlyList<string> bands, SamplingContext context)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var rule in rules)
        {
            var matches = rule.Kind switch
            {
                SamplingKind.AllFatal => card.Fatal,
                SamplingKind.GradeAtOrBelow => IndexOf(bands, rule.Parameter) is var limit and >= 0 && IndexOf(bands, card.Grade) >= limit,
                SamplingKind.CsatAtOrBelow => conversation.Csat is { } csat && int.TryParse(rule.Parameter, CultureInfo.InvariantCulture, out var most) && csat <= most,
                SamplingKind.RandomPercent => double.TryParse(rule.Parameter, CultureInfo.InvariantCulture, out var percent) && Bucket(conversation.ExternalId) < percent,
                SamplingKind.Tag => rule.Parameter.Length > 0 && card.Tags.Contains("," + rule.Parameter + ",", StringComparison.Ordinal),
                SamplingKind.CheckFailed => rule.Parameter.Length > 0 && card.FailedChecks.Contains("," + rule.Parameter + ",", StringComparison.Ordinal),
                SamplingKind.RiskAtLeast => double.TryParse(rule.Parameter, CultureInfo.InvariantCulture, out var risk) && card.DissatisfactionRisk >= risk,
                SamplingKind.TenureWithinDays => int.TryParse(rule.Parameter, CultureInfo.InvariantCulture, out var days) && context.InFirstDays(conversation.AgentCode, days),
                _ => false,
            };
            if (matches && context.TryTake(rule, conversation.TeamId, card.DayUtc))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>A stable 0–100 bucket from the conversation id (FNV-1a), so the random sample is reproducible.</summary>
    internal static double Bucket(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash % 10_000 / 100.0;
    }

    private static int IndexOf(IReadOnlyList<string> bands, string grade)
    {
        for (var i = 0; i < bands.Count; i++)
        {
            if (bands[i] == grade)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// What a sampling pass needs beyond the scorecard: today in the organisation's zone and each agent's hire
/// date (for tenure rules), and how many places each quota rule has already given each team on each day.
/// </summary>
internal sealed class SamplingContext(DateOnly today, IReadOnlyDictionary<string, DateOnly> hireDates)
{
    private readonly Dictionary<(int Rule, int Team, DateTime Day), int> _taken = [];

    public DateOnly Today { get; } = today;

    /// <summary>A context for rules without tenure or quota (tests, or a rule set that needs neither).</summary>
    public static SamplingContext Empty(DateOnly today) => new(today, new Dictionary<string, DateOnly>(StringComparer.Ordinal));

    /// <summary>
    /// True when the agent has a hire date and today is within their first <paramref name="days"/> days
    /// (hired today: day 1; hired <paramref name="days"/> days ago: no longer). A hire date after today counts as new.
    /// An agent without a hire date is never "new".
    /// </summary>
    public bool InFirstDays(string? agentCode, int days) =>
        agentCode is not null && hireDates.TryGetValue(agentCode, out var hired) && Today.DayNumber - hired.DayNumber < days;

    /// <summary>Records places of a quota rule already used (review items queued earlier).</summary>
    public void Count(int ruleId, int? teamId, DateTime day, int count) =>
        _taken[(ruleId, teamId ?? 0, day)] = _taken.GetValueOrDefault((ruleId, teamId ?? 0, day)) + count;

    /// <summary>True (and the place taken) when the rule has no quota or still has room for the team on the day.</summary>
    public bool TryTake(SamplingRule rule, int? teamId, DateTime day)
    {
        if (rule.TeamDailyQuota is not { } quota)
        {
            return true;
        }

        var key = (rule.Id, teamId ?? 0, day);
        var taken = _taken.GetValueOrDefault(key);
        if (taken >= quota)
        {
            return false;
        }

        _taken[key] = taken + 1;
        return true;
    }

    /// <summary>
    /// Loads what <paramref name="rules"/> need: hire dates when one of them is a tenure rule, and the places
    /// already taken by quota rules (on <paramref name="days"/> only, when given).
    /// </summary>
    public static async Task<SamplingContext> LoadAsync(
        ServiceCoachDbContext db, IReadOnlyCollection<SamplingRule> rules, DateOnly today, IReadOnlyCollection<DateTime>? days, CancellationToken cancellationToken)
    {
        var hireDates = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        if (rules.Any(r => r.Kind == SamplingKind.TenureWithinDays))
        {
            var rows = await (from u in db.Users.AsNoTracking()
                              where u.AgentCode != null
                              join p in db.LearnerProfiles.AsNoTracking() on u.Id equals p.UserId
                              where p.HireDate != null
                              select new { u.AgentCode, p.HireDate }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                hireDates[row.AgentCode!] = row.HireDate!.Value;
            }
        }

        var context = new SamplingContext(today, hireDates);
        var quotaRules = rules.Where(r => r.TeamDailyQuota is not null).Select(r => (int?)r.Id).ToList();
        if (quotaRules.Count > 0)
        {
            var query = from r in db.ReviewItems.AsNoTracking()
                        where quotaRules.Contains(r.SamplingRuleId)
                        join s in db.Scorecards.AsNoTracking() on r.ScorecardId equals s.Id
                        join c in db.Conversations.AsNoTracking() on s.ConversationId equals c.Id
                        select new { Rule = r.SamplingRuleId!.Value, c.TeamId, s.DayUtc };
            if (days is not null)
            {
                var list = days.Distinct().ToList();
                query = query.Where(x => list.Contains(x.DayUtc));
            }

            var counts = await query.GroupBy(x => new { x.Rule, x.TeamId, x.DayUtc })
                .Select(g => new { g.Key.Rule, g.Key.TeamId, g.Key.DayUtc, Count = g.Count() })
                .ToListAsync(cancellationToken);
            foreach (var count in counts)
            {
                context.Count(count.Rule, count.TeamId, DateTime.SpecifyKind(count.DayUtc, DateTimeKind.Utc), count.Count);
            }
        }

        return context;
    }
}
