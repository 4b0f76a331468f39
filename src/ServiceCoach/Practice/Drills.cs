using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Practice;

/// <summary>The part someone plays in a drill round.</summary>
public enum DrillRole
{
    None,
    Customer,
    Agent,
    Supervisor,
}

/// <summary>Why a drill request was refused.</summary>
public enum DrillError
{
    None,
    NotFound,
    Forbidden,
    Closed,
    NotEnoughPlayers,
    RoundRunning,
    NoRound,
    EmptyText,
    TextTooLong,
    NoSuchTurn,
    BadOutcome,
}

public sealed record DrillPerson(string UserId, string Name);

public sealed record DrillTurnView(int Number, bool ByAgent, DrillPerson Speaker, string Text, DateTime SaidAtUtc);

public sealed record DrillCommentView(int TurnNumber, DrillPerson Author, string Text, DateTime SaidAtUtc);

/// <summary>One round: its players, what was said, the comments and, once it ended, the agent's result.</summary>
public sealed record DrillRoundView(
    int Number,
    DrillPerson Customer,
    DrillPerson Agent,
    DrillPerson? Supervisor,
    DateTime StartedAtUtc,
    DateTime? FinishedAtUtc,
    IReadOnlyList<DrillTurnView> Turns,
    IReadOnlyList<DrillCommentView> Comments,
    PracticeResult? Result)
{
    public bool IsOver => FinishedAtUtc is not null;

    public DrillRole RoleOf(string userId) =>
        userId == Customer.UserId ? DrillRole.Customer
        : userId == Agent.UserId ? DrillRole.Agent
        : userId == Supervisor?.UserId ? DrillRole.Supervisor
        : DrillRole.None;
}

/// <summary>A drill room as one viewer sees it. Rounds are empty for someone who has not joined.</summary>
public sealed record DrillRoomView(
    long Id,
    string Title,
    CompiledScenario Scenario,
    DrillPerson Host,
    DateTime OpenedAtUtc,
    DateTime? ClosedAtUtc,
    int Revision,
    IReadOnlyList<DrillPerson> Players,
    IReadOnlyList<DrillRoundView> Rounds,
    string ViewerId,
    bool IsMember,
    bool IsHost,
    bool MayRun)
{
    public bool IsOpen => ClosedAtUtc is null;

    public DrillRoundView? Current => Rounds.Count > 0 && !Rounds[^1].IsOver ? Rounds[^1] : null;

    public DrillRole MyRole => Current?.RoleOf(ViewerId) ?? DrillRole.None;

    /// <summary>The round's supervisor comments; so does whoever runs the room.</summary>
    public bool MayComment(DrillRoundView round) => MayRun || round.RoleOf(ViewerId) == DrillRole.Supervisor;

    /// <summary>The customer player ends a round when the customer would hang up; whoever runs the room may too.</summary>
    public bool MayEnd(DrillRoundView round) => !round.IsOver && (MayRun || round.RoleOf(ViewerId) == DrillRole.Customer);
}

public sealed record DrillRoomRow(long Id, string Title, string ScenarioTitle, string HostName, int Players, int Rounds, DateTime OpenedAtUtc, DateTime? ClosedAtUtc, bool IsMember);

/// <summary>
/// Live multi-role drills (R-PRA-2/3). A trainer or supervisor opens a room on a scenario; people join;
/// each round gives the players the customer, agent and supervisor parts in turn (rotating by seat), the
/// customer player sees the persona and the facts, the supervisor comments on single turns, and the
/// agent's transcript is scored by the same engine call as an imported conversation
/// (<see cref="PracticeReport.ForTranscript"/>). Every change raises the room's revision, which orders
/// concurrent changes and tells watching pages (pushed over SignalR by the web app) to refresh.
/// </summary>
public sealed class Drills(IDbContextFactory<ServiceCoachDbContext> dbFactory, PracticeLibrary library, TimeProvider clock)
{
    public const int MaxTitleLength = 200;

    /// <summary>How a customer player may end a round: turn-limit belongs to the virtual customer.</summary>
    public static IReadOnlyList<PracticeOutcome> EndOutcomes { get; } = [PracticeOutcome.Resolved, PracticeOutcome.Escalated, PracticeOutcome.Abandoned];

    /// <summary>Who may open and run rooms: trainers and admins, and supervisors for their teams.</summary>
    public static bool MayHost(Viewer viewer) => PracticeLibrary.MayAuthor(viewer);

