using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>A user who may be invited to judge in a calibration round.</summary>
public sealed record CalibrationCandidate(string UserId, string UserName, string DisplayName, string Role);

/// <summary>What a new calibration round is made of.</summary>
public sealed record CalibrationRequest
{
    public string? Name { get; init; }

    /// <summary>How many conversations to pick at random from the scored ones (1–<see cref="Calibration.MaxConversations"/>).</summary>
    public int Count { get; init; } = 10;

    public IReadOnlyList<string> ReviewerIds { get; init; } = [];

    /// <summary>Conversations chosen by id (in the source system); when given, no random pick is made.</summary>
    public IReadOnlyList<string> ConversationIds { get; init; } = [];

    /// <summary>Random pick only among conversations with this grade.</summary>
    public string? Grade { get; init; }

    /// <summary>Random pick only among conversations that failed this check.</summary>
    public string? FailedCheck { get; init; }
}

public sealed record CalibrationCreated(int? SessionId, IReadOnlyList<InputProblem> Problems)
{
    public bool Succeeded => SessionId is not null;
}

public sealed record CalibrationSessionSummary(
    int Id, string Name, string CreatedBy, DateTime CreatedAtUtc, bool Closed, int Conversations, int Reviewers, bool IsReviewer, int JudgedByViewer);

/// <summary>How far one reviewer is: conversations with every check judged.</summary>
public sealed record CalibrationProgress(string UserId, string UserName, string DisplayName, int Judged);

public sealed record CalibrationItem(long ConversationId, string ExternalId, string? AgentCode, bool JudgedByViewer);

public sealed record CalibrationSessionDetail(
    CalibrationSessionSummary Summary, IReadOnlyList<CalibrationProgress> Reviewers, IReadOnlyList<CalibrationItem> Conversations, bool CanClose);

/// <summary>A check as a reviewer judges it blind: what it asks, never what the engine said.</summary>
public sealed record CalibrationCheck(string Id, string Name, string Dimension, string? Description, bool Fatal, bool Bonus, decimal Points);

/// <summary>The blind judging form of one conversation: transcript, checks, and only the viewer's own earlier judgements.</summary>
public sealed record CalibrationJudging(
    int SessionId, string SessionName, long ConversationId, Conversation Conversation, IReadOnlyList<CalibrationCheck> Checks,
    IReadOnlyDictionary<string, CheckOutcome> Mine, long? NextConversationId);

/// <summary>Agreement on one check across the round's conversations.</summary>
/// <param name="EngineAgreement">Share (0–1) of reviewers' judgements equal to the engine's outcome; null without judgements.</param>
public sealed record CheckAgreement(string CheckId, string CheckName, int Judgements, RaterAgreement Reviewers, double? EngineAgreement);

/// <summary>One conversation's check where reviewers disagreed with each other or with the engine.</summary>
/// <param name="Agreement">Share (0–1) of agreeing reviewer pairs on this item.</param>
/// <param name="EngineAgreement">Share (0–1) of judgements equal to the engine's outcome.</param>
public sealed record CalibrationDisagreement(
    string ConversationId, string CheckId, string CheckName, int Pass, int Fail, int Na, CheckOutcome EngineOutcome, double Agreement, double EngineAgreement);

/// <param name="PeerAgreement">Share (0–1) of the other reviewers' judgements that match this reviewer's, averaged over items.</param>
public sealed record ReviewerAgreement(string UserName, int Judgements, double? EngineAgreement, double? PeerAgreement);

public sealed record CalibrationResults(
    RaterAgreement Overall, double? EngineAgreement, IReadOnlyList<CheckAgreement> Checks, IReadOnlyList<CalibrationDisagreement> MostDisagreement,
    IReadOnlyList<ReviewerAgreement> Reviewers);

/// <summary>
/// Calibration (R-QA-3/4): several reviewers judge every check of the same conversations BLIND —
/// while judging they see the transcript and what each check asks, never the engine's outcome nor
/// another reviewer's judgement — and once the round is closed the results show, per check, how
/// much the reviewers agree (percent agreement and Fleiss' κ, <see cref="Agreement"/>) and how much
/// they agree with the engine, and where they disagree most. Being invited to a round is what lets
/// a reviewer read its transcripts.
/// </summary>
public sealed class Calibration(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock)
{
    public const int MaxConversations = 50;
    public const int MaxNameLength = 200;
    public const int MostDisagreementShown = 15;

