using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Users;

namespace ServiceCoach.Standards;

/// <summary>One conversation of a what-if sample: its effective scorecard today and what the draft version says.</summary>
/// <param name="Current">Today's effective scorecard: the version it was scored with, reviewers' overrides applied.</param>
/// <param name="Draft">The draft version's engine scorecard (no overrides: a reviewer decided under another version).</param>
/// <param name="Reviewed">A reviewer decided at least one check of the current scorecard, so part of a difference may be theirs.</param>
public sealed record WhatIfSubject(string ConversationId, string? AgentCode, Scorecard Current, Scorecard Draft, bool Reviewed);

/// <summary>How often a check passed among the conversations where it applied.</summary>
public sealed record CheckTally(int Passed, int Failed, int NotApplicable)
{
    /// <summary>Passed ÷ (passed + failed), 0–1; null when the check applied nowhere.</summary>
    public double? PassRate => Passed + Failed == 0 ? null : (double)Passed / (Passed + Failed);
}

/// <summary>A check's pass rate before and after; a side is null when that version has no such check.</summary>
public sealed record WhatIfCheck(string CheckId, string Name, CheckTally? Before, CheckTally? After)
{
    /// <summary>After minus before, in percentage points; null when either side has no rate.</summary>
    public double? PassRateChange => Before?.PassRate is { } before && After?.PassRate is { } after ? Math.Round((after - before) * 100, 1) : null;
}

/// <summary>How many sampled conversations earn a grade, before and after.</summary>
public sealed record WhatIfGrade(string Grade, string Name, int Before, int After);

/// <summary>A sampled conversation whose grade or fatal flag the draft would change.</summary>
public sealed record WhatIfChange(
    string ConversationId, string? AgentCode, decimal ScoreBefore, decimal ScoreAfter, string GradeBefore, string GradeAfter, bool FatalBefore, bool FatalAfter, bool Reviewed);

/// <summary>The effect of a draft standard version on recent conversations.</summary>
/// <param name="MeanScoreBefore">Mean effective score today, rounded to one decimal; null on an empty sample.</param>
public sealed record WhatIfReport(
    int VersionId, string StandardId, string Version, int Sample,
    decimal? MeanScoreBefore, decimal? MeanScoreAfter, int FatalBefore, int FatalAfter,
    IReadOnlyList<WhatIfCheck> Checks, IReadOnlyList<WhatIfGrade> Grades, IReadOnlyList<WhatIfChange> Changes)
{
    /// <summary>
    /// Conversations of the sample the draft could not score (over the scoring budget: a draft's
    /// new check can be far costlier than the active one), with the reason; they are left out of
    /// the comparison rather than failing it.
    /// </summary>
    public IReadOnlyList<WhatIfUnscored> Unscored { get; init; } = [];
}

/// <summary>A sampled conversation the draft could not score, and why.</summary>
public sealed record WhatIfUnscored(string ConversationId, string Reason);

/// <summary>
/// "What if we activated this version?" (R-STD-9): re-scores a sample of recent stored
/// conversations with a draft version and compares the result with their current effective
/// scorecards. Nothing is written; the comparison itself is <see cref="Compare"/>, a pure function.
/// </summary>
public sealed class WhatIf(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, ScoringBudget budget)
{
    public const int DefaultSample = 200;

    /// <summary>A what-if scores every sampled conversation in the request; this keeps it to seconds.</summary>
    public const int MaxSample = 2000;

    /// <summary>The comparison for the <paramref name="sample"/> most recent scored conversations the viewer may see; null when the version does not exist.</summary>
    public async Task<WhatIfReport?> RunAsync(Viewer viewer, int versionId, int sample = DefaultSample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (await standards.FindAsync(versionId, cancellationToken) is not { } record)
        {
            return null;
        }

        var draft = standards.Compile(record);
        sample = Math.Clamp(sample, 1, MaxSample);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Most recent by the scorecard's day (never null, unlike a start time), then by id: the same order on every database.
        var rows = await (from s in db.Scorecards.AsNoTracking()
                          join c in ConversationQueries.Visible(db, viewer) on s.ConversationId equals c.Id
                          orderby s.DayUtc descending, s.ConversationId descending
                          select new { Conversation = c, Scorecard = s })
            .Take(sample)
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Scorecard.Id).ToList();
        var overrides = (await db.CheckOverrides.AsNoTracking().Where(o => ids.Contains(o.ScorecardId)).ToListAsync(cancellationToken))
            .ToLookup(o => o.ScorecardId);

        var currentStandards = new Dictionary<int, CompiledStandard>();
        foreach (var versionUsed in rows.Select(r => r.Scorecard.StandardVersionId).Distinct())
        {
            currentStandards[versionUsed] = await standards.CompiledAsync(versionUsed, cancellationToken);
        }

