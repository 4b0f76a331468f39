using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Training;
using ServiceCoach.Users;

namespace ServiceCoach.Practice;

/// <summary>
/// The scenario library as the web app uses it: the shipped scenarios compiled against a stored
/// standard version, once per version, so a learner is heard through the same standard that inspects
/// real conversations.
/// </summary>
public sealed class PracticeLibrary(StandardCatalog standards)
{
    private readonly ConcurrentDictionary<int, ScenarioLibrary> _libraries = new();

    /// <summary>The library under the active standard and that standard's version id.</summary>
    public async Task<(int StandardVersionId, ScenarioLibrary Library)> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var (record, standard) = await standards.ActiveAsync(cancellationToken);
        return (record.Id, _libraries.GetOrAdd(record.Id, _ => ScenarioLibrary.Load(ShippedScenarios.Sources, standard)));
    }

    /// <summary>The library under a stored standard version (an attempt is replayed through the version it started with).</summary>
    public async Task<ScenarioLibrary> ForVersionAsync(int standardVersionId, CancellationToken cancellationToken = default)
    {
        if (_libraries.TryGetValue(standardVersionId, out var library))
        {
            return library;
        }

        var standard = await standards.CompiledAsync(standardVersionId, cancellationToken);
        return _libraries.GetOrAdd(standardVersionId, _ => ScenarioLibrary.Load(ShippedScenarios.Sources, standard));
    }
}

/// <summary>Why a practice request was refused.</summary>
public enum PracticeError
{
    None,
    NotFound,
    Forbidden,
    EmptyReply,
    ReplyTooLong,
    Over,

    /// <summary>The page was behind: another reply was sent first (a second tab, a double click).</summary>
    Stale,
}

/// <summary>An attempt replayed: the live session (customer lines, emotion) and, once it has ended, the result.</summary>
public sealed record PracticeAttemptView(
    long Id,
    string UserId,
    string LearnerName,
    CompiledScenario Scenario,
    PracticeSession Session,
    PracticeResult? Result,
    DateTime StartedAtUtc,
    DateTime? FinishedAtUtc,
    bool IsMine)
{
    public bool IsOver => FinishedAtUtc is not null;
}

/// <summary>One row of the attempts list.</summary>
public sealed record PracticeAttemptRow(
    long Id, string UserId, string LearnerName, string ScenarioId, string ScenarioTitle, int Difficulty, string Category,
    DateTime StartedAtUtc, DateTime? FinishedAtUtc, string? Outcome, double? Score, int Replies);

public sealed record PracticeAttemptList(IReadOnlyList<PracticeAttemptRow> Rows, int Total, int Page, int PageSize);

/// <summary>
/// Practice conversations with the virtual customer in the web app (R-PRA-1): start, reply, end, the
/// report, the history. A finished attempt's score becomes a practical result of every programme the
/// learner takes whose practical module accepts this scenario (the training grade's practical 60 %).
/// </summary>
public sealed class PracticeAttempts(IDbContextFactory<ServiceCoachDbContext> dbFactory, PracticeLibrary library, PracticalResults practicalResults, TimeProvider clock)
{
    /// <summary>A reply longer than this is refused: a chat message, not a document.</summary>
    public const int MaxReplyLength = 2000;

    public const int PageSize = 30;

    /// <summary>The path a practical module links to so that only this scenario counts for it.</summary>
    public const string ScenarioPathPrefix = "/practice/scenarios/";

