using System.Security.Claims;

namespace ServiceCoach.Users;

/// <summary>
/// Who is asking, resolved once per request: services filter every read by it, so an agent
/// only ever sees their own records and a supervisor their teams', whatever page or endpoint asks.
/// </summary>
public sealed record Viewer(string UserId, string UserName, IReadOnlySet<string> Roles, string? AgentCode, IReadOnlyList<int> TeamIds)
{
    /// <summary>Sees every conversation: admins, QA inspectors and trainers.</summary>
    public bool SeesEverything => Roles.Contains(Users.Roles.Admin) || Roles.Contains(Users.Roles.QaInspector) || Roles.Contains(Users.Roles.Trainer);

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>May set up the team (its business calendar, its notification channels): admins any team, supervisors their own.</summary>
    public bool MayManageTeam(int teamId) => IsInRole(Users.Roles.Admin) || (IsInRole(Users.Roles.Supervisor) && TeamIds.Contains(teamId));

    public bool Can(string policy) => Policies.RolesFor.TryGetValue(policy, out var roles) && roles.Any(Roles.Contains);

    /// <summary>For background work and the demo seeder: sees and may do everything.</summary>
    public static Viewer System { get; } = new("system", "system", new HashSet<string>([Users.Roles.Admin]), null, []);

    public const string AgentCodeClaim = "servicecoach:agent";
    public const string TeamClaim = "servicecoach:team";

    public static Viewer FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user is not signed in.");
        var name = principal.Identity?.Name ?? id;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var agentCode = principal.FindFirstValue(AgentCodeClaim);
        var teams = principal.FindAll(TeamClaim).Select(c => int.Parse(c.Value, global::System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new Viewer(id, name, roles, agentCode, teams);
    }
}