        var engine = new QualityEngine(draft, budget.WorkUnits);
        var subjects = new WhatIfSubject?[rows.Count];
        var unscored = new WhatIfUnscored?[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (conversation, card) = (rows[i].Conversation, rows[i].Scorecard);
            var standard = currentStandards[card.StandardVersionId];
            var decided = overrides[card.Id].ToList();
            var current = ConversationQueries.Effective(standard, ScorecardJson.Parse(card.EngineJson, standard), decided);
            try
            {
                subjects[i] = new WhatIfSubject(conversation.ExternalId, conversation.AgentCode, current, engine.Score(conversation.ToConversation()), decided.Count > 0);
            }
            catch (ScoringBudgetExceededException e)
            {
                unscored[i] = new WhatIfUnscored(conversation.ExternalId, e.Message);
            }
        });

        return Compare(record.Id, draft, [.. subjects.OfType<WhatIfSubject>()]) with { Unscored = [.. unscored.OfType<WhatIfUnscored>()] };
    }

    /// <summary>
    /// Per-check pass rates, mean score, fatal count and grade distribution before and after, and
    /// the conversations whose grade or fatal flag changes (largest score change first). Checks and
    /// grades are listed in the draft's order, then any the draft no longer has.
    /// </summary>
    public static WhatIfReport Compare(int versionId, CompiledStandard draft, IReadOnlyList<WhatIfSubject> subjects)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(subjects);

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var check in draft.CheckDefinitions)
        {
            names.TryAdd(check.Id, check.Name);
            order.Add(check.Id);
        }

        var before = Tally(subjects.Select(s => s.Current), names, order);
        var after = Tally(subjects.Select(s => s.Draft), names, order);
        var checks = order.Select(id => new WhatIfCheck(id, names[id], before.GetValueOrDefault(id), after.GetValueOrDefault(id))).ToList();

        var gradeNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var gradeOrder = new List<string>();
        foreach (var band in draft.Definition.Scorecard.Grades.OrderByDescending(g => g.Min))
        {
            gradeNames.TryAdd(band.Id, band.Name);
            gradeOrder.Add(band.Id);
        }

        foreach (var card in subjects.Select(s => s.Current))
        {
            if (gradeNames.TryAdd(card.Grade, card.GradeName))
            {
                gradeOrder.Add(card.Grade);
            }
        }

        var grades = gradeOrder
            .Select(g => new WhatIfGrade(g, gradeNames[g], subjects.Count(s => s.Current.Grade == g), subjects.Count(s => s.Draft.Grade == g)))
            .ToList();

        var changes = subjects
            .Where(s => s.Current.Grade != s.Draft.Grade || s.Current.Fatal != s.Draft.Fatal)
            .OrderByDescending(s => Math.Abs(s.Draft.Score - s.Current.Score))
            .ThenBy(s => s.ConversationId, StringComparer.Ordinal)
            .Select(s => new WhatIfChange(s.ConversationId, s.AgentCode, s.Current.Score, s.Draft.Score, s.Current.Grade, s.Draft.Grade, s.Current.Fatal, s.Draft.Fatal, s.Reviewed))
            .ToList();

        return new WhatIfReport(
            versionId, draft.Id, draft.Version, subjects.Count,
            Mean(subjects.Select(s => s.Current.Score)), Mean(subjects.Select(s => s.Draft.Score)),
            subjects.Count(s => s.Current.Fatal), subjects.Count(s => s.Draft.Fatal),
            checks, grades, changes);
    }

    private static Dictionary<string, CheckTally> Tally(IEnumerable<Scorecard> cards, Dictionary<string, string> names, List<string> order)
    {
        var tallies = new Dictionary<string, CheckTally>(StringComparer.Ordinal);
        foreach (var card in cards)
        {
            foreach (var check in card.Checks)
            {
                if (names.TryAdd(check.Id, check.Name))
                {
                    order.Add(check.Id);
                }

                var tally = tallies.GetValueOrDefault(check.Id) ?? new CheckTally(0, 0, 0);
                tallies[check.Id] = check.Outcome switch
                {
                    CheckOutcome.Pass => tally with { Passed = tally.Passed + 1 },
                    CheckOutcome.Fail => tally with { Failed = tally.Failed + 1 },
                    _ => tally with { NotApplicable = tally.NotApplicable + 1 },
                };
            }
        }

        return tallies;
    }

    private static decimal? Mean(IEnumerable<decimal> scores)
    {
        var list = scores.ToList();
        return list.Count == 0 ? null : Math.Round(list.Average(), 1, MidpointRounding.AwayFromZero);
    }
}