    /// <summary>Users who may judge: everyone with a reviewing role.</summary>
    public async Task<IReadOnlyList<CalibrationCandidate>> CandidatesAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        var roles = Policies.RolesFor[Policies.Review];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from u in db.Users.AsNoTracking()
                          join ur in db.UserRoles.AsNoTracking() on u.Id equals ur.UserId
                          join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id
                          where roles.Contains(r.Name!)
                          select new { u.Id, u.UserName, u.DisplayName, Role = r.Name! }).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Id)
            .Select(g => new CalibrationCandidate(g.Key, g.First().UserName ?? g.Key, g.First().DisplayName, string.Join(", ", g.Select(x => x.Role).Order(StringComparer.Ordinal))))
            .OrderBy(c => c.UserName, StringComparer.Ordinal)];
    }

    public async Task<CalibrationCreated> CreateAsync(Viewer viewer, CalibrationRequest request, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<InputProblem>();
        var name = (request.Name ?? "").Trim();
        if (name.Length == 0)
        {
            problems.Add(new InputProblem("name", "请填写校准名称。", "Give the calibration round a name."));
        }
        else if (name.Length > MaxNameLength)
        {
            problems.Add(new InputProblem("name", $"名称最多 {MaxNameLength} 个字。", $"The name can be at most {MaxNameLength} characters."));
        }

        var explicitIds = request.ConversationIds.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var count = explicitIds.Count > 0 ? explicitIds.Count : request.Count;
        if (count is < 1 or > MaxConversations)
        {
            problems.Add(new InputProblem("count", $"会话数必须在 1 到 {MaxConversations} 之间。", $"Choose between 1 and {MaxConversations} conversations."));
        }

        var candidates = (await CandidatesAsync(viewer, cancellationToken)).ToDictionary(c => c.UserId, StringComparer.Ordinal);
        var reviewerIds = request.ReviewerIds.Distinct(StringComparer.Ordinal).ToList();
        if (reviewerIds.Count < 2)
        {
            problems.Add(new InputProblem("reviewers", "请至少选择两位质检员：一致性需要比较两个人以上的判断。", "Choose at least two reviewers: agreement needs two or more people's judgements."));
        }
        else if (reviewerIds.FirstOrDefault(id => !candidates.ContainsKey(id)) is { } unknown)
        {
            problems.Add(new InputProblem("reviewers", $"用户 {unknown} 没有复核权限，不能参加校准。", $"User {unknown} is not a reviewer and cannot take part."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scored = from c in ConversationQueries.Visible(db, viewer)
                     join s in db.Scorecards.AsNoTracking() on c.Id equals s.ConversationId
                     select new { c, s };
        List<long> conversationIds = [];
        if (explicitIds.Count > 0)
        {
            var found = await scored.Where(x => explicitIds.Contains(x.c.ExternalId)).Select(x => new { x.c.Id, x.c.ExternalId }).ToListAsync(cancellationToken);
            var missing = explicitIds.Except(found.Select(f => f.ExternalId), StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                var list = string.Join(", ", missing.Take(10));
                problems.Add(new InputProblem("conversations", $"以下会话不存在、尚未评分或您无权查看：{list}", $"These conversations do not exist, are not scored yet, or you may not see them: {list}"));
            }

            conversationIds = [.. found.Select(f => f.Id)];
        }
        else if (problems.Count == 0)
        {
            if (request.Grade is { Length: > 0 } grade)
            {
                scored = scored.Where(x => x.s.Grade == grade);
            }

            if (request.FailedCheck is { Length: > 0 } failed)
            {
                var pattern = "," + failed + ",";
                scored = scored.Where(x => x.s.FailedChecks.Contains(pattern));
            }

            conversationIds = await scored.OrderBy(_ => EF.Functions.Random()).Take(count).Select(x => x.c.Id).ToListAsync(cancellationToken);
            if (conversationIds.Count == 0)
            {
                problems.Add(new InputProblem("conversations", "没有符合条件的已评分会话。", "No scored conversation matches these conditions."));
            }
        }

        if (problems.Count > 0)
        {
            return new CalibrationCreated(null, problems);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var session = new CalibrationSession
        {
            Name = name,
            CreatedBy = viewer.UserName,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            Conversations = [.. conversationIds.Select(id => new CalibrationConversation { ConversationId = id })],
        };
        db.CalibrationSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        db.CalibrationReviewers.AddRange(reviewerIds.Select(id => new CalibrationReviewer { SessionId = session.Id, UserId = id }));
        AuditLog.Record(db, clock, viewer, "calibration.create", "calibration", Id(session.Id), new
        {
            name,
            conversations = conversationIds.Count,
            reviewers = reviewerIds.Select(id => candidates[id].UserName),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CalibrationCreated(session.Id, []);
    }

    /// <summary>Rounds the viewer created or was invited to (inspectors and admins see all), newest first.</summary>
    public async Task<IReadOnlyList<CalibrationSessionSummary>> ListAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sessions = await Participating(db, viewer).OrderByDescending(s => s.CreatedAtUtc).ThenByDescending(s => s.Id).ToListAsync(cancellationToken);
        var result = new List<CalibrationSessionSummary>(sessions.Count);
        foreach (var session in sessions)
        {
            result.Add(await SummaryAsync(db, viewer, session, cancellationToken));
        }

        return result;
    }

    /// <summary>One round with each reviewer's progress; null when it does not exist or the viewer takes no part in it.</summary>
    public async Task<CalibrationSessionDetail?> GetAsync(Viewer viewer, int sessionId, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await Participating(db, viewer).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var summary = await SummaryAsync(db, viewer, session, cancellationToken);
        var checkCounts = await CheckCountsAsync(db, sessionId, cancellationToken);
        var complete = await CompleteByReviewerAsync(db, sessionId, checkCounts, cancellationToken);
        var reviewers = await (from r in db.CalibrationReviewers.AsNoTracking()
                               where r.SessionId == sessionId
                               join u in db.Users.AsNoTracking() on r.UserId equals u.Id
                               orderby u.UserName
                               select new { u.Id, u.UserName, u.DisplayName }).ToListAsync(cancellationToken);
        var mine = complete.GetValueOrDefault(viewer.UserId) ?? [];
        var conversations = await (from cc in db.CalibrationConversations.AsNoTracking()
                                   where cc.SessionId == sessionId
                                   join c in db.Conversations.AsNoTracking() on cc.ConversationId equals c.Id
                                   orderby c.Id
                                   select new { c.Id, c.ExternalId, c.AgentCode }).ToListAsync(cancellationToken);
        return new CalibrationSessionDetail(
            summary,
            [.. reviewers.Select(r => new CalibrationProgress(r.Id, r.UserName ?? r.Id, r.DisplayName, complete.GetValueOrDefault(r.Id)?.Count ?? 0))],
            [.. conversations.Select(c => new CalibrationItem(c.Id, c.ExternalId, c.AgentCode, mine.Contains(c.Id)))],
            !session.Closed && CanClose(viewer, session));
    }

    /// <summary>The blind judging form; null when the viewer is not a reviewer of this open round or the conversation is not in it.</summary>
    public async Task<CalibrationJudging?> JudgingAsync(Viewer viewer, int sessionId, long conversationId, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await JudgeableAsync(db, viewer, sessionId, conversationId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == conversationId, cancellationToken);
        var standard = await StandardOfAsync(db, conversationId, cancellationToken);
        var userId = viewer.UserId;
        var mine = await db.CalibrationJudgements.AsNoTracking()
            .Where(j => j.SessionId == sessionId && j.ConversationId == conversationId && j.ReviewerId == userId)
            .ToDictionaryAsync(j => j.CheckId, j => j.Outcome, StringComparer.Ordinal, cancellationToken);
        var checkCounts = await CheckCountsAsync(db, sessionId, cancellationToken);
        var done = (await CompleteByReviewerAsync(db, sessionId, checkCounts, cancellationToken)).GetValueOrDefault(userId) ?? [];
        var next = checkCounts.Keys.Order().Where(id => id != conversationId && !done.Contains(id)).Cast<long?>().FirstOrDefault();
        return new CalibrationJudging(sessionId, session.Name, conversationId, conversation.ToConversation(), Checks(standard), mine, next);
    }

    /// <summary>Records the viewer's judgement of every check of one conversation (again while the round is open, to correct it).</summary>
    public async Task<IReadOnlyList<InputProblem>> JudgeAsync(
        Viewer viewer, int sessionId, long conversationId, IReadOnlyDictionary<string, CheckOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        ArgumentNullException.ThrowIfNull(outcomes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await JudgeableAsync(db, viewer, sessionId, conversationId, cancellationToken)
            ?? throw new KeyNotFoundException($"Calibration round {sessionId} is not open to you for conversation {conversationId}.");
        var standard = await StandardOfAsync(db, conversationId, cancellationToken);
        var checks = standard.CheckDefinitions.Select(c => c.Id).ToList();
        var missing = checks.Where(id => !outcomes.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var list = string.Join(", ", missing);
            return [new InputProblem("outcomes", $"请判断每一个检查项；还缺：{list}", $"Judge every check; still missing: {list}")];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var userId = viewer.UserId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.CalibrationJudgements
            .Where(j => j.SessionId == sessionId && j.ConversationId == conversationId && j.ReviewerId == userId)
            .ToDictionaryAsync(j => j.CheckId, StringComparer.Ordinal, cancellationToken);
        foreach (var checkId in checks)
        {
            if (!existing.TryGetValue(checkId, out var judgement))
            {
                judgement = new CalibrationJudgement { SessionId = sessionId, ConversationId = conversationId, ReviewerId = userId, CheckId = checkId };
                db.CalibrationJudgements.Add(judgement);
            }

            judgement.Outcome = outcomes[checkId];
            judgement.AtUtc = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Closes a round (its creator, an inspector or an admin): judging stops and the results are shown. Audited.</summary>
    public async Task<bool> CloseAsync(Viewer viewer, int sessionId, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.CalibrationSessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || session.Closed || !CanClose(viewer, session))
        {
            return false;
        }

        session.Closed = true;
        AuditLog.Record(db, clock, viewer, "calibration.close", "calibration", Id(sessionId), new { session.Name });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The agreement figures of a CLOSED round (null while it is open, so nobody's judgement is
    /// influenced by another's; or when the viewer takes no part in it).
    /// </summary>
    public async Task<CalibrationResults?> ResultsAsync(Viewer viewer, int sessionId, CancellationToken cancellationToken = default)
    {
        SamplingRules.Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await Participating(db, viewer).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || !session.Closed)
        {
            return null;
        }

        var cards = await (from cc in db.CalibrationConversations.AsNoTracking()
                           where cc.SessionId == sessionId
                           join c in db.Conversations.AsNoTracking() on cc.ConversationId equals c.Id
                           join s in db.Scorecards.AsNoTracking() on c.Id equals s.ConversationId
                           select new { c.Id, c.ExternalId, ScorecardId = s.Id, s.StandardVersionId, s.EngineJson }).ToListAsync(cancellationToken);
        // The 系统 column is the scorecard as it stands: a reviewer's override replaces the engine's outcome.
        var scorecardIds = cards.Select(c => c.ScorecardId).ToList();
        var overrides = (await db.CheckOverrides.AsNoTracking().Where(o => scorecardIds.Contains(o.ScorecardId)).ToListAsync(cancellationToken))
            .GroupBy(o => (o.ScorecardId, o.CheckId)).ToDictionary(g => g.Key, g => g.OrderBy(o => o.AtUtc).ThenBy(o => o.Id).Last().Outcome);
        var judgements = await (from j in db.CalibrationJudgements.AsNoTracking()
                                where j.SessionId == sessionId
                                join u in db.Users.AsNoTracking() on j.ReviewerId equals u.Id
                                select new Judged(j.ConversationId, j.CheckId, u.UserName ?? u.Id, j.Outcome)).ToListAsync(cancellationToken);

        var engine = new Dictionary<(long, string), CheckOutcome>();
        var checkNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var externalIds = cards.ToDictionary(c => c.Id, c => c.ExternalId);
        foreach (var card in cards)
        {
            var standard = await standards.CompiledAsync(card.StandardVersionId, cancellationToken);
            foreach (var check in ScorecardJson.Parse(card.EngineJson, standard).Checks)
            {
                engine[(card.Id, check.Id)] = overrides.TryGetValue((card.ScorecardId, check.Id), out var decided) ? decided : check.Outcome;
                checkNames.TryAdd(check.Id, check.Name);
            }
        }

        return Compute(judgements, engine, checkNames, externalIds);
    }

    /// <summary>The outcomes a reviewer can choose, in the order <see cref="RaterAgreement.Prevalence"/> reports them.</summary>
    public static IReadOnlyList<CheckOutcome> Scale { get; } = [CheckOutcome.Pass, CheckOutcome.Fail, CheckOutcome.Na];

    /// <summary>One reviewer's judgement of one check of one conversation.</summary>
    internal sealed record Judged(long ConversationId, string CheckId, string Reviewer, CheckOutcome Outcome);

    /// <summary>The results' arithmetic, apart from the database so it can be checked by hand.</summary>
    internal static CalibrationResults Compute(
        IReadOnlyList<Judged> judgements, IReadOnlyDictionary<(long, string), CheckOutcome> engine,
        IReadOnlyDictionary<string, string> checkNames, IReadOnlyDictionary<long, string> externalIds)
    {
        var items = judgements.GroupBy(j => (j.ConversationId, j.CheckId)).ToDictionary(g => g.Key, g => g.ToList());
        double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;
        int MatchesEngine(IEnumerable<Judged> js) => js.Count(j => engine.TryGetValue((j.ConversationId, j.CheckId), out var e) && e == j.Outcome);

        var checks = new List<CheckAgreement>();
        foreach (var (checkId, name) in checkNames)
        {
            var ofCheck = items.Where(i => i.Key.CheckId == checkId).Select(i => i.Value).ToList();
            var all = ofCheck.SelectMany(j => j).ToList();
            checks.Add(new CheckAgreement(checkId, name, all.Count, Agreement.Fleiss(ofCheck.Select(js => js.Select(j => j.Outcome)), Scale), Share(MatchesEngine(all), all.Count)));
        }

        var disagreements = new List<CalibrationDisagreement>();
        foreach (var ((conversationId, checkId), js) in items)
        {
            var agreement = js.Count < 2 ? 1.0 : Agreement.Fleiss(new[] { js.Select(j => j.Outcome) }).ObservedAgreement;
            var withEngine = (double)MatchesEngine(js) / js.Count;
            if (agreement < 1 || withEngine < 1)
            {
                disagreements.Add(new CalibrationDisagreement(
                    externalIds.GetValueOrDefault(conversationId, conversationId.ToString(CultureInfo.InvariantCulture)), checkId, checkNames.GetValueOrDefault(checkId, checkId),
                    js.Count(j => j.Outcome == CheckOutcome.Pass), js.Count(j => j.Outcome == CheckOutcome.Fail), js.Count(j => j.Outcome == CheckOutcome.Na),
                    engine.GetValueOrDefault((conversationId, checkId), CheckOutcome.Na), agreement, withEngine));
            }
        }

        var reviewers = new List<ReviewerAgreement>();
        foreach (var byReviewer in judgements.GroupBy(j => j.Reviewer).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var peerShares = new List<double>();
            foreach (var j in byReviewer)
            {
                var others = items[(j.ConversationId, j.CheckId)].Where(o => o.Reviewer != j.Reviewer).ToList();
                if (others.Count > 0)
                {
                    peerShares.Add((double)others.Count(o => o.Outcome == j.Outcome) / others.Count);
                }
            }

            var count = byReviewer.Count();
            reviewers.Add(new ReviewerAgreement(byReviewer.Key, count, Share(MatchesEngine(byReviewer), count), peerShares.Count == 0 ? null : peerShares.Average()));
        }

        return new CalibrationResults(
            Agreement.Fleiss(items.Values.Select(js => js.Select(j => j.Outcome)), Scale),
            Share(MatchesEngine(judgements), judgements.Count),
            checks,
            [.. disagreements.OrderBy(d => d.Agreement).ThenBy(d => d.EngineAgreement).ThenBy(d => d.ConversationId, StringComparer.Ordinal).ThenBy(d => d.CheckId, StringComparer.Ordinal).Take(MostDisagreementShown)],
            reviewers);
    }

    private static IQueryable<CalibrationSession> Participating(ServiceCoachDbContext db, Viewer viewer)
    {
        var sessions = db.CalibrationSessions.AsNoTracking();
        if (viewer.SeesEverything)
        {
            return sessions;
        }

        var (userId, userName) = (viewer.UserId, viewer.UserName);
        return sessions.Where(s => s.CreatedBy == userName || db.CalibrationReviewers.Any(r => r.SessionId == s.Id && r.UserId == userId));
    }

    private static bool CanClose(Viewer viewer, CalibrationSession session) =>
        session.CreatedBy == viewer.UserName || viewer.IsInRole(Roles.Admin) || viewer.IsInRole(Roles.QaInspector);

    private static async Task<CalibrationSession?> JudgeableAsync(ServiceCoachDbContext db, Viewer viewer, int sessionId, long conversationId, CancellationToken cancellationToken)
    {
        var userId = viewer.UserId;
        return await db.CalibrationSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && !s.Closed)
            .Where(s => db.CalibrationReviewers.Any(r => r.SessionId == s.Id && r.UserId == userId))
            .Where(s => db.CalibrationConversations.Any(c => c.SessionId == s.Id && c.ConversationId == conversationId))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<CalibrationSessionSummary> SummaryAsync(ServiceCoachDbContext db, Viewer viewer, CalibrationSession session, CancellationToken cancellationToken)
    {
        var conversations = await db.CalibrationConversations.CountAsync(c => c.SessionId == session.Id, cancellationToken);
        var userId = viewer.UserId;
        var reviewers = await db.CalibrationReviewers.Where(r => r.SessionId == session.Id).Select(r => r.UserId).ToListAsync(cancellationToken);
        var isReviewer = reviewers.Contains(userId);
        var judged = 0;
        if (isReviewer)
        {
            var checkCounts = await CheckCountsAsync(db, session.Id, cancellationToken);
            judged = (await CompleteByReviewerAsync(db, session.Id, checkCounts, cancellationToken)).GetValueOrDefault(userId)?.Count ?? 0;
        }

        return new CalibrationSessionSummary(session.Id, session.Name, session.CreatedBy, session.CreatedAtUtc, session.Closed, conversations, reviewers.Count, isReviewer, judged);
    }

    /// <summary>How many checks each conversation of the round has (its scorecard's standard).</summary>
    private async Task<Dictionary<long, int>> CheckCountsAsync(ServiceCoachDbContext db, int sessionId, CancellationToken cancellationToken)
    {
        var versions = await (from cc in db.CalibrationConversations.AsNoTracking()
                              where cc.SessionId == sessionId
                              join s in db.Scorecards.AsNoTracking() on cc.ConversationId equals s.ConversationId
                              select new { cc.ConversationId, s.StandardVersionId }).ToListAsync(cancellationToken);
        var counts = new Dictionary<long, int>();
        foreach (var v in versions)
        {
            counts[v.ConversationId] = (await standards.CompiledAsync(v.StandardVersionId, cancellationToken)).CheckDefinitions.Count;
        }

        return counts;
    }

    /// <summary>Per reviewer, the conversations they have judged completely.</summary>
    private static async Task<Dictionary<string, HashSet<long>>> CompleteByReviewerAsync(
        ServiceCoachDbContext db, int sessionId, Dictionary<long, int> checkCounts, CancellationToken cancellationToken)
    {
        var judged = await db.CalibrationJudgements.AsNoTracking().Where(j => j.SessionId == sessionId)
            .GroupBy(j => new { j.ReviewerId, j.ConversationId })
            .Select(g => new { g.Key.ReviewerId, g.Key.ConversationId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return judged.Where(j => checkCounts.TryGetValue(j.ConversationId, out var n) && j.Count >= n)
            .GroupBy(j => j.ReviewerId)
            .ToDictionary(g => g.Key, g => g.Select(j => j.ConversationId).ToHashSet(), StringComparer.Ordinal);
    }

    private async Task<CompiledStandard> StandardOfAsync(ServiceCoachDbContext db, long conversationId, CancellationToken cancellationToken)
    {
        var versionId = await db.Scorecards.AsNoTracking().Where(s => s.ConversationId == conversationId).Select(s => s.StandardVersionId).FirstAsync(cancellationToken);
        return await standards.CompiledAsync(versionId, cancellationToken);
    }

    private static List<CalibrationCheck> Checks(CompiledStandard standard)
    {
        var dimensions = standard.Definition.Scorecard.Dimensions.ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
        return [.. standard.CheckDefinitions.Select(c => new CalibrationCheck(
            c.Id, c.Name, dimensions.GetValueOrDefault(c.Dimension, c.Dimension), c.Description ?? c.Message, c.Fatal, c.Bonus, c.Points))];
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