    public async Task<(long? AttemptId, PracticeError Error)> StartAsync(Viewer viewer, string scenarioId, int? seed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (standardVersionId, scenarios) = await library.CurrentAsync(cancellationToken);
        var scenario = scenarios.Find(scenarioId);
        if (scenario is null)
        {
            return (null, PracticeError.NotFound);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == viewer.UserId, cancellationToken);
        if (user is null)
        {
            return (null, PracticeError.Forbidden);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var attempt = new PracticeAttemptRecord
        {
            UserId = user.Id,
            TeamId = user.TeamId,
            ScenarioId = scenario.Id,
            ScenarioVersion = scenario.Version,
            StandardVersionId = standardVersionId,

            // The seed only varies the wording of the customer's lines, so a second attempt does not read the same.
            Seed = seed ?? Random.Shared.Next(0, 1_000_000),
            StartedAtUtc = now,
            LastActivityUtc = now,
        };
        db.PracticeAttempts.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        return (attempt.Id, PracticeError.None);
    }

    public async Task<PracticeAttemptView?> GetAsync(Viewer viewer, long attemptId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from a in db.PracticeAttempts.AsNoTracking()
                         join u in TrainingAccess.VisibleLearners(db, viewer) on a.UserId equals u.Id
                         where a.Id == attemptId
                         select new { Attempt = a, u.DisplayName, u.UserName, u.AgentCode }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        if (await ReplayAsync(row.Attempt, row.AgentCode, cancellationToken) is not (var scenario, var session))
        {
            return null;
        }

        var result = row.Attempt.FinishedAtUtc is null ? null : session.Finish();
        return new PracticeAttemptView(row.Attempt.Id, row.Attempt.UserId, Name(row.DisplayName, row.UserName), scenario, session, result,
            row.Attempt.StartedAtUtc, row.Attempt.FinishedAtUtc, row.Attempt.UserId == viewer.UserId);
    }

    /// <summary>
    /// The learner's next reply. <paramref name="expectedReplies"/> is how many replies the page showed:
    /// when another reply got in first the request is refused as <see cref="PracticeError.Stale"/>, so a
    /// double click or a second tab never sends the same reply twice.
    /// </summary>
    public async Task<PracticeError> ReplyAsync(Viewer viewer, long attemptId, string? text, int expectedReplies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var reply = text?.Trim() ?? "";
        if (reply.Length == 0)
        {
            return PracticeError.EmptyReply;
        }

        if (reply.Length > MaxReplyLength)
        {
            return PracticeError.ReplyTooLong;
        }

        return await ChangeAsync(viewer, attemptId, expectedReplies, (attempt, session) =>
        {
            session.Reply(reply);
            var replies = Replies(attempt);
            replies.Add(reply);
            attempt.RepliesJson = JsonSerializer.Serialize(replies);
            attempt.ReplyCount = replies.Count;
        }, cancellationToken);
    }

    /// <summary>The learner ends the conversation before the customer does.</summary>
    public Task<PracticeError> StopAsync(Viewer viewer, long attemptId, int expectedReplies, CancellationToken cancellationToken = default) =>
        ChangeAsync(viewer, attemptId, expectedReplies, (attempt, session) =>
        {
            session.Stop();
            attempt.Stopped = true;
        }, cancellationToken);

    public async Task<PracticeAttemptList> ListAsync(Viewer viewer, string? userId = null, string? scenarioId = null, int page = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = from a in db.PracticeAttempts.AsNoTracking()
                    join u in TrainingAccess.VisibleLearners(db, viewer) on a.UserId equals u.Id
                    select new { a, u.DisplayName, u.UserName };
        if (!string.IsNullOrEmpty(userId))
        {
            query = query.Where(x => x.a.UserId == userId);
        }

        if (!string.IsNullOrEmpty(scenarioId))
        {
            query = query.Where(x => x.a.ScenarioId == scenarioId);
        }

        var total = await query.CountAsync(cancellationToken);
        page = Paging.Page(page);
        var rows = await query.OrderByDescending(x => x.a.StartedAtUtc).ThenByDescending(x => x.a.Id)
            .Skip(Paging.Offset(page, PageSize)).Take(PageSize).ToListAsync(cancellationToken);
        var (_, scenarios) = await library.CurrentAsync(cancellationToken);
        return new PracticeAttemptList(
            [.. rows.Select(x =>
            {
                var scenario = scenarios.Find(x.a.ScenarioId)?.Definition;
                return new PracticeAttemptRow(x.a.Id, x.a.UserId, Name(x.DisplayName, x.UserName), x.a.ScenarioId, scenario?.Title ?? x.a.ScenarioId,
                    scenario?.Difficulty ?? 0, scenario?.Category ?? "", x.a.StartedAtUtc, x.a.FinishedAtUtc, x.a.Outcome, x.a.Score, x.a.ReplyCount);
            })],
            total, page, PageSize);
    }

    /// <summary>The learner's best finished score per scenario (the library marks what has been practised).</summary>
    public async Task<IReadOnlyDictionary<string, double>> BestScoresAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var best = await db.PracticeAttempts.AsNoTracking()
            .Where(a => a.UserId == viewer.UserId && a.Score != null)
            .GroupBy(a => a.ScenarioId)
            .Select(g => new { g.Key, Best = g.Max(a => a.Score!.Value) })
            .ToListAsync(cancellationToken);
        return best.ToDictionary(b => b.Key, b => b.Best, StringComparer.Ordinal);
    }

