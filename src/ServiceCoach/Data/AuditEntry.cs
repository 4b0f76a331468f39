namespace ServiceCoach.Data;

/// <summary>One audited change: who changed what, when (score overrides, dispute decisions, standard and role changes).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public string UserId { get; set; } = "";

    public string UserName { get; set; } = "";

    /// <summary>What happened, e.g. "check.override", "standard.activate", "role.grant".</summary>
    public string Action { get; set; } = "";

    /// <summary>What it happened to, e.g. "scorecard", "standard", "user".</summary>
    public string EntityType { get; set; } = "";

    public string EntityId { get; set; } = "";

    /// <summary>Before/after and comment, as JSON.</summary>
    public string Details { get; set; } = "{}";
}
