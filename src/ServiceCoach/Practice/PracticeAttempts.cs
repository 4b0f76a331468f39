using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Training;
using ServiceCoach.Users;

namespace ServiceCoach.Practice;

/// <summary>The outcome of saving a scenario written in the web workspace.</summary>
public sealed record ScenarioSaveResult(CompiledScenario? Scenario, IReadOnlyList<StandardProblem> Problems, bool Forbidden = false)
{
    public bool Succeeded => Scenario is not null && Problems.Count == 0 && !Forbidden;
}

/// <summary>
/// The scenario library as the web app uses it: the shipped scenarios and those written in the
/// workspace, compiled against a stored standard version, so a learner is heard through the same
/// standard that inspects real conversations. Compiled once per standard version and library revision.
/// </summary>
public sealed class PracticeLibrary(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock)
{
    private const string AuthoredFolder = "authored/";

    private readonly ConcurrentDictionary<(int StandardVersionId, long Revision), ScenarioLibrary> _libraries = new();

    /// <summary>Who may write scenarios: trainers and admins, and supervisors for their teams' practice.</summary>
    public static bool MayAuthor(Viewer viewer) => viewer.Can(Policies.ManageTraining) || viewer.IsInRole(Roles.Supervisor);

    /// <summary>The library under the active standard and that standard's version id.</summary>
    public async Task<(int StandardVersionId, ScenarioLibrary Library)> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var (record, standard) = await standards.ActiveAsync(cancellationToken);
        return (record.Id, await LibraryAsync(record.Id, standard, cancellationToken));
    }

    /// <summary>The library under a stored standard version (an attempt is replayed through the version it started with).</summary>
    public async Task<ScenarioLibrary> ForVersionAsync(int standardVersionId, CancellationToken cancellationToken = default) =>
        await LibraryAsync(standardVersionId, await standards.CompiledAsync(standardVersionId, cancellationToken), cancellationToken);

    /// <summary>The YAML of a scenario in the library (the latest written version, or the shipped file), to start a new one from.</summary>
    public async Task<string?> YamlOfAsync(string scenarioId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var authored = await db.AuthoredScenarios.AsNoTracking().Where(s => s.ScenarioId == scenarioId)
            .OrderByDescending(s => s.Version).Select(s => s.Yaml).FirstOrDefaultAsync(cancellationToken);
        return authored ?? ShippedSourceOf(scenarioId)?.Yaml;
    }

    /// <summary>
    /// Checks a scenario against the active standard and, unless <paramref name="checkOnly"/>, stores it.
    /// Every problem comes back with its line and column. A new version of an existing scenario must
    /// raise <c>version</c>, so a learner's finished report always names the version it was played with.
    /// </summary>
    public async Task<ScenarioSaveResult> SaveAsync(Viewer viewer, string yaml, bool checkOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(yaml);
        if (!MayAuthor(viewer))
        {
            return new ScenarioSaveResult(null, [], Forbidden: true);
        }

        var (active, standard) = await standards.ActiveAsync(cancellationToken);
        var loaded = ScenarioLoader.Load(yaml, "scenario.yaml", standard);
        if (!loaded.Succeeded)
        {
            return new ScenarioSaveResult(null, loaded.Problems);
        }

        var scenario = loaded.Scenario!;
        var current = await LibraryAsync(active.Id, standard, cancellationToken);
        if (current.Find(scenario.Id) is { } existing && scenario.Version <= existing.Version)
        {
            return new ScenarioSaveResult(null, [new StandardProblem(scenario.Definition.Location with { Line = 1, Column = 1 },
                $"The library already has '{scenario.Id}' version {existing.Version}: raise 'version' to {existing.Version + 1} to save a new version, or choose another id.")]);
        }

        if (checkOnly)
        {
            return new ScenarioSaveResult(scenario, []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = new AuthoredScenarioRecord
        {
            ScenarioId = scenario.Id,
            Version = scenario.Version,
            Yaml = yaml,
            SavedBy = viewer.UserName,
            SavedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.AuthoredScenarios.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "scenario.save", "scenario", scenario.Id, new { scenario.Version, title = scenario.Definition.Title });
        await db.SaveChangesAsync(cancellationToken);
        return new ScenarioSaveResult(scenario, []);
    }

    private async Task<ScenarioLibrary> LibraryAsync(int standardVersionId, CompiledStandard standard, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revision = await db.AuthoredScenarios.MaxAsync(s => (long?)s.Id, cancellationToken) ?? 0;
        if (_libraries.TryGetValue((standardVersionId, revision), out var cached))
        {
            return cached;
        }

        var authored = (await db.AuthoredScenarios.AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(s => s.ScenarioId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(s => s.Version)!)
            .ToList();
        var replaced = authored.Select(a => a.ScenarioId).ToHashSet(StringComparer.Ordinal);
        var sources = ShippedScenarios.Default.Scenarios.Where(s => !replaced.Contains(s.Id))
            .Select(s => ShippedSourceOf(s.Id)!)
            .Concat(authored.Select(a => new ScenarioSource(AuthoredFolder + a.ScenarioId + ".yaml", a.Yaml)));
        return _libraries.GetOrAdd((standardVersionId, revision), _ => ScenarioLibrary.Load(sources, standard));
    }

    private static ScenarioSource? ShippedSourceOf(string scenarioId) =>
        ShippedScenarios.Default.Find(scenarioId) is { } shipped
            ? ShippedScenarios.Sources.FirstOrDefault(s => s.FileName == shipped.Definition.Location.File)
            : null;
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
