using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceCoach.Data;

namespace ServiceCoach.Users;

/// <summary>
/// The sign-in principal with what <see cref="Viewer"/> needs: the user's claims from Identity (id,
/// name, security stamp), the role names, the agent code and the teams (own and supervised). Roles
/// come from one joined query rather than Identity's role factory, which looks every role up and
/// reads its role claims (two queries per role; this product has no role claims): the principal is
/// built at every sign-in, every minute for each open browser session and for every API-token user.
/// </summary>
internal sealed class ServiceCoachClaimsFactory(
    UserManager<AppUser> users, IOptions<IdentityOptions> options, IDbContextFactory<ServiceCoachDbContext> dbFactory)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var roles = await (from userRole in db.UserRoles
                           where userRole.UserId == user.Id
                           join role in db.Roles on userRole.RoleId equals role.Id
                           select role.Name).ToListAsync();
        foreach (var role in roles.OfType<string>())
        {
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        }

        if (user.AgentCode is { } code)
        {
            identity.AddClaim(new Claim(Viewer.AgentCodeClaim, code));
        }

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
