using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceCoach.Data;

namespace ServiceCoach.Users;

/// <summary>Adds what <see cref="Viewer"/> needs to the sign-in principal: the agent code and the teams (own and supervised).</summary>
internal sealed class ServiceCoachClaimsFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, IDbContextFactory<ServiceCoachDbContext> dbFactory)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.AgentCode is { } code)
        {
            identity.AddClaim(new Claim(Viewer.AgentCodeClaim, code));
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var supervised = await db.TeamSupervisors.Where(s => s.UserId == user.Id).Select(s => s.TeamId).ToListAsync();
        foreach (var team in supervised.Append(user.TeamId ?? 0).Where(t => t != 0).Distinct())
        {
            identity.AddClaim(new Claim(Viewer.TeamClaim, team.ToString(CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim("servicecoach:display-name", user.DisplayName));
        }

        return identity;
    }
}
