using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>What an import did. <see cref="Errors"/> holds the first rejected records; the full list is the import's error report.</summary>
public sealed record ImportOutcome(long ImportId, int Read, int Imported, int Duplicates, int Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>Progress of a running import, reported per chunk: the counts already committed.</summary>
public sealed record ImportProgress(int Read, int Imported, int Duplicates, int Rejected);

/// <summary>
/// Imports conversations from any supported format and queues them for scoring. Idempotent by
/// conversation id: a conversation already stored is counted as a duplicate and left alone, so
/// importing the same file twice creates nothing new.
/// </summary>
/// <remarks>
/// Conversations are committed in chunks of <see cref="ChunkSize"/>: each chunk's conversations,
/// its scoring job and the import record's counts commit in ONE transaction, so the record always
/// says exactly what is stored. When an import stops part way (an I/O or database error, the
/// server stopping) the chunks before it stay imported, the record is marked failed with the
/// counts of what was committed, and importing the file again finishes the job (what is already
/// there counts as duplicates).
/// </remarks>
public sealed class ConversationImport(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock)
{
    /// <summary>Conversations per insert and per scoring job.</summary>
    public const int ChunkSize = 500;

    /// <summary>Errors returned with the outcome; the import record keeps up to <see cref="MaxReportedErrors"/>.</summary>
    public const int ErrorsReturned = 100;

    public const int MaxReportedErrors = 100_000;

    /// <summary>
    /// A running import that has stored nothing for this long is taken to have died with its server
    /// (a chunk takes seconds; a killed process never finishes its record).
    /// </summary>
    public static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(10);

    /// <summary>Reads <paramref name="stream"/> (format from <paramref name="fileName"/>, else sniffed) synchronously; callers hand it a file or memory stream.</summary>
    public Task<ImportOutcome> ImportAsync(Stream stream, string fileName, Viewer viewer, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ImportAsync(stream, fileName, viewer, null, progress, cancellationToken);

    /// <summary>The same, with the upload's default team (see <see cref="BeginAsync(string, Viewer, int?, CancellationToken)"/>).</summary>
    public async Task<ImportOutcome> ImportAsync(Stream stream, string fileName, Viewer viewer, int? defaultTeamId, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var importId = await BeginAsync(fileName, viewer, defaultTeamId, cancellationToken);
        return await RunAsync(importId, viewer, stream, fileName, null, progress, cancellationToken);
    }

    /// <summary>Creates the import's record with no default team (see the overload taking one).</summary>
    public Task<long> BeginAsync(string fileName, Viewer viewer, CancellationToken cancellationToken = default) => BeginAsync(fileName, viewer, null, cancellationToken);

    /// <summary>
    /// Creates the import's record (running, nothing read yet), so a page can show it before the
    /// first chunk is stored. <paramref name="defaultTeamId"/> is the upload's team: conversations
    /// whose agent and team the file does not name (or names unknown here) go to it; check it first
    /// with <see cref="DefaultTeamProblemAsync"/>.
    /// </summary>
    public async Task<long> BeginAsync(string fileName, Viewer viewer, int? defaultTeamId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = new ImportRecord
        {
            FileName = fileName, UploadedBy = viewer.UserName, StartedAtUtc = clock.GetUtcNow().UtcDateTime, State = ImportState.Running, DefaultTeamId = defaultTeamId,
        };
        record.LastProgressUtc = record.StartedAtUtc;
        db.Imports.Add(record);
        await db.SaveChangesAsync(cancellationToken);

        // Who brought which file in, and when; the import's page holds the counts and errors.
        AuditLog.Record(db, clock, viewer, "conversations.import", "import", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { file = fileName });
        await db.SaveChangesAsync(cancellationToken);
        return record.Id;
    }

    /// <summary>Why <paramref name="viewer"/> may not import into team <paramref name="teamId"/> ("not-found", "not-yours"), or null when they may.</summary>
    public async Task<string?> DefaultTeamProblemAsync(Viewer viewer, int teamId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            return "not-found";
        }

        return ConversationQueries.CanSee(viewer, teamId, null) ? null : "not-yours";
    }

    /// <summary>
    /// Imports into the record made by <see cref="BeginAsync(string, Viewer, int?, CancellationToken)"/>, as <paramref name="viewer"/>: someone
    /// who does not see every conversation (a supervisor) may import only conversations they would
    /// then see, of their own teams' agents. <paramref name="format"/> overrides the format told by
    /// <paramref name="fileName"/> (null: by the name, else by the content). Throws what stopped it
    /// after marking the record failed.
    /// </summary>
    public async Task<ImportOutcome> RunAsync(
        long importId, Viewer viewer, Stream stream, string fileName, ConversationFormat? format, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new List<ImportError>();

        // Records refused only when their chunk was stored (the id is taken by a conversation the viewer may not see).
        var lateErrors = new List<ImportError>();
        var counts = new ImportProgress(0, 0, 0, 0);
        var committed = (Counts: counts, Errors: 0, Late: 0);
        Task<Inserted>? inserting = null;
        var insertingErrors = 0;
        try
        {
            var (activeVersion, _) = await standards.ActiveAsync(cancellationToken);
            Dictionary<string, KnownAgent> agents;
            Dictionary<string, int> teams;
            int? defaultTeam;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                agents = await db.Users.AsNoTracking().Where(u => u.AgentCode != null)
                    .ToDictionaryAsync(u => u.AgentCode!, u => new KnownAgent(u.Id, u.TeamId, u.AgentCode!), StringComparer.Ordinal, cancellationToken);

                // A source system's own agent ids, mapped to our agents by an admin or supervisor; an agent's own code wins over a mapping.
                var mapped = await (from m in db.AgentMappings.AsNoTracking()
                                    join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                                    where u.AgentCode != null
                                    select new { m.ExternalAgentId, u.Id, u.TeamId, u.AgentCode }).ToListAsync(cancellationToken);
                foreach (var m in mapped)
                {
                    agents.TryAdd(m.ExternalAgentId, new KnownAgent(m.Id, m.TeamId, m.AgentCode!));
                }

                teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.Id, StringComparer.Ordinal, cancellationToken);
                defaultTeam = await db.Imports.AsNoTracking().Where(i => i.Id == importId).Select(i => i.DefaultTeamId).FirstOrDefaultAsync(cancellationToken);
            }

            void Keep(Inserted done)
            {
                foreach (var error in done.Rejected)
                {
                    if (errors.Count + lateErrors.Count < MaxReportedErrors)
                    {
                        lateErrors.Add(error);
                    }
                }
            }

            // One chunk is inserted while the next is parsed: the database and the parser work at the same time.
            async Task FlushAsync(List<(ConversationRecord Record, int Line)> chunk)
            {
                if (inserting is not null)
                {
                    var done = await inserting;
                    Keep(done);
                    committed = (done.After, insertingErrors, lateErrors.Count);
                    counts = counts with { Imported = done.After.Imported, Duplicates = done.After.Duplicates, Rejected = counts.Rejected + done.Rejected.Count };
                    progress?.Report(done.After);
                }

                inserting = InsertAsync(chunk, counts, importId, viewer, activeVersion.Id, fileName, cancellationToken);
                insertingErrors = errors.Count;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var pending = new List<(ConversationRecord, int)>(ChunkSize);
            var items = Array.Empty<ImportItem>();
            var records = Array.Empty<ConversationRecord?>();
            foreach (var batch in ImportBatch.Read(stream, fileName, format))
            {
                if (items.Length < batch.Count)
                {
                    (items, records) = (new ImportItem[batch.Count], new ConversationRecord?[batch.Count]);
                }

                // Parsing and building rows is most of the CPU work and safe on any thread; duplicate ids are then checked in file order.
                Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                {
                    var item = items[i] = batch.Parse(i);
                    records[i] = null;
                    if (item.IsError)
                    {
                        return;
                    }

                    try
                    {
                        var (record, refusal) = Row(item.Conversation, now, importId, viewer, agents, teams, defaultTeam);
                        records[i] = record;
                        if (refusal is not null)
                        {
                            items[i] = new ImportItem(new ImportError(batch.Source, item.Line, null, item.Conversation.Id, refusal)) { Line = item.Line };
                        }
                    }
                    catch (Exception e) when (e is ArgumentException or OverflowException or FormatException or InvalidOperationException)
                    {
                        // A record the importer let through but that cannot be stored costs that record, never the upload.
                        items[i] = new ImportItem(new ImportError(batch.Source, item.Line, null, item.Conversation.Id, $"cannot be stored: {e.Message}")) { Line = item.Line };
                    }
                });
                batch.Release();
                for (var i = 0; i < batch.Count; i++)
                {
                    var item = batch.CheckDuplicate(i, items[i]);
                    if (item.IsError || records[i] is null)
                    {
                        counts = counts with { Read = counts.Read + 1, Rejected = counts.Rejected + 1 };
                        if (errors.Count + lateErrors.Count < MaxReportedErrors)
                        {
                            errors.Add(item.Error!);
                        }

                        continue;
                    }

                    counts = counts with { Read = counts.Read + 1 };
                    pending.Add((records[i]!, item.Line));
                    if (pending.Count == ChunkSize)
                    {
                        await FlushAsync(pending);
                        pending = new List<(ConversationRecord, int)>(ChunkSize);
                    }
                }

                Array.Clear(items);
                Array.Clear(records);
            }

            await FlushAsync(pending);
            var last = await inserting!;
            Keep(last);
            counts = last.After;
            committed = (counts, errors.Count, lateErrors.Count);
            progress?.Report(counts);
        }
        catch (Exception e)
        {
            // A chunk still being inserted commits or fails before the record says how far the import got.
            try
            {
                if (inserting is not null)
                {
                    var done = await inserting;
                    committed = (done.After, insertingErrors, lateErrors.Count + done.Rejected.Count);
                    lateErrors.AddRange(done.Rejected);
                }
            }
            catch (Exception)
            {
            }

            await FailAsync(importId, committed.Counts, InLineOrder(errors.Take(committed.Errors).Concat(lateErrors.Take(committed.Late))), e);
            throw;
        }

        var all = InLineOrder(errors.Concat(lateErrors));
        await FinishAsync(importId, ImportState.Done, counts, Report(all, null), cancellationToken);
        return new ImportOutcome(importId, counts.Read, counts.Imported, counts.Duplicates, counts.Rejected, [.. all.Take(ErrorsReturned)]);
    }

    private static List<ImportError> InLineOrder(IEnumerable<ImportError> errors) => [.. errors.OrderBy(e => e.Line)];

    private sealed record KnownAgent(string UserId, int? TeamId, string AgentCode);

    /// <summary>
    /// The stored row of a conversation, filed in this order: under the agent when ServiceCoach
    /// knows the agent id (an agent's code or a mapped source-system id; the agent's team comes
    /// with it), else in the team the file names, else in the upload's default team, else
    /// UNASSIGNED (no team, no agent: the unassigned queue, where supervisors and admins assign
    /// it). Or why the viewer may not import it: a supervisor may import only conversations they
    /// could then see, or unassigned ones — never under another team's agent or into another team.
    /// </summary>
    private static (ConversationRecord? Record, string? Refusal) Row(
        Conversation conversation, DateTime now, long importId, Viewer viewer, Dictionary<string, KnownAgent> agents, Dictionary<string, int> teams, int? defaultTeam)
    {
        var record = conversation.ToRecord(now, importId);
        var knownAgent = false;
        if (conversation.AgentId is { } code && agents.TryGetValue(code, out var agent))
        {
            record.AgentUserId = agent.UserId;
            record.TeamId = agent.TeamId;
            record.AgentCode = agent.AgentCode;
            knownAgent = true;
        }

        if (record.TeamId is null && conversation.Team is { } teamName && teams.TryGetValue(teamName, out var teamId))
        {
            record.TeamId = teamId;
        }

        if (record.TeamId is null && defaultTeam is { } team)
        {
            record.TeamId = team;
        }

        if (ConversationQueries.CanSee(viewer, record.TeamId, record.AgentCode) || (record.TeamId is null && record.AgentUserId is null))
        {
            return (record, null);
        }

        var refusal = knownAgent
            ? $"agent {conversation.AgentId} is not in a team you lead: you may import only the conversations of your own teams' agents"
            : "the conversation belongs to no team you lead: give the agentId of one of your agents (or your team's name in team)";
        return (null, refusal);
    }

    /// <summary>What storing a chunk did: the counts after it, and the records refused because their id is taken by a conversation the viewer may not see.</summary>
    private sealed record Inserted(ImportProgress After, List<ImportError> Rejected);

    /// <summary>
    /// Inserts the rows of a chunk not stored yet, their scoring job and the record's counts in one
    /// transaction; returns the counts after it (<paramref name="counts"/>' read and rejected are
    /// as of the end of this chunk). A row whose id another import stored at the same moment is
    /// counted as a duplicate: the chunk is tried again with what is stored now.
    /// </summary>
    private async Task<Inserted> InsertAsync(
        List<(ConversationRecord Record, int Line)> chunk, ImportProgress counts, long importId, Viewer viewer, int standardVersionId, string source, CancellationToken cancellationToken)
    {
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryInsertAsync(chunk, counts, importId, viewer, standardVersionId, source, cancellationToken);
            }
            catch (Exception e) when (attempt < Attempts && DatabaseErrors.IsUniqueViolation(e))
            {
                // Another upload of the same conversations committed first; nothing of this chunk was stored.
                foreach (var (record, _) in chunk)
                {
                    record.Id = 0;
                }
            }
        }
    }

    private async Task<Inserted> TryInsertAsync(
        List<(ConversationRecord Record, int Line)> chunk, ImportProgress counts, long importId, Viewer viewer, int standardVersionId, string source, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = chunk.Select(c => c.Record.ExternalId).ToList();
        var existing = ids.Count == 0
            ? []
            : await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.ExternalId))
                .Select(c => new { c.ExternalId, c.TeamId, c.AgentCode })
                .ToDictionaryAsync(c => c.ExternalId, c => ConversationQueries.CanSee(viewer, c.TeamId, c.AgentCode), StringComparer.Ordinal, cancellationToken);
        var records = existing.Count == 0 ? [.. chunk.Select(c => c.Record)] : chunk.Where(c => !existing.ContainsKey(c.Record.ExternalId)).Select(c => c.Record).ToList();

        // An id taken by a conversation the viewer may not see is not "already imported" for them: saying so would tell them it exists elsewhere.
        var hidden = chunk.Where(c => existing.TryGetValue(c.Record.ExternalId, out var visible) && !visible)
            .Select(c => new ImportError(source, c.Line, null, c.Record.ExternalId,
                $"id {c.Record.ExternalId} is already taken by a conversation you may not see; conversation ids are unique across the organisation, so give this one its own id"))
            .ToList();
        var after = counts with
        {
            Imported = counts.Imported + records.Count,
            Duplicates = counts.Duplicates + (chunk.Count - records.Count - hidden.Count),
            Rejected = counts.Rejected + hidden.Count,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (records.Count > 0)
        {
            await BulkInsert.InsertAsync(db, records, cancellationToken);
            db.ScoringJobs.Add(ScoringJobs.Create(records.Min(r => r.Id), records.Max(r => r.Id), standardVersionId, importId, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Imports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.LastProgressUtc, now)
            .SetProperty(i => i.Read, after.Read)
            .SetProperty(i => i.Imported, after.Imported)
            .SetProperty(i => i.Duplicates, after.Duplicates)
            .SetProperty(i => i.Rejected, after.Rejected), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Inserted(after, hidden);
    }

    /// <summary>
    /// Marks failed every running import that has not stored anything for <see cref="StalledAfter"/>:
    /// its server was killed mid-import (a stopped server marks its imports itself). What it stored stays;
    /// the report says to upload the file again, where the stored conversations count as duplicates.
    /// </summary>
    /// <returns>How many imports were marked failed.</returns>
    public async Task<int> FailStalledAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = now - StalledAfter;
        var stop = string.Create(CultureInfo.InvariantCulture,
            $"import stopped: the server running it stopped (nothing was stored after {before:yyyy-MM-dd HH:mm} UTC). The records stored before it are imported; import the file again to finish (what is already imported counts as a duplicate).{Environment.NewLine}");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Imports
            .Where(i => i.State == ImportState.Running && (i.LastProgressUtc ?? i.StartedAtUtc) < before)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, ImportState.Failed)
                .SetProperty(i => i.FinishedAtUtc, now)
                .SetProperty(i => i.ErrorReport, i => i.ErrorReport + stop), cancellationToken);
    }

    private async Task FailAsync(long importId, ImportProgress committed, IEnumerable<ImportError> errors, Exception error)
    {
        var reason = error is OperationCanceledException
            ? "the import was cancelled (the upload was abandoned or the server stopped)"
            : $"{error.GetType().Name}: {error.Message}";
        var stop = $"import stopped after record {committed.Read}: {reason}. The records before it are imported; import the file again to finish (what is already imported counts as a duplicate).";
        try
        {
            await FinishAsync(importId, ImportState.Failed, committed, Report(errors, stop), CancellationToken.None);
        }
        catch (Exception)
        {
            // The database itself may be what failed; the record then keeps the counts of the last committed chunk.
        }
    }

    private async Task FinishAsync(long importId, ImportState state, ImportProgress counts, string report, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var finished = clock.GetUtcNow().UtcDateTime;
        await db.Imports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.State, state)
            .SetProperty(i => i.FinishedAtUtc, finished)
            .SetProperty(i => i.Read, counts.Read)
            .SetProperty(i => i.Imported, counts.Imported)
            .SetProperty(i => i.Duplicates, counts.Duplicates)
            .SetProperty(i => i.Rejected, counts.Rejected)
            .SetProperty(i => i.ErrorReport, report), cancellationToken);
    }

    private static string Report(IEnumerable<ImportError> errors, string? stop)
    {
        var report = new StringBuilder();
        foreach (var error in errors)
        {
            report.AppendLine(Printable(error.ToString()));
        }

        if (stop is not null)
        {
            report.AppendLine(Printable(stop));
        }

        return report.ToString();
    }

    /// <summary>
    /// The report is stored as text: an id quoted from a rejected record may hold U+0000 or half a
    /// surrogate pair, which PostgreSQL cannot store; they are written as \uXXXX instead.
    /// </summary>
    private static string Printable(string line)
    {
        if (ConversationLimits.TextProblem(line) is null)
        {
            return line;
        }

        var text = new StringBuilder(line.Length + 16);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]) : char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(line[i - 1]);
            if (c == '\0' || (char.IsSurrogate(c) && !paired))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