    private async Task<PracticeError> ChangeAsync(Viewer viewer, long attemptId, int expectedReplies, Action<PracticeAttemptRecord, PracticeSession> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var attempt = await db.PracticeAttempts.FirstOrDefaultAsync(a => a.Id == attemptId, cancellationToken);
        if (attempt is null)
        {
            return PracticeError.NotFound;
        }

        // Only the learner speaks in their own conversation; a supervisor may read it, not answer in it.
        if (attempt.UserId != viewer.UserId)
        {
            return PracticeError.Forbidden;
        }

        if (attempt.FinishedAtUtc is not null)
        {
            return PracticeError.Over;
        }

        if (attempt.ReplyCount != expectedReplies)
        {
            return PracticeError.Stale;
        }

        var agentCode = await db.Users.Where(u => u.Id == attempt.UserId).Select(u => u.AgentCode).FirstOrDefaultAsync(cancellationToken);
        if (await ReplayAsync(attempt, agentCode, cancellationToken) is not (var scenario, var session))
        {
            return PracticeError.NotFound;
        }

        change(attempt, session);
        var now = clock.GetUtcNow().UtcDateTime;
        attempt.LastActivityUtc = now;
        PracticeResult? result = null;
        if (session.IsOver)
        {
            result = session.Finish();
            attempt.FinishedAtUtc = now;
            attempt.Outcome = PracticeOutcomes.Name(result.Outcome);
            attempt.Score = (double)result.Score;
            attempt.ResultJson = PracticeJson.ToJson(result, scenario);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return PracticeError.Stale;
        }

        if (result is not null)
        {
            await RecordPracticalResultsAsync(db, attempt, scenario, cancellationToken);
        }

        return PracticeError.None;
    }

    /// <summary>
    /// Writes the learner's best score on this scenario into every programme they take (through a cohort)
    /// that has a practical module, unless the programme's practical modules link to particular scenarios
    /// (<c>/practice/scenarios/ID</c>) and this is not one of them.
    /// </summary>
    private async Task RecordPracticalResultsAsync(ServiceCoachDbContext db, PracticeAttemptRecord attempt, CompiledScenario scenario, CancellationToken cancellationToken)
    {
        var programmeIds = await (from m in db.CohortMembers
                                  join c in db.Cohorts on m.CohortId equals c.Id
                                  where m.UserId == attempt.UserId && c.ProgrammeId != null
                                  select c.ProgrammeId!.Value).Distinct().ToListAsync(cancellationToken);
        if (programmeIds.Count == 0)
        {
            return;
        }

        var practicalModules = await (from m in db.ProgrammeModules
                                      join p in db.ProgrammePhases on m.PhaseId equals p.Id
                                      where m.IsPractical && programmeIds.Contains(p.ProgrammeId)
                                      select new { p.ProgrammeId, m.Url }).ToListAsync(cancellationToken);
        var best = await db.PracticeAttempts.Where(a => a.UserId == attempt.UserId && a.ScenarioId == attempt.ScenarioId && a.Score != null)
            .MaxAsync(a => a.Score, cancellationToken) ?? 0;
        foreach (var programme in practicalModules.GroupBy(m => m.ProgrammeId))
        {
            var named = programme.Select(m => ScenarioOf(m.Url)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (named.Count > 0 && !named.Contains(scenario.Id))
            {
                continue;
            }

            await practicalResults.RecordAsync(Viewer.System, attempt.UserId, programme.Key, PracticalResults.Practice, scenario.Id, best,
                comment: string.Create(CultureInfo.InvariantCulture, $"情景演练 {scenario.Definition.Title}（最高分，第 {attempt.Id} 次演练后）"), cancellationToken: cancellationToken);
        }
    }

    private static string? ScenarioOf(string url)
    {
        if (!url.StartsWith(ScenarioPathPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = url[ScenarioPathPrefix.Length..];
        var end = id.IndexOfAny(['/', '?', '#']);
        return end < 0 ? id : id[..end];
    }

    private async Task<(CompiledScenario Scenario, PracticeSession Session)?> ReplayAsync(PracticeAttemptRecord attempt, string? agentCode, CancellationToken cancellationToken)
    {
        var scenarios = await library.ForVersionAsync(attempt.StandardVersionId, cancellationToken);
        var scenario = scenarios.Find(attempt.ScenarioId);
        if (scenario is null)
        {
            return null;
        }

        var session = PracticeSession.Start(scenario, new PracticeOptions
        {
            Seed = attempt.Seed,
            ConversationId = "practice-" + attempt.Id.ToString(CultureInfo.InvariantCulture),
            AgentId = agentCode,
            StartTime = new DateTimeOffset(attempt.StartedAtUtc, TimeSpan.Zero),
        });
        foreach (var reply in Replies(attempt))
        {
            if (session.IsOver)
            {
                break;
            }

            session.Reply(reply);
        }

        if (attempt.Stopped)
        {
            session.Stop();
        }

        return (scenario, session);
    }

    private static List<string> Replies(PracticeAttemptRecord attempt) => JsonSerializer.Deserialize<List<string>>(attempt.RepliesJson) ?? [];

    private static string Name(string displayName, string? userName) => displayName.Length > 0 ? displayName : userName ?? "";
}
