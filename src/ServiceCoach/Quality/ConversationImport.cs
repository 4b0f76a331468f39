using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>What an import did. <see cref="Errors"/> holds the first rejected records; the full list is the import's error report.</summary>
public sealed record ImportOutcome(long ImportId, int Read, int Imported, int Duplicates, int Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>Progress of a running import, reported per chunk.</summary>
public sealed record ImportProgress(int Read, int Imported, int Duplicates, int Rejected);

/// <summary>
/// Imports conversations from any supported format and queues them for scoring. Idempotent by
/// conversation id: a conversation already stored is counted as a duplicate and left alone, so
/// importing the same file twice creates nothing new.
/// </summary>
public sealed class ConversationImport(IDbContextFactory<ServiceCoachDbContext> dbFactory, StandardCatalog standards, TimeProvider clock)
{
    /// <summary>Conversations per insert and per scoring job.</summary>
    public const int ChunkSize = 500;

    /// <summary>Errors returned with the outcome; the import record keeps up to <see cref="MaxReportedErrors"/>.</summary>
    public const int ErrorsReturned = 100;

    public const int MaxReportedErrors = 100_000;

    /// <summary>Reads <paramref name="stream"/> (format from <paramref name="fileName"/>, else sniffed) synchronously; callers hand it a file or memory stream.</summary>
    public async Task<ImportOutcome> ImportAsync(Stream stream, string fileName, Viewer viewer, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(viewer);
        var (activeVersion, _) = await standards.ActiveAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        long importId;
        Dictionary<string, (string UserId, int? TeamId)> agents;
        Dictionary<string, int> teams;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var record = new ImportRecord { FileName = fileName, UploadedBy = viewer.UserName, StartedAtUtc = now, State = ImportState.Running };
            db.Imports.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            importId = record.Id;
            agents = await db.Users.AsNoTracking().Where(u => u.AgentCode != null)
                .ToDictionaryAsync(u => u.AgentCode!, u => (u.Id, u.TeamId), StringComparer.Ordinal, cancellationToken);
            teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.Id, StringComparer.Ordinal, cancellationToken);
        }

        var errors = new List<ImportError>();
        int read = 0, imported = 0, duplicates = 0, rejected = 0;
        var pending = new List<Conversation>(ChunkSize);

        async Task FlushAsync()
        {
            if (pending.Count == 0)
            {
                return;
            }

            var (added, duplicated) = await InsertAsync(pending, importId, activeVersion.Id, agents, teams, cancellationToken);
            imported += added;
            duplicates += duplicated;
            pending.Clear();
            progress?.Report(new ImportProgress(read, imported, duplicates, rejected));
        }

        foreach (var batch in ImportBatch.Read(stream, fileName))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var item = batch.CheckDuplicate(i, batch.Parse(i));
                read++;
                if (item.IsError)
                {
                    rejected++;
                    if (errors.Count < MaxReportedErrors)
                    {
                        errors.Add(item.Error);
                    }

                    continue;
                }

                pending.Add(item.Conversation);
                if (pending.Count == ChunkSize)
                {
                    await FlushAsync();
                }
            }

            batch.Release();
        }

        await FlushAsync();

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var report = new StringBuilder();
            foreach (var error in errors)
            {
                report.AppendLine(error.ToString());
            }

            var finished = clock.GetUtcNow().UtcDateTime;
            await db.Imports.Where(i => i.Id == importId).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, ImportState.Done)
                .SetProperty(i => i.FinishedAtUtc, finished)
                .SetProperty(i => i.Read, read)
                .SetProperty(i => i.Imported, imported)
                .SetProperty(i => i.Duplicates, duplicates)
                .SetProperty(i => i.Rejected, rejected)
                .SetProperty(i => i.ErrorReport, report.ToString()), cancellationToken);
        }

        progress?.Report(new ImportProgress(read, imported, duplicates, rejected));
        return new ImportOutcome(importId, read, imported, duplicates, rejected, [.. errors.Take(ErrorsReturned)]);
    }

    private async Task<(int Added, int Duplicates)> InsertAsync(
        List<Conversation> conversations, long importId, int standardVersionId,
        Dictionary<string, (string UserId, int? TeamId)> agents, Dictionary<string, int> teams, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = conversations.Select(c => c.Id).ToList();
        var existing = (await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.ExternalId)).Select(c => c.ExternalId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var records = new List<ConversationRecord>(conversations.Count);
        foreach (var conversation in conversations)
        {
            if (existing.Contains(conversation.Id))
            {
                continue;
            }

            var record = conversation.ToRecord(now, importId);
            if (conversation.AgentId is { } code && agents.TryGetValue(code, out var agent))
            {
                record.AgentUserId = agent.UserId;
                record.TeamId = agent.TeamId;
            }

            if (record.TeamId is null && conversation.Team is { } teamName && teams.TryGetValue(teamName, out var teamId))
            {
                record.TeamId = teamId;
            }

            records.Add(record);
        }

        if (records.Count == 0)
        {
            return (0, conversations.Count);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Conversations.AddRange(records);
        await db.SaveChangesAsync(cancellationToken);
        db.ScoringJobs.Add(ScoringJobs.Create(records.Min(r => r.Id), records.Max(r => r.Id), standardVersionId, importId, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (records.Count, conversations.Count - records.Count);
    }
}
