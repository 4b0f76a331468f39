using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>An import as the import page shows it: its counts as committed so far and how far scoring has got.</summary>
public sealed record ImportSummary(
    long Id, string FileName, string UploadedBy, DateTime StartedAtUtc, DateTime? FinishedAtUtc, ImportState State,
    int Read, int Imported, int Duplicates, int Rejected, int ScoringJobs, int ScoringJobsDone, int ScoringJobsFailed)
{
    /// <summary>The import has stopped and every scoring job it queued has finished (done or failed).</summary>
    public bool ScoringFinished => State != ImportState.Running && ScoringJobsDone + ScoringJobsFailed >= ScoringJobs;
}

/// <summary>Where some of an import's conversations went: a team, or (<see cref="TeamId"/> null) the unassigned queue.</summary>
public sealed record ImportDestination(int? TeamId, string? TeamName, int Conversations);

/// <summary>
/// Past and running imports, scoped to the viewer: people who see every conversation (admins, QA
/// inspectors) see every import; anyone else only the imports they uploaded — an error report
/// quotes the file's content, which may be other teams' conversations.
/// </summary>
public sealed class ImportHistory(IDbContextFactory<ServiceCoachDbContext> dbFactory)
{
    public const int RecentCount = 20;

    /// <summary>How much of an error report the page shows inline; the rest is in the download.</summary>
    public const int InlineReportCharacters = 4000;

    internal static IQueryable<ImportRecord> Visible(ServiceCoachDbContext db, Viewer viewer)
    {
        var imports = db.Imports.AsNoTracking();
        var userName = viewer.UserName;
        return viewer.SeesEverything ? imports : imports.Where(i => i.UploadedBy == userName);
    }

    public async Task<IReadOnlyList<ImportSummary>> RecentAsync(Viewer viewer, int count = RecentCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await Visible(db, viewer).OrderByDescending(i => i.Id).Take(count).Select(Row).ToListAsync(cancellationToken);
        return await WithJobsAsync(db, records, cancellationToken);
    }

    /// <summary>One import; null when it does not exist or the viewer may not see it.</summary>
    public async Task<ImportSummary?> GetAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await Visible(db, viewer).Where(i => i.Id == id).Select(Row).ToListAsync(cancellationToken);
        return (await WithJobsAsync(db, records, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Where the conversations this import stored are now, by team (largest first; unassigned
    /// last), so the result page says "N to team X, M unassigned" instead of a list the uploader
    /// may not be able to see. Empty when the viewer may not see the import.
    /// </summary>
    public async Task<IReadOnlyList<ImportDestination>> DestinationsAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Visible(db, viewer).AnyAsync(i => i.Id == id, cancellationToken))
        {
            return [];
        }

        var counts = await db.Conversations.AsNoTracking().Where(c => c.ImportId == id)
            .GroupBy(c => c.TeamId).Select(g => new { TeamId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var teamIds = counts.Where(c => c.TeamId != null).Select(c => c.TeamId!.Value).ToList();
        var names = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
        return [.. counts.OrderBy(c => c.TeamId is null).ThenByDescending(c => c.Count)
            .Select(c => new ImportDestination(c.TeamId, c.TeamId is { } t ? names.GetValueOrDefault(t) : null, c.Count))];
    }

    /// <summary>The whole error report (one rejected record per line); null when the viewer may not see the import.</summary>
    public async Task<string?> ErrorReportAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Visible(db, viewer).Where(i => i.Id == id).Select(i => i.ErrorReport).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The first <paramref name="count"/> lines of the error report, without reading a large report whole.</summary>
    public async Task<IReadOnlyList<string>> FirstErrorsAsync(Viewer viewer, long id, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var head = await Visible(db, viewer).Where(i => i.Id == id).Select(i => i.ErrorReport.Substring(0, InlineReportCharacters)).SingleOrDefaultAsync(cancellationToken);
        return head is null ? [] : [.. head.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(count)];
    }

    private static readonly System.Linq.Expressions.Expression<Func<ImportRecord, ImportSummary>> Row = i => new ImportSummary(
        i.Id, i.FileName, i.UploadedBy, i.StartedAtUtc, i.FinishedAtUtc, i.State, i.Read, i.Imported, i.Duplicates, i.Rejected, 0, 0, 0);

    private static async Task<IReadOnlyList<ImportSummary>> WithJobsAsync(ServiceCoachDbContext db, List<ImportSummary> imports, CancellationToken cancellationToken)
    {
        if (imports.Count == 0)
        {
            return imports;
        }

        var ids = imports.Select(i => (long?)i.Id).ToList();
        var jobs = await db.ScoringJobs.AsNoTracking().Where(j => ids.Contains(j.ImportId))
            .GroupBy(j => new { j.ImportId, j.State })
            .Select(g => new { g.Key.ImportId, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. imports.Select(i =>
        {
            var mine = jobs.Where(j => j.ImportId == i.Id).ToList();
            return i with
            {
                ScoringJobs = mine.Sum(j => j.Count),
                ScoringJobsDone = mine.Where(j => j.State == JobState.Done).Sum(j => j.Count),
                ScoringJobsFailed = mine.Where(j => j.State == JobState.Failed).Sum(j => j.Count),
            };
        })];
    }
}