    /// <summary>
    /// The roles of round <paramref name="number"/> (1, 2 …) among the players in seat order: the customer
    /// part moves one seat on each round and the agent and supervisor follow it, so with three players
    /// everyone plays every part in three rounds; with two there is no supervisor player.
    /// </summary>
    public static (int Customer, int Agent, int? Supervisor) Rotation(int number, int players)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(players, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var customer = (number - 1) % players;
        return (customer, (customer + 1) % players, players >= 3 ? (customer + 2) % players : null);
    }

    public async Task<(long? RoomId, DrillError Error)> OpenAsync(Viewer viewer, string scenarioId, string? title, bool hostPlays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!MayHost(viewer))
        {
            return (null, DrillError.Forbidden);
        }

        var (standardVersionId, scenarios) = await library.CurrentAsync(cancellationToken);
        var scenario = scenarios.Find(scenarioId);
        if (scenario is null)
        {
            return (null, DrillError.NotFound);
        }

        title = title?.Trim();
        if (title?.Length > MaxTitleLength)
        {
            return (null, DrillError.TextTooLong);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var room = new DrillRoomRecord
        {
            Title = string.IsNullOrEmpty(title) ? scenario.Definition.Title : title,
            ScenarioId = scenario.Id,
            StandardVersionId = standardVersionId,
            HostUserId = viewer.UserId,
            OpenedAtUtc = now,
        };
        db.DrillRooms.Add(room);
        await db.SaveChangesAsync(cancellationToken);
        db.DrillMembers.Add(new DrillMemberRecord { RoomId = room.Id, UserId = viewer.UserId, Seat = 0, Plays = hostPlays, JoinedAtUtc = now });
        AuditLog.Record(db, clock, viewer, "drill.open", "drill", room.Id.ToString(CultureInfo.InvariantCulture), new { scenario = scenario.Id, room.Title });
        await db.SaveChangesAsync(cancellationToken);
        return (room.Id, DrillError.None);
    }

