using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Quality;

namespace ServiceCoach.Users;

/// <summary>A user as the administration pages show them.</summary>
public sealed record UserView(
    string Id, string UserName, string DisplayName, string? AgentCode, IReadOnlyList<string> Roles, int? TeamId, string? TeamName,
    IReadOnlyList<int> SupervisedTeamIds, DateTime? LockedOutUntilUtc, int FailedAttempts, DateTime CreatedAtUtc)
{
    public bool IsLockedOutAt(DateTime nowUtc) => LockedOutUntilUtc is { } until && until > nowUtc;

    /// <summary>Disabled by an administrator: locked out for good (until enabled again).</summary>
    public bool IsDisabled => LockedOutUntilUtc is { } until && until >= UserAdministration.DisabledUntil.UtcDateTime.AddDays(-1);
}

/// <summary>A team with how many agents it has and who leads it.</summary>
public sealed record TeamView(int Id, string Name, int Agents, IReadOnlyList<string> Supervisors);

/// <summary>Who to create: the roles are names from <see cref="Roles.All"/>.</summary>
public sealed record NewUser(string? UserName, string? DisplayName, IReadOnlyList<string> Roles, string? AgentCode, int? TeamId);

/// <summary>The outcome of creating a user: the generated password (shown once), or what was wrong with the input.</summary>
public sealed record UserCreation(string? UserId, string? Password, IReadOnlyList<InputProblem> Problems)
{
    public bool Succeeded => UserId is not null && Problems.Count == 0;
}

/// <summary>The outcome of changing a user: done, refused with plain reasons, or no such user.</summary>
public sealed record UserChange(bool Found, IReadOnlyList<InputProblem> Problems)
{
    public bool Succeeded => Found && Problems.Count == 0;

    public static UserChange Done { get; } = new(true, []);

    public static UserChange NotFound { get; } = new(false, []);

    public static UserChange Refused(params InputProblem[] problems) => new(true, problems);
}

