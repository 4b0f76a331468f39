using Microsoft.AspNetCore.Identity;

namespace ServiceCoach.Users;

/// <summary>A person who signs in: an agent, a supervisor, a QA inspector, a trainer or an admin.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The agent id conversations carry in their <c>agentId</c> (e.g. "a-101"); null for staff who take no calls.</summary>
    public string? AgentCode { get; set; }

    /// <summary>The team an agent belongs to.</summary>
    public int? TeamId { get; set; }

    public Team? Team { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>A front-line team (班组).</summary>
public sealed class Team
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<TeamSupervisor> Supervisors { get; set; } = [];
}

/// <summary>Which teams a supervisor leads (a supervisor sees their teams' conversations).</summary>
public sealed class TeamSupervisor
{
    public int TeamId { get; set; }

    public string UserId { get; set; } = "";
}

/// <summary>A personal access token for the API. Only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    public string UserId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The first characters of the token, shown so a person can tell their tokens apart.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Hex SHA-256 of the whole token.</summary>
    public string Hash { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public DateTime? ExpiresAtUtc { get; set; }
}
