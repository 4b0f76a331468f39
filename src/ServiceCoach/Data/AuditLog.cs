using System.Text.Json;
using ServiceCoach.Users;

namespace ServiceCoach.Data;

/// <summary>Adds audit entries inside the caller's unit of work, so a change and its audit commit together.</summary>
public static class AuditLog
{
    public static void Record(ServiceCoachDbContext db, TimeProvider clock, Viewer viewer, string action, string entityType, string entityId, object details)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(viewer);
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = viewer.UserId,
            UserName = viewer.UserName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = JsonSerializer.Serialize(details, DetailsOptions),
        });
    }

    private static readonly JsonSerializerOptions DetailsOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