/// <summary>
/// Users, roles and teams for administrators (R-SEC): create a user with a generated password,
/// change roles (audited as role.change with from/to), set an agent's code and team, the teams a
/// supervisor leads, unlock, reset a password. Every change is audited in the same transaction.
/// The system never loses its last administrator.
/// </summary>
public sealed class UserAdministration(
    IDbContextFactory<ServiceCoachDbContext> dbFactory, ServiceCoachDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public const int PageSize = 100;
    public const int MaxUserNameLength = 64;
    public const int MaxDisplayNameLength = 100;
    public const int MaxAgentCodeLength = 64;
    public const int MaxTeamNameLength = 100;

    /// <summary>A disabled account is locked out until the calendar ends (ASP.NET Core Identity's way to disable one).</summary>
    public static readonly DateTimeOffset DisabledUntil = DateTimeOffset.MaxValue;

    public async Task<(IReadOnlyList<UserView> Users, int Total)> ListAsync(
        Viewer viewer, string? search, string? role, int? teamId, int page, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = read.Users.AsNoTracking();
        if (search?.Trim() is { Length: > 0 } text)
        {
            query = query.Where(u => u.UserName!.Contains(text) || u.DisplayName.Contains(text) || (u.AgentCode != null && u.AgentCode.Contains(text)));
        }

        if (role is { Length: > 0 })
        {
            query = query.Where(u => read.UserRoles.Any(ur => ur.UserId == u.Id && read.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }

        if (teamId is { } team)
        {
            query = query.Where(u => u.TeamId == team || read.TeamSupervisors.Any(s => s.UserId == u.Id && s.TeamId == team));
        }

        var total = await query.CountAsync(cancellationToken);
        var ids = await query.OrderBy(u => u.UserName).Skip(Paging.Offset(page, PageSize)).Take(PageSize).Select(u => u.Id).ToListAsync(cancellationToken);
        return (await ViewsAsync(read, ids, cancellationToken), total);
    }

    public async Task<UserView?> GetAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await ViewsAsync(read, [userId], cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// The teams <paramref name="viewer"/> may set up, by name (<see cref="Viewer.MayManageTeam"/> as a
    /// query): every team for admins, their own for supervisors, none for anyone else. The calendar
    /// and notification settings pages list these.
    /// </summary>
    internal static IQueryable<Team> ManagedTeams(ServiceCoachDbContext db, Viewer viewer)
    {
        var all = viewer.IsInRole(Roles.Admin);
        var own = viewer.IsInRole(Roles.Supervisor) ? viewer.TeamIds.ToArray() : [];
        return db.Teams.AsNoTracking().Where(t => all || own.Contains(t.Id)).OrderBy(t => t.Name);
    }

    public async Task<IReadOnlyList<TeamView>> TeamsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await read.Teams.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new { t.Id, t.Name, Agents = read.Users.Count(u => u.TeamId == t.Id) })
            .ToListAsync(cancellationToken);
        var supervisors = await (from s in read.TeamSupervisors
                                 join u in read.Users on s.UserId equals u.Id
                                 select new { s.TeamId, u.UserName }).ToListAsync(cancellationToken);
        return [.. teams.Select(t => new TeamView(t.Id, t.Name, t.Agents, [.. supervisors.Where(s => s.TeamId == t.Id).Select(s => s.UserName!).Order(StringComparer.Ordinal)]))];
    }

    /// <summary>Adds a team (班组); names are unique. Audited as team.create.</summary>
    public async Task<UserChange> CreateTeamAsync(Viewer viewer, string? name, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxTeamNameLength)
        {
            return UserChange.Refused(new InputProblem("team", $"请填写团队名称（最多 {MaxTeamNameLength} 个字符）。", $"Enter the team's name (at most {MaxTeamNameLength} characters)."));
        }

        if (await db.Teams.AnyAsync(t => t.Name == trimmed, cancellationToken))
        {
            return UserChange.Refused(new InputProblem("team", $"已经有名为「{trimmed}」的团队。", $"There is already a team called \"{trimmed}\"."));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var team = new Team { Name = trimmed };
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "team.create", "team", Id(team.Id), new { name = trimmed });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>
    /// Creates a user with a generated password, returned once to show the administrator (never
    /// stored in clear, never fixed in code). An agent's code defaults to their user name. Audited as user.create.
    /// </summary>
    public async Task<UserCreation> CreateAsync(Viewer viewer, NewUser request, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<InputProblem>();
        var userName = request.UserName?.Trim() ?? "";
        var roles = request.Roles.Distinct(StringComparer.Ordinal).ToList();
        if (userName.Length == 0 || userName.Length > MaxUserNameLength || userName.Any(c => !users.Options.User.AllowedUserNameCharacters.Contains(c)))
        {
            problems.Add(new InputProblem("userName", $"用户名必填，最多 {MaxUserNameLength} 个字符，只能用字母、数字和 - . _ @ +。",
                $"A user name is required: at most {MaxUserNameLength} characters, letters, digits and - . _ @ + only."));
        }
        else if (await users.FindByNameAsync(userName) is not null)
        {
            problems.Add(new InputProblem("userName", $"用户名「{userName}」已被使用。", $"The user name \"{userName}\" is taken."));
        }

        var displayName = request.DisplayName?.Trim() is { Length: > 0 } given ? given : userName;
        if (displayName.Length > MaxDisplayNameLength)
        {
            problems.Add(new InputProblem("displayName", $"显示名最多 {MaxDisplayNameLength} 个字符。", $"The display name may be at most {MaxDisplayNameLength} characters."));
        }

        problems.AddRange(RoleProblems(roles));
        var agentCode = request.AgentCode?.Trim() is { Length: > 0 } code ? code : roles.Contains(Roles.Agent) ? userName : null;
        problems.AddRange(await AgentProblemsAsync(null, agentCode, request.TeamId, cancellationToken));
        if (problems.Count > 0)
        {
            return new UserCreation(null, null, problems);
        }

        var password = Passwords.Generate();
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName,
            AgentCode = agentCode,
            TeamId = request.TeamId,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            EmailConfirmed = true,
            LockoutEnabled = true,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new UserCreation(null, null, Problems("userName", created));
        }

        Check(await users.AddToRolesAsync(user, roles));
        AuditLog.Record(db, clock, viewer, "user.create", "user", user.Id, new { userName, displayName, roles, agentCode, team = request.TeamId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new UserCreation(user.Id, password, []);
    }

    /// <summary>
    /// Replaces a user's roles; audited as role.change with from and to. Refused when it would leave
    /// no administrator. Losing the supervisor role also ends the teams they led. Sessions pick the
    /// new roles up at their next security-stamp check; API tokens at once.
    /// </summary>
    public async Task<UserChange> ChangeRolesAsync(Viewer viewer, string userId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        ArgumentNullException.ThrowIfNull(roles);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        var wanted = Roles.All.Where(roles.Contains).ToList();
        var problems = RoleProblems([.. roles]).ToList();
        if (problems.Count > 0)
        {
            return new UserChange(true, problems);
        }

        var current = Roles.All.Where((await users.GetRolesAsync(user)).Contains).ToList();
        if (current.SequenceEqual(wanted))
        {
            return UserChange.Done;
        }

        if (current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
        {
            return UserChange.Refused(new InputProblem("roles", "这是最后一位管理员：先让另一位用户成为管理员，再移除这个角色。",
                "This is the last administrator: make someone else an administrator before removing this role."));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.RemoveFromRolesAsync(user, current.Except(wanted)));
        Check(await users.AddToRolesAsync(user, wanted.Except(current)));
        int[] endedTeams = [];
        if (current.Contains(Roles.Supervisor) && !wanted.Contains(Roles.Supervisor))
        {
            endedTeams = [.. await db.TeamSupervisors.Where(s => s.UserId == user.Id).Select(s => s.TeamId).ToListAsync(cancellationToken)];
            await db.TeamSupervisors.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        }

        AuditLog.Record(db, clock, viewer, "role.change", "user", user.Id, new { user = user.UserName, from = current, to = wanted, endedTeams });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>
    /// Sets the agent code conversations are matched by and the team the agent belongs to (null for
    /// none). Conversations already imported keep the team they were imported with. Audited as user.agent.
    /// </summary>
    public async Task<UserChange> SetAgentAsync(Viewer viewer, string userId, string? agentCode, int? teamId, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        var code = agentCode?.Trim() is { Length: > 0 } c ? c : null;
        var problems = await AgentProblemsAsync(user.Id, code, teamId, cancellationToken);
        if (problems.Count > 0)
        {
            return new UserChange(true, problems);
        }

        if (user.AgentCode == code && user.TeamId == teamId)
        {
            return UserChange.Done;
        }

        var from = new { agentCode = user.AgentCode, team = user.TeamId };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.AgentCode = code;
        user.TeamId = teamId;
        Check(await users.UpdateAsync(user));
        AuditLog.Record(db, clock, viewer, "user.agent", "user", user.Id, new { user = user.UserName, from, to = new { agentCode = code, team = teamId } });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>The teams a supervisor leads (they see those teams' conversations). Only supervisors lead teams. Audited as user.supervises.</summary>
    public async Task<UserChange> SetSupervisedTeamsAsync(Viewer viewer, string userId, IReadOnlyCollection<int> teamIds, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        ArgumentNullException.ThrowIfNull(teamIds);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        var wanted = teamIds.Distinct().Order().ToList();
        if (wanted.Count > 0 && !await users.IsInRoleAsync(user, Roles.Supervisor))
        {
            return UserChange.Refused(new InputProblem("teams", "只有主管可以负责团队：先给这位用户主管角色。", "Only supervisors lead teams: give this user the supervisor role first."));
        }

        var known = await db.Teams.Where(t => wanted.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken);
        if (known.Count != wanted.Count)
        {
            return UserChange.Refused(new InputProblem("teams", "所选团队不存在。", "A chosen team does not exist."));
        }

        var current = await db.TeamSupervisors.Where(s => s.UserId == user.Id).Select(s => s.TeamId).OrderBy(t => t).ToListAsync(cancellationToken);
        if (current.SequenceEqual(wanted))
        {
            return UserChange.Done;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = current.Except(wanted).ToList();
        await db.TeamSupervisors.Where(s => s.UserId == user.Id && removed.Contains(s.TeamId)).ExecuteDeleteAsync(cancellationToken);
        db.TeamSupervisors.AddRange(wanted.Except(current).Select(t => new TeamSupervisor { TeamId = t, UserId = user.Id }));

        // The teams are claims: renewing the user's concurrency stamp tells cached API principals (ApiPrincipalCache) to rebuild.
        Check(await users.UpdateAsync(user));
        AuditLog.Record(db, clock, viewer, "user.supervises", "user", user.Id, new { user = user.UserName, from = current, to = wanted });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>Ends a lockout from too many wrong passwords and clears the count. Audited as user.unlock.</summary>
    public async Task<UserChange> UnlockAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        var lockedUntil = user.LockoutEnd?.UtcDateTime;
        if (user.LockoutEnd is { } end && end >= DisabledUntil.AddDays(-1))
        {
            return UserChange.Refused(new InputProblem("lockout", "这位用户已被停用：请用「启用」恢复。", "This user is disabled: use Enable to restore them."));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        AuditLog.Record(db, clock, viewer, "user.unlock", "user", user.Id, new { user = user.UserName, lockedUntilUtc = lockedUntil });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>
    /// Gives the user a new generated password (returned once to show the administrator) and signs
    /// their sessions out. Audited as user.password-reset — without the password.
    /// </summary>
    public async Task<string?> ResetPasswordAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return null;
        }

        var password = Passwords.Generate();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password));

        // Whoever learnt the old password may have made tokens with it: they end with it.
        var revokedTokens = await RevokeTokensAsync(user.Id, cancellationToken);
        AuditLog.Record(db, clock, viewer, "user.password-reset", "user", user.Id, new { user = user.UserName, revokedTokens });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return password;
    }

    /// <summary>
    /// Disables an account: no sign-in, no API token (all revoked), open sessions end within a
    /// minute. Nothing is deleted — the user's records and audit entries stay theirs. Refused for
    /// oneself and for the last administrator who can still sign in. Audited as user.disable.
    /// </summary>
    public async Task<UserChange> DisableAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        if (user.Id == viewer.UserId)
        {
            return UserChange.Refused(new InputProblem("lockout", "不能停用自己的账号。", "You cannot disable your own account."));
        }

        if (await users.IsInRoleAsync(user, Roles.Admin)
            && !(await users.GetUsersInRoleAsync(Roles.Admin)).Any(u => u.Id != user.Id && (u.LockoutEnd is not { } end || end < DisabledUntil.AddDays(-1))))
        {
            return UserChange.Refused(new InputProblem("lockout", "这是最后一位可用的管理员，不能停用。", "This is the last administrator who can sign in; they cannot be disabled."));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, DisabledUntil));
        Check(await users.UpdateSecurityStampAsync(user));
        var revokedTokens = await RevokeTokensAsync(user.Id, cancellationToken);
        AuditLog.Record(db, clock, viewer, "user.disable", "user", user.Id, new { user = user.UserName, revokedTokens });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>Enables a disabled account again (its revoked tokens stay revoked). Audited as user.enable.</summary>
    public async Task<UserChange> EnableAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        AuditLog.Record(db, clock, viewer, "user.enable", "user", user.Id, new { user = user.UserName });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>
    /// A signed-in user changes their own password: the current one is required, the new one must
    /// satisfy the password policy and be typed twice. Their API tokens are revoked (whoever learnt
    /// the old password may have made some) and other sessions end with the new security stamp.
    /// Audited as user.password-change — without either password.
    /// </summary>
    public async Task<UserChange> ChangeOwnPasswordAsync(Viewer viewer, string? currentPassword, string? newPassword, string? confirmation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var user = await users.FindByIdAsync(viewer.UserId);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        if (string.IsNullOrEmpty(currentPassword))
        {
            return UserChange.Refused(new InputProblem("current", "请输入当前密码。", "Enter your current password."));
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            return UserChange.Refused(new InputProblem("new", "请输入新密码。", "Enter a new password."));
        }

        if (!string.Equals(newPassword, confirmation, StringComparison.Ordinal))
        {
            return UserChange.Refused(new InputProblem("confirm", "两次输入的新密码不一致。", "The new password and its confirmation differ."));
        }

        if (string.Equals(newPassword, currentPassword, StringComparison.Ordinal))
        {
            return UserChange.Refused(new InputProblem("new", "新密码不能与当前密码相同。", "The new password must differ from the current one."));
        }

        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            return UserChange.Refused(new InputProblem("current", "当前密码不正确。", "The current password is wrong."));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            return new UserChange(true, Problems("new", result));
        }

        var revokedTokens = await RevokeTokensAsync(user.Id, cancellationToken);
        AuditLog.Record(db, clock, viewer, "user.password-change", "user", user.Id, new { user = user.UserName, revokedTokens });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>Revokes every API token of a user at once (a lost laptop, a leaked script). Audited as user.tokens-revoke.</summary>
    public async Task<UserChange> RevokeAllTokensAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        Demand(viewer);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var revokedTokens = await RevokeTokensAsync(user.Id, cancellationToken);
        AuditLog.Record(db, clock, viewer, "user.tokens-revoke", "user", user.Id, new { user = user.UserName, revokedTokens });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    private async Task<int> RevokeTokensAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAtUtc, now), cancellationToken);
    }

    private static IEnumerable<InputProblem> RoleProblems(List<string> roles)
    {
        if (roles.Count == 0)
        {
            yield return new InputProblem("roles", "请至少选择一个角色。", "Choose at least one role.");
        }

        foreach (var unknown in roles.Where(r => !Roles.All.Contains(r)))
        {
            yield return new InputProblem("roles", $"没有「{unknown}」这个角色。", $"There is no role \"{unknown}\".");
        }
    }

    private async Task<List<InputProblem>> AgentProblemsAsync(string? userId, string? agentCode, int? teamId, CancellationToken cancellationToken)
    {
        var problems = new List<InputProblem>();
        if (agentCode is { Length: > MaxAgentCodeLength })
        {
            problems.Add(new InputProblem("agentCode", $"客服工号最多 {MaxAgentCodeLength} 个字符。", $"The agent code may be at most {MaxAgentCodeLength} characters."));
        }
        else if (agentCode is not null && await db.Users.AnyAsync(u => u.AgentCode == agentCode && u.Id != userId, cancellationToken))
        {
            problems.Add(new InputProblem("agentCode", $"客服工号「{agentCode}」已属于另一位用户。", $"The agent code \"{agentCode}\" belongs to another user."));
        }

        if (teamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, cancellationToken))
        {
            problems.Add(new InputProblem("team", "所选团队不存在。", "The chosen team does not exist."));
        }

        return problems;
    }

    private static async Task<List<UserView>> ViewsAsync(ServiceCoachDbContext read, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var rows = await read.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.AgentCode, u.TeamId, Team = u.Team!.Name, u.LockoutEnd, u.AccessFailedCount, u.CreatedAtUtc })
            .ToListAsync(cancellationToken);
        var roles = await (from ur in read.UserRoles
                           join r in read.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var supervised = await read.TeamSupervisors.Where(s => ids.Contains(s.UserId)).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(u => u.UserName, StringComparer.Ordinal).Select(u => new UserView(
            u.Id, u.UserName ?? u.Id, u.DisplayName, u.AgentCode,
            [.. Roles.All.Where(role => roles.Any(r => r.UserId == u.Id && r.Name == role))],
            u.TeamId, u.TeamId is null ? null : u.Team,
            [.. supervised.Where(s => s.UserId == u.Id).Select(s => s.TeamId).Order()],
            u.LockoutEnd?.UtcDateTime, u.AccessFailedCount, u.CreatedAtUtc))];
    }

    private static List<InputProblem> Problems(string field, IdentityResult result) =>
        [.. result.Errors.Select(e => new InputProblem(field, e.Description, e.Description))];

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static void Demand(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.Administer))
        {
            throw new UnauthorizedAccessException("Only administrators may manage users.");
        }
    }
}
