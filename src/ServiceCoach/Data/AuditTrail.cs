using Microsoft.EntityFrameworkCore;
using ServiceCoach.Users;

namespace ServiceCoach.Data;

/// <summary>
/// Which audit entries to show. <see cref="Action"/> is an exact action ("role.change") or, without a
/// dot, a family ("role" for role.*); <see cref="User"/> is a user name or id; the times are UTC,
/// <see cref="FromUtc"/> inclusive and <see cref="ToUtc"/> exclusive.
/// </summary>
public sealed record AuditFilter(string? Action = null, string? User = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

/// <summary>Reading the audit log (administrators only): newest first, filtered, paged.</summary>
public sealed class AuditTrail(IDbContextFactory<ServiceCoachDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> ListAsync(Viewer viewer, AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (filter.Action?.Trim() is { Length: > 0 } action)
        {
            var family = action + ".";
            query = action.Contains('.', StringComparison.Ordinal)
                ? query.Where(a => a.Action == action)
                : query.Where(a => a.Action.StartsWith(family));
        }

        if (filter.User?.Trim() is { Length: > 0 } user)
        {
            query = query.Where(a => a.UserName == user || a.UserId == user);
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(a => a.AtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(a => a.AtUtc < to);
        }

        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip(Paging.Offset(page, size)).Take(size)
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>Every action that has been recorded, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actions = await db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().ToListAsync(cancellationToken);
        return [.. actions.Order(StringComparer.Ordinal)];
    }

    private static void Demand(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.Administer))
        {
            throw new UnauthorizedAccessException("Only administrators may read the audit log.");
        }
    }
}