    /// <summary>Joins an open room as a player (joining twice changes nothing).</summary>
    public Task<(DrillError Error, int Revision)> JoinAsync(Viewer viewer, long roomId, CancellationToken cancellationToken = default) =>
        ChangeAsync(viewer, roomId, (db, room, members, _) =>
        {
            if (members.Any(m => m.UserId == viewer.UserId))
            {
                return Task.FromResult(DrillError.None);
            }

            db.DrillMembers.Add(new DrillMemberRecord
            {
                RoomId = room.Id,
                UserId = viewer.UserId,
                Seat = members.Count == 0 ? 0 : members.Max(m => m.Seat) + 1,
                JoinedAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            return Task.FromResult(DrillError.None);
        }, cancellationToken);

    /// <summary>Starts the next round with the roles the rotation gives it.</summary>
    public Task<(DrillError Error, int Revision)> StartRoundAsync(Viewer viewer, long roomId, CancellationToken cancellationToken = default) =>
        ChangeAsync(viewer, roomId, (db, room, members, round) =>
        {
            if (!MayRun(viewer, room))
            {
                return Task.FromResult(DrillError.Forbidden);
            }

            if (round is { FinishedAtUtc: null })
            {
                return Task.FromResult(DrillError.RoundRunning);
            }

            var players = members.Where(m => m.Plays).OrderBy(m => m.Seat).ToList();
            if (players.Count < 2)
            {
                return Task.FromResult(DrillError.NotEnoughPlayers);
            }

            var number = (round?.Number ?? 0) + 1;
            var (customer, agent, supervisor) = Rotation(number, players.Count);
            db.DrillRounds.Add(new DrillRoundRecord
            {
                RoomId = room.Id,
                Number = number,
                CustomerUserId = players[customer].UserId,
                AgentUserId = players[agent].UserId,
                SupervisorUserId = supervisor is { } s ? players[s].UserId : null,
                StartedAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            return Task.FromResult(DrillError.None);
        }, cancellationToken);

    /// <summary>
    /// The customer or agent player says something in the running round. <paramref name="seenTurns"/> is how
    /// many turns the page showed: the same text from the same person after that is a double send and is
    /// not said twice. Others talking in between is normal in a chat and is not refused.
    /// </summary>
    public Task<(DrillError Error, int Revision)> SayAsync(Viewer viewer, long roomId, string? text, int seenTurns, CancellationToken cancellationToken = default)
    {
        var said = text?.Trim() ?? "";
        return ChangeAsync(viewer, roomId, async (db, room, _, round) =>
        {
            if (round is not { FinishedAtUtc: null })
            {
                return DrillError.NoRound;
            }

            var byAgent = round.AgentUserId == viewer.UserId;
            if (!byAgent && round.CustomerUserId != viewer.UserId)
            {
                return DrillError.Forbidden;
            }

            if (TextProblem(said) is { } problem)
            {
                return problem;
            }

            var turns = await db.DrillTurns.Where(t => t.RoundId == round.Id).OrderBy(t => t.Number).ToListAsync(cancellationToken);
            if (turns.Skip(Math.Max(0, seenTurns)).Any(t => t.UserId == viewer.UserId && t.Text == said))
            {
                return DrillError.None;
            }

            db.DrillTurns.Add(new DrillTurnRecord
            {
                RoundId = round.Id,
                Number = turns.Count + 1,
                ByAgent = byAgent,
                UserId = viewer.UserId,
                Text = said,
                SaidAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            return DrillError.None;
        }, cancellationToken);
    }

    /// <summary>The round's supervisor (or whoever runs the room) comments on one turn, during or after the round.</summary>
    public Task<(DrillError Error, int Revision)> CommentAsync(Viewer viewer, long roomId, int roundNumber, int turnNumber, string? text, CancellationToken cancellationToken = default)
    {
        var comment = text?.Trim() ?? "";
        return ChangeAsync(viewer, roomId, async (db, room, _, _) =>
        {
            var round = await db.DrillRounds.FirstOrDefaultAsync(r => r.RoomId == room.Id && r.Number == roundNumber, cancellationToken);
            if (round is null)
            {
                return DrillError.NoRound;
            }

            if (!MayRun(viewer, room) && round.SupervisorUserId != viewer.UserId)
            {
                return DrillError.Forbidden;
            }

            if (TextProblem(comment) is { } problem)
            {
                return problem;
            }

            if (!await db.DrillTurns.AnyAsync(t => t.RoundId == round.Id && t.Number == turnNumber, cancellationToken))
            {
                return DrillError.NoSuchTurn;
            }

            db.DrillComments.Add(new DrillCommentRecord
            {
                RoundId = round.Id,
                TurnNumber = turnNumber,
                UserId = viewer.UserId,
                Text = comment,
                SaidAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            return DrillError.None;
        }, allowClosed: true, cancellationToken);
    }

    /// <summary>Ends the running round as the customer player (or the room's runner) decides, and scores the agent.</summary>
    public Task<(DrillError Error, int Revision)> EndRoundAsync(Viewer viewer, long roomId, string? outcome, CancellationToken cancellationToken = default) =>
        ChangeAsync(viewer, roomId, async (db, room, _, round) =>
        {
            if (round is not { FinishedAtUtc: null })
            {
                return DrillError.NoRound;
            }

            if (!MayRun(viewer, room) && round.CustomerUserId != viewer.UserId)
            {
                return DrillError.Forbidden;
            }

            if (PracticeOutcomes.Parse(outcome) is not { } ended || !EndOutcomes.Contains(ended))
            {
                return DrillError.BadOutcome;
            }

            return await FinishAsync(db, room, round, ended, cancellationToken);
        }, cancellationToken);

    /// <summary>Closes the room; a round still running ends as abandoned.</summary>
    public Task<(DrillError Error, int Revision)> CloseAsync(Viewer viewer, long roomId, CancellationToken cancellationToken = default) =>
        ChangeAsync(viewer, roomId, async (db, room, _, round) =>
        {
            if (!MayRun(viewer, room))
            {
                return DrillError.Forbidden;
            }

            if (round is { FinishedAtUtc: null } && await FinishAsync(db, room, round, PracticeOutcome.Abandoned, cancellationToken) is not DrillError.None and var error)
            {
                return error;
            }

            room.ClosedAtUtc = clock.GetUtcNow().UtcDateTime;
            AuditLog.Record(db, clock, viewer, "drill.close", "drill", room.Id.ToString(CultureInfo.InvariantCulture), new { rounds = round?.Number ?? 0 });
            return DrillError.None;
        }, cancellationToken);

    /// <summary>Whether the viewer may follow the room live (the web app's SignalR group).</summary>
    public async Task<bool> MayWatchAsync(Viewer viewer, long roomId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var room = await db.DrillRooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken);
        return room is not null && (MayRun(viewer, room) || await db.DrillMembers.AnyAsync(m => m.RoomId == roomId && m.UserId == viewer.UserId, cancellationToken));
    }

    public async Task<DrillRoomView?> GetAsync(Viewer viewer, long roomId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var room = await db.DrillRooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken);
        if (room is null)
        {
            return null;
        }

        var scenario = (await library.ForVersionAsync(room.StandardVersionId, cancellationToken)).Find(room.ScenarioId);
        if (scenario is null)
        {
            return null;
        }

        var members = await db.DrillMembers.AsNoTracking().Where(m => m.RoomId == roomId).OrderBy(m => m.Seat).ToListAsync(cancellationToken);
        var isMember = members.Any(m => m.UserId == viewer.UserId);
        var mayRun = MayRun(viewer, room);
        var rounds = isMember || mayRun
            ? await db.DrillRounds.AsNoTracking().Where(r => r.RoomId == roomId).OrderBy(r => r.Number).ToListAsync(cancellationToken)
            : [];
        var roundIds = rounds.Select(r => r.Id).ToList();
        var turns = (await db.DrillTurns.AsNoTracking().Where(t => roundIds.Contains(t.RoundId)).ToListAsync(cancellationToken))
            .ToLookup(t => t.RoundId);
        var comments = (await db.DrillComments.AsNoTracking().Where(c => roundIds.Contains(c.RoundId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.RoundId);

        var userIds = members.Select(m => m.UserId).Append(room.HostUserId).Concat(comments.SelectMany(c => c).Select(c => c.UserId)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.UserName, u.AgentCode }).ToDictionaryAsync(u => u.Id, cancellationToken);
        DrillPerson Person(string? id) => id is null ? new DrillPerson("", "")
            : users.TryGetValue(id, out var u) ? new DrillPerson(id, u.DisplayName.Length > 0 ? u.DisplayName : u.UserName ?? id) : new DrillPerson(id, id);

        var roundViews = rounds.Select(r =>
        {
            var said = turns[r.Id].OrderBy(t => t.Number).ToList();
            PracticeResult? result = null;
            if (r.FinishedAtUtc is not null && PracticeOutcomes.Parse(r.Outcome) is { } outcome)
            {
                var agentCode = users.TryGetValue(r.AgentUserId, out var agent) ? agent.AgentCode : null;
                result = PracticeReport.ForTranscript(scenario, Transcript(room, r, said, scenario, agentCode), outcome);
            }

            return new DrillRoundView(r.Number, Person(r.CustomerUserId), Person(r.AgentUserId), r.SupervisorUserId is null ? null : Person(r.SupervisorUserId),
                r.StartedAtUtc, r.FinishedAtUtc,
                [.. said.Select(t => new DrillTurnView(t.Number, t.ByAgent, Person(t.UserId), t.Text, t.SaidAtUtc))],
                [.. comments[r.Id].OrderBy(c => c.TurnNumber).ThenBy(c => c.Id).Select(c => new DrillCommentView(c.TurnNumber, Person(c.UserId), c.Text, c.SaidAtUtc))],
                result);
        }).ToList();

        return new DrillRoomView(room.Id, room.Title, scenario, Person(room.HostUserId), room.OpenedAtUtc, room.ClosedAtUtc, room.Revision,
            [.. members.Where(m => m.Plays).Select(m => Person(m.UserId))], roundViews, viewer.UserId, isMember, room.HostUserId == viewer.UserId, mayRun);
    }

    /// <summary>Open rooms (anyone signed in may join) and the closed rooms the viewer took part in or ran, newest first.</summary>
    public async Task<IReadOnlyList<DrillRoomRow>> ListAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.DrillMembers.Where(m => m.UserId == viewer.UserId).Select(m => m.RoomId);
        var seesAll = viewer.Can(Policies.ManageTraining);
        var rooms = await db.DrillRooms.AsNoTracking()
            .Where(r => r.ClosedAtUtc == null || seesAll || r.HostUserId == viewer.UserId || mine.Contains(r.Id))
            .OrderByDescending(r => r.ClosedAtUtc == null).ThenByDescending(r => r.OpenedAtUtc).ThenByDescending(r => r.Id)
            .Take(100)
            .Select(r => new
            {
                Room = r,
                Host = db.Users.Where(u => u.Id == r.HostUserId).Select(u => u.DisplayName.Length > 0 ? u.DisplayName : u.UserName).FirstOrDefault(),
                Players = db.DrillMembers.Count(m => m.RoomId == r.Id && m.Plays),
                Rounds = db.DrillRounds.Count(d => d.RoomId == r.Id),
                IsMember = mine.Contains(r.Id),
            })
            .ToListAsync(cancellationToken);
        var (_, scenarios) = await library.CurrentAsync(cancellationToken);
        return [.. rooms.Select(r => new DrillRoomRow(r.Room.Id, r.Room.Title, scenarios.Find(r.Room.ScenarioId)?.Definition.Title ?? r.Room.ScenarioId,
            r.Host ?? "", r.Players, r.Rounds, r.Room.OpenedAtUtc, r.Room.ClosedAtUtc, r.IsMember))];
    }

    /// <summary>The round as a conversation like an imported one: times from the round's start, the agent's code as the agent.</summary>
    public static Conversation Transcript(DrillRoomRecord room, DrillRoundRecord round, IReadOnlyList<DrillTurnRecord> turns, CompiledScenario scenario, string? agentCode)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(scenario);
        return new Conversation
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"drill-{room.Id}-{round.Number}"),
            Channel = scenario.Definition.Channel,
            AgentId = agentCode,
            Customer = new CustomerInfo(null, scenario.Definition.Persona.Tier),
            StartTime = new DateTimeOffset(round.StartedAtUtc, TimeSpan.Zero),
            Category = scenario.Definition.CategoryName,
            Turns = [.. turns.Select(t =>
            {
                var at = (long)Math.Max(0, (t.SaidAtUtc - round.StartedAtUtc).TotalMilliseconds);
                return new Turn(t.ByAgent ? Speaker.Agent : Speaker.Customer, t.Text, at, at);
            })],
        };
    }

    private async Task<DrillError> FinishAsync(ServiceCoachDbContext db, DrillRoomRecord room, DrillRoundRecord round, PracticeOutcome outcome, CancellationToken cancellationToken)
    {
        var scenario = (await library.ForVersionAsync(room.StandardVersionId, cancellationToken)).Find(room.ScenarioId);
        if (scenario is null)
        {
            return DrillError.NotFound;
        }

        var turns = await db.DrillTurns.AsNoTracking().Where(t => t.RoundId == round.Id).OrderBy(t => t.Number).ToListAsync(cancellationToken);
        var agentCode = await db.Users.Where(u => u.Id == round.AgentUserId).Select(u => u.AgentCode).FirstOrDefaultAsync(cancellationToken);
        var result = PracticeReport.ForTranscript(scenario, Transcript(room, round, turns, scenario, agentCode), outcome);
        round.FinishedAtUtc = clock.GetUtcNow().UtcDateTime;
        round.Outcome = PracticeOutcomes.Name(outcome);
        round.Score = (double)result.Score;
        round.ResultJson = PracticeJson.ToJson(result, scenario);
        return DrillError.None;
    }

    private static bool MayRun(Viewer viewer, DrillRoomRecord room) => room.HostUserId == viewer.UserId || viewer.Can(Policies.ManageTraining);

    private static DrillError? TextProblem(string text) =>
        text.Length == 0 ? DrillError.EmptyText : text.Length > PracticeAttempts.MaxReplyLength ? DrillError.TextTooLong : null;

    private delegate Task<DrillError> RoomChange(ServiceCoachDbContext db, DrillRoomRecord room, IReadOnlyList<DrillMemberRecord> members, DrillRoundRecord? lastRound);

    private Task<(DrillError Error, int Revision)> ChangeAsync(Viewer viewer, long roomId, RoomChange change, CancellationToken cancellationToken) =>
        ChangeAsync(viewer, roomId, change, allowClosed: false, cancellationToken);

    /// <summary>
    /// Runs one change of a room in a transaction that first raises the room's revision: that update locks
    /// the room, so two changes at once (two players sending together) run one after the other, turns are
    /// numbered in the order they were stored, and none is lost. A refused change leaves the revision as it was.
    /// </summary>
    private async Task<(DrillError Error, int Revision)> ChangeAsync(Viewer viewer, long roomId, RoomChange change, bool allowClosed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.DrillRooms.Where(r => r.Id == roomId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Revision, r => r.Revision + 1), cancellationToken) == 0)
        {
            return (DrillError.NotFound, 0);
        }

        var room = await db.DrillRooms.FirstAsync(r => r.Id == roomId, cancellationToken);
        if (room.ClosedAtUtc is not null && !allowClosed)
        {
            return (DrillError.Closed, room.Revision - 1);
        }

        // Each change checks who may make it: anyone joins, the round's players speak, its supervisor comments, the runner runs.
        var members = await db.DrillMembers.Where(m => m.RoomId == roomId).ToListAsync(cancellationToken);
        var round = await db.DrillRounds.Where(r => r.RoomId == roomId).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        var error = await change(db, room, members, round);
        if (error != DrillError.None || !db.ChangeTracker.HasChanges())
        {
            // Rolled back on dispose: nothing changed, so the revision stays.
            return (error, room.Revision - 1);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (DrillError.None, room.Revision);
    }
}
