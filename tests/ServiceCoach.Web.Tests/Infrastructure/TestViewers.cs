using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>The <see cref="Viewer"/> a signed-in user would be, read from the database (roles, own and supervised teams).</summary>
public static class TestViewers
{
    public static async Task<Viewer> ViewerAsync(this ServiceCoachApp app, string userName)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync();
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.UserName == userName);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync();
        var teams = await db.TeamSupervisors.Where(s => s.UserId == user.Id).Select(s => s.TeamId).ToListAsync();
        if (user.TeamId is { } own)
        {
            teams.Add(own);
        }

        return new Viewer(user.Id, user.UserName!, roles.ToHashSet(StringComparer.Ordinal), user.AgentCode, [.. teams.Distinct()]);
    }

    /// <summary>The user name of the (first) supervisor of the team the agent belongs to.</summary>
    public static async Task<string> SupervisorOfAsync(this ServiceCoachApp app, string agentUserName)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync();
        var team = await db.Users.Where(u => u.UserName == agentUserName).Select(u => u.TeamId).FirstAsync();
        return await (from s in db.TeamSupervisors join u in db.Users on s.UserId equals u.Id where s.TeamId == team orderby u.UserName select u.UserName!).FirstAsync();
    }

    public static async Task<int> TeamOfAsync(this ServiceCoachApp app, string agentUserName)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync();
        return (await db.Users.Where(u => u.UserName == agentUserName).Select(u => u.TeamId).FirstAsync())!.Value;
    }
}
