using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Users;

public sealed record AuditItem(long Id, DateTime At, string UserId, string User, string Action, string EntityType, string EntityId, JsonElement Details);

public sealed record AuditPage(IReadOnlyList<AuditItem> Items, int Total, int Page, int PageSize);

/// <summary>GET /api/v1/audit: the audit log for administrators, newest first.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync)
            .RequireAuthorization(Api.Require(Policies.Administer))
            .WithName("ListAuditEntries")
            .WithSummary("The audit log, newest first: action (exact, or a family such as \"role\"), user (name or id), from/to (UTC, from inclusive, to exclusive), page, pageSize (≤ 200).");
        return api;
    }

    private static async Task<Ok<AuditPage>> ListAsync(
        HttpContext context, AuditTrail trail, string? action, string? user, DateTime? from, DateTime? to, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, AuditTrail.MaxPageSize);
        var number = Paging.Page(page ?? 1);
        // Documented as UTC: a time without an offset is UTC, not the server's local time.
        static DateTime? Utc(DateTime? value) => value is { } v ? (v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime()) : null;
        var filter = new AuditFilter(action, user, Utc(from), Utc(to));
        var (items, total) = await trail.ListAsync(context.Viewer(), filter, number, size, cancellationToken);
        return TypedResults.Ok(new AuditPage([.. items.Select(ToItem)], total, number, size));
    }

    private static AuditItem ToItem(AuditEntry entry)
    {
        using var details = JsonDocument.Parse(entry.Details);
        return new AuditItem(entry.Id, entry.AtUtc, entry.UserId, entry.UserName, entry.Action, entry.EntityType, entry.EntityId, details.RootElement.Clone());
    }
}
