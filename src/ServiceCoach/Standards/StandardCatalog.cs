using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Standards;

/// <summary>The outcome of uploading a standard file: the stored version, or the problems (file:line:column) that stopped it.</summary>
/// <param name="AlreadyStored">The same file was uploaded before: <see cref="Version"/> is that earlier version and nothing new was stored.</param>
public sealed record StandardUploadResult(StandardVersionRecord? Version, IReadOnlyList<StandardProblem> Problems, bool AlreadyStored = false)
{
    public bool Succeeded => Version is not null;
}

/// <summary>
/// The standard versions in the database: list, upload (validated), activate (audited), and the
/// compiled form of any version, compiled once per process and cached.
/// </summary>
public sealed class StandardCatalog(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The longest standard id, version and name a stored version may have (the same on both databases).</summary>
    public const int MaxIdLength = 128;

    public const int MaxVersionLength = 64;

    public const int MaxNameLength = 200;

    private readonly ConcurrentDictionary<int, CompiledStandard> _compiled = new();

    public async Task<IReadOnlyList<StandardVersionRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.StandardVersions.AsNoTracking().OrderByDescending(s => s.UploadedAtUtc).ThenByDescending(s => s.Id).ToListAsync(cancellationToken);
    }

    public async Task<StandardVersionRecord?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.StandardVersions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>The active version and its compiled standard.</summary>
    public async Task<(StandardVersionRecord Record, CompiledStandard Standard)> ActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.StandardVersions.AsNoTracking().FirstOrDefaultAsync(s => s.IsActive, cancellationToken)
            ?? throw new InvalidOperationException("No standard version is active. Upload one and activate it.");
        return (record, Compile(record));
    }

    public async Task<CompiledStandard> CompiledAsync(int versionId, CancellationToken cancellationToken = default)
    {
        if (_compiled.TryGetValue(versionId, out var cached))
        {
            return cached;
        }

        var record = await FindAsync(versionId, cancellationToken) ?? throw new InvalidOperationException($"Standard version {versionId} does not exist.");
        return Compile(record);
    }

    public CompiledStandard Compile(StandardVersionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _compiled.GetOrAdd(record.Id, _ => StandardLoader.Load(record.Yaml, $"{record.StandardId}@{record.Version}.yaml").GetStandardOrThrow());
    }

    /// <summary>Validates and stores a new version (inactive). A version id already stored with other content is refused.</summary>
    public async Task<StandardUploadResult> UploadAsync(string yaml, string fileName, Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(viewer);
        var loaded = StandardLoader.Load(yaml, fileName);
        if (!loaded.Succeeded)
        {
            return new StandardUploadResult(null, loaded.Problems);
        }

        var definition = loaded.Standard!.Definition;
        if (StorageProblems(yaml, fileName, definition) is { Count: > 0 } storage)
        {
            return new StandardUploadResult(null, storage);
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        try
        {
            return await StoreAsync(yaml, fileName, viewer, definition, hash, cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // The same version was stored by another request a moment ago: answer as if this one came second.
            return await StoreAsync(yaml, fileName, viewer, definition, hash, cancellationToken);
        }
    }

    private async Task<StandardUploadResult> StoreAsync(string yaml, string fileName, Viewer viewer, ServiceStandard definition, string hash, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.StandardVersions.FirstOrDefaultAsync(s => s.StandardId == definition.Id && s.Version == definition.Version, cancellationToken);
        if (existing is not null)
        {
            return existing.Sha256 == hash
                ? new StandardUploadResult(existing, [], AlreadyStored: true)
                : new StandardUploadResult(null, [new StandardProblem(new SourceLocation(fileName, 1, 1),
                    $"Version '{definition.Version}' of '{definition.Id}' is already stored with different content; give the new file a new version.")]);
        }

        var record = new StandardVersionRecord
        {
            StandardId = definition.Id,
            Version = definition.Version,
            Name = definition.Name,
            Yaml = yaml,
            Sha256 = hash,
            UploadedAtUtc = clock.GetUtcNow().UtcDateTime,
            UploadedBy = viewer.UserName,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.StandardVersions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "standard.upload", "standard", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { record.StandardId, record.Version, record.Sha256 });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StandardUploadResult(record, []);
    }

    /// <summary>
    /// What the loader accepts but the standard versions table cannot hold, on either database: an
    /// id, version or name longer than its column, or text PostgreSQL cannot store (U+0000, half a
    /// surrogate pair). Located at the top-level key that holds it.
    /// </summary>
    private static List<StandardProblem> StorageProblems(string yaml, string fileName, ServiceStandard definition)
    {
        var problems = new List<StandardProblem>();
        foreach (var (key, value, max) in new[] { ("id", definition.Id, MaxIdLength), ("version", definition.Version, MaxVersionLength), ("name", definition.Name, MaxNameLength) })
        {
            if (Conversations.ConversationLimits.FieldProblem(value, max) is { } problem)
            {
                problems.Add(new StandardProblem(new SourceLocation(fileName, LineOfTopLevelKey(yaml, key), 1), $"The standard's {key} {problem}."));
            }
        }

        if (problems.Count == 0 && Conversations.ConversationLimits.TextProblem(yaml) is { } text)
        {
            problems.Add(new StandardProblem(new SourceLocation(fileName, 1, 1), $"The file {text}."));
        }

        return problems;
    }

    private static int LineOfTopLevelKey(string yaml, string key)
    {
        var line = 1;
        foreach (var text in yaml.AsSpan().EnumerateLines())
        {
            if (text.StartsWith(key, StringComparison.Ordinal) && text[key.Length..].TrimStart(' ').StartsWith(":", StringComparison.Ordinal))
            {
                return line;
            }

            line++;
        }

        return 1;
    }

    /// <summary>Makes one version the active one (new conversations are scored with it). Audited.</summary>
    public async Task ActivateAsync(int versionId, Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var target = await db.StandardVersions.FirstOrDefaultAsync(s => s.Id == versionId, cancellationToken)
            ?? throw new InvalidOperationException($"Standard version {versionId} does not exist.");
        var previous = await db.StandardVersions.Where(s => s.IsActive).Select(s => new { s.Id, s.StandardId, s.Version }).FirstOrDefaultAsync(cancellationToken);
        await db.StandardVersions.Where(s => s.IsActive).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false), cancellationToken);
        target.IsActive = true;
        target.ActivatedAtUtc = clock.GetUtcNow().UtcDateTime;
        AuditLog.Record(db, clock, viewer, "standard.activate", "standard", versionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { from = previous, to = new { target.Id, target.StandardId, target.Version } });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>On an empty database: store and activate the shipped default standard.</summary>
    public async Task EnsureDefaultAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.StandardVersions.AnyAsync(cancellationToken))
            {
                return;
            }
        }

        var uploaded = await UploadAsync(ShippedStandards.DefaultYaml, ShippedStandards.DefaultFileName, Viewer.System, cancellationToken);
        await ActivateAsync(uploaded.Version!.Id, Viewer.System, cancellationToken);
    }
}
