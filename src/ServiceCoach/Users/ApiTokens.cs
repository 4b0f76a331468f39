using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Quality;

namespace ServiceCoach.Users;

/// <summary>A token as shown to its owner once (the secret is never stored).</summary>
public sealed record IssuedToken(int Id, string Name, string Token, DateTime? ExpiresAtUtc);

/// <summary>One of a person's tokens as their list shows it: never the secret, only its first characters.</summary>
public sealed record ApiTokenView(int Id, string Name, string Prefix, DateTime CreatedAtUtc, DateTime? ExpiresAtUtc, DateTime? LastUsedAtUtc, DateTime? RevokedAtUtc)
{
    public bool IsActiveAt(DateTime nowUtc) => RevokedAtUtc is null && (ExpiresAtUtc is not { } expires || expires > nowUtc);
}

/// <summary>The outcome of creating a token on the tokens page: the token (shown once), or what was wrong with the input.</summary>
public sealed record TokenCreation(IssuedToken? Token, IReadOnlyList<InputProblem> Problems)
{
    public bool Succeeded => Token is not null && Problems.Count == 0;
}

/// <summary>Personal access tokens: created and revoked by their owner, stored as SHA-256 hashes.</summary>
public sealed class ApiTokens(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    public const string Prefix = "sc_";

    public const int MaxNameLength = 100;

    /// <summary>The lifetimes a person may choose on the tokens page, in days; no lifetime means the token never expires.</summary>
    public static IReadOnlyList<int> LifetimeChoicesInDays { get; } = [30, 90, 365];

    /// <summary>A token for a user who proved their password (POST /api/v1/auth/token); not audited, like any sign-in.</summary>
    public async Task<IssuedToken> CreateAsync(string userId, string name, TimeSpan? lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (record, token) = Add(db, userId, name.Trim(), lifetime);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(record.Id, record.Name, token, record.ExpiresAtUtc);
    }

    /// <summary>
    /// A token the viewer creates for themselves on the tokens page, valid for one of
    /// <see cref="LifetimeChoicesInDays"/> or (null) until revoked. Audited as "token.create".
    /// </summary>
    public async Task<TokenCreation> CreateAsync(Viewer owner, string? name, int? lifetimeDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var problems = new List<InputProblem>();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            problems.Add(new InputProblem("name", "请给令牌起个名字，例如用在哪台机器或哪个脚本。", "Give the token a name, e.g. the machine or script that will use it."));
        }
        else if (trimmed.Length > MaxNameLength)
        {
            problems.Add(new InputProblem("name", $"名称最多 {MaxNameLength} 个字符。", $"The name may be at most {MaxNameLength} characters."));
        }

        if (lifetimeDays is { } days && !LifetimeChoicesInDays.Contains(days))
        {
            problems.Add(new InputProblem("lifetime", "请选择有效期：30、90、365 天或永不过期。", "Choose a lifetime: 30, 90 or 365 days, or never."));
        }

        if (problems.Count > 0)
        {
            return new TokenCreation(null, problems);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The audit entry names the token's id, known only after the insert: one transaction keeps the two together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (record, token) = Add(db, owner.UserId, trimmed, lifetimeDays is { } d ? TimeSpan.FromDays(d) : null);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, owner, "token.create", "token", Id(record.Id), new { name = record.Name, prefix = record.Prefix, expiresAtUtc = record.ExpiresAtUtc });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TokenCreation(new IssuedToken(record.Id, record.Name, token, record.ExpiresAtUtc), []);
    }

    /// <summary>The viewer's own tokens, newest first, revoked and expired ones included (so a person sees what happened to them).</summary>
    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(Viewer owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == owner.UserId)
            .OrderByDescending(t => t.CreatedAtUtc).ThenByDescending(t => t.Id)
            .Select(t => new ApiTokenView(t.Id, t.Name, t.Prefix, t.CreatedAtUtc, t.ExpiresAtUtc, t.LastUsedAtUtc, t.RevokedAtUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Revokes one of the viewer's own tokens at once (the next request with it gets 401); audited
    /// as "token.revoke". False when the viewer has no such active token — someone else's token is
    /// as unknown as one that does not exist.
    /// </summary>
    public async Task<bool> RevokeAsync(Viewer owner, int tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == owner.UserId && t.RevokedAtUtc == null, cancellationToken);
        if (record is null)
        {
            return false;
        }

        record.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
        AuditLog.Record(db, clock, owner, "token.revoke", "token", Id(record.Id), new { name = record.Name, prefix = record.Prefix });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Who a presented token belongs to, when it is valid (not revoked, not expired) and its user
    /// may sign in (not locked out or disabled). One query: it runs on every API call.
    /// </summary>
    public async Task<TokenHolder?> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (from t in db.ApiTokens.AsNoTracking()
                           where t.Hash == hash
                           join u in db.Users.AsNoTracking() on t.UserId equals u.Id
                           select new { t.Id, t.UserId, t.RevokedAtUtc, t.ExpiresAtUtc, t.LastUsedAtUtc, u.SecurityStamp, u.ConcurrencyStamp, u.LockoutEnabled, u.LockoutEnd })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || found.RevokedAtUtc is not null || (found.ExpiresAtUtc is { } expires && expires <= now)
            || (found.LockoutEnabled && found.LockoutEnd is { } lockedUntil && lockedUntil > clock.GetUtcNow()))
        {
            return null;
        }

        // Recording every use would turn each API read into a write; once a minute is enough to see a token is alive.
        if (found.LastUsedAtUtc is null || now - found.LastUsedAtUtc > TimeSpan.FromMinutes(1))
        {
            await db.ApiTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), cancellationToken);
        }

        return new TokenHolder(found.UserId, found.SecurityStamp ?? "", found.ConcurrencyStamp ?? "");
    }

    private (ApiToken Record, string Token) Add(ServiceCoachDbContext db, string userId, string name, TimeSpan? lifetime)
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new ApiToken
        {
            UserId = userId,
            Name = name,
            Prefix = token[..10],
            Hash = Hash(token),
            CreatedAtUtc = now,
            ExpiresAtUtc = lifetime is { } l ? now + l : null,
        };
        db.ApiTokens.Add(record);
        return (record, token);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The user behind a valid token, with the stamps that change whenever the user's sign-in
/// (security stamp) or anything else on their row (concurrency stamp) changes: together they tell
/// whether claims built earlier for this user still hold.
/// </summary>
public sealed record TokenHolder(string UserId, string SecurityStamp, string ConcurrencyStamp);
