using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;

namespace ServiceCoach.Users;

/// <summary>A token as shown to its owner once (the secret is never stored).</summary>
public sealed record IssuedToken(int Id, string Name, string Token, DateTime? ExpiresAtUtc);

/// <summary>Personal access tokens: created and revoked by their owner, stored as SHA-256 hashes.</summary>
public sealed class ApiTokens(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    public const string Prefix = "sc_";

    public async Task<IssuedToken> CreateAsync(string userId, string name, TimeSpan? lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = token[..10],
            Hash = Hash(token),
            CreatedAtUtc = now,
            ExpiresAtUtc = lifetime is { } l ? now + l : null,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(record.Id, record.Name, token, record.ExpiresAtUtc);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAtUtc).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the user's own tokens; false when there is no such token.</summary>
    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAtUtc, now), cancellationToken) == 1;
    }

    /// <summary>The user id a presented token belongs to, when it is valid (not revoked, not expired).</summary>
    public async Task<string?> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (record is null || record.RevokedAtUtc is not null || (record.ExpiresAtUtc is { } expires && expires <= now))
        {
            return null;
        }

        // Recording every use would turn each API read into a write; once a minute is enough to see a token is alive.
        if (record.LastUsedAtUtc is null || now - record.LastUsedAtUtc > TimeSpan.FromMinutes(1))
        {
            record.LastUsedAtUtc = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return record.UserId;
    }

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
