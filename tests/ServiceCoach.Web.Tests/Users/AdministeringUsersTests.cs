using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Users;

public sealed partial class AdministeringUsersTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Admin_CreatesAUser_WithAGeneratedPasswordShownOnce_ThatSignsIn(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = NewName();

        var (userId, password) = await CreateUserAsync(admin, userName, [Roles.Trainer], displayName: "新培训师");

        using var newcomer = await CookieSession.SignInAsync(app, userName, password);
        Assert.Contains("新培训师", await admin.GetPageAsync("/admin/users?q=" + userName));
        Assert.DoesNotContain(password, await admin.GetPageAsync($"/admin/users/{userId}"));
        var other = await CreateUserAsync(admin, NewName(), [Roles.Trainer]);
        Assert.NotEqual(password, other.Password);
        Assert.True(password.Length >= 16);
        await using var db = await app.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "user.create" && a.EntityId == userId, Cancel);
        Assert.Contains(userName, audit.Details);
        Assert.DoesNotContain(password, audit.Details);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task CreatingAUser_RefusesATakenNameAndNoRolePlainly(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var taken = app.UserWithRole(Roles.Trainer);

        var takenAnswer = await PostCreateUserAsync(admin, taken, [Roles.Trainer]);
        var noRole = await PostCreateUserAsync(admin, NewName(), []);

        Assert.Contains($"用户名「{taken}」已被使用", takenAnswer);
        Assert.Contains("请至少选择一个角色", noRole);
        Assert.DoesNotContain("data-testid=\"new-password\"", takenAnswer + noRole);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ChangingRoles_IsAuditedWithFromAndTo_AndTakesEffect(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = NewName();
        var (userId, password) = await CreateUserAsync(admin, userName, [Roles.Trainer]);
        using var api = await BearerClientAsync(app, userName, password);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/reviews", Cancel)).StatusCode);

        var html = await SaveRolesAsync(admin, userId, Roles.QaInspector, Roles.Trainer);

        Assert.Contains("已保存角色", html);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/reviews", Cancel)).StatusCode);
        await using var db = await app.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "role.change" && a.EntityId == userId, Cancel);
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal([Roles.Trainer], details.RootElement.GetProperty("from").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([Roles.Trainer, Roles.QaInspector], details.RootElement.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(app.UserWithRole(Roles.Admin), audit.UserName);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheLastAdministrator_CannotRemoveTheirOwnAdminRole_ButOneOfTwoCan(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var adminName = app.UserWithRole(Roles.Admin);
        using var admin = await CookieSession.SignInAsync(app, adminName);
        var adminId = await UserIdAsync(app, adminName);

        var refused = await SaveRolesAsync(admin, adminId, Roles.Trainer);

        Assert.Contains("这是最后一位管理员", refused);
        using var stillAdmin = await app.ApiClientAsAsync(adminName);
        Assert.Equal(HttpStatusCode.OK, (await stillAdmin.GetAsync("/api/v1/reviews", Cancel)).StatusCode);

        var secondName = NewName();
        var (secondId, secondPassword) = await CreateUserAsync(admin, secondName, [Roles.Admin]);
        using var second = await CookieSession.SignInAsync(app, secondName, secondPassword);
        var stepsDown = await SaveRolesAsync(second, secondId, Roles.Trainer);

        Assert.Contains("已保存角色", stepsDown);
        await using var db = await app.DbAsync();
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "role.change" && a.EntityId == adminId, Cancel));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "role.change" && a.EntityId == secondId, Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ANewRole_AppliesToTheUsersApiTokenOnItsNextCall_AndARemovedOneIsGoneAsSoon(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = NewName();
        var (userId, password) = await CreateUserAsync(admin, userName, [Roles.Agent]);
        using var bearer = await BearerClientAsync(app, userName, password);
        var asAgent = await bearer.GetAsync("/api/v1/training/questions.gift", Cancel);

        await SaveRolesAsync(admin, userId, Roles.Agent, Roles.Trainer);
        var asTrainer = await bearer.GetAsync("/api/v1/training/questions.gift", Cancel);
        await SaveRolesAsync(admin, userId, Roles.Agent);
        var agentAgain = await bearer.GetAsync("/api/v1/training/questions.gift", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asTrainer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentAgain.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AssigningTeams_DecidesWhichTeamAnAgentIsIn_AndWhatASupervisorSees(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var teamName = "测试组 " + NewName();
        var created = await CookieSession.TextAsync(await admin.PostFormAsync("/admin/users", "/admin/users", new() { ["_handler"] = "create-team", ["NewTeam.Name"] = teamName }));
        Assert.Contains($"已新建团队「{teamName}」", created);
        await using var db = await app.DbAsync();
        var team = await db.Teams.SingleAsync(t => t.Name == teamName, Cancel);
        var demoTeam = await db.Users.Where(u => u.UserName == app.UserWithRole(Roles.Agent)).Select(u => u.TeamId!.Value).SingleAsync(Cancel);

        var agentName = NewName();
        var (agentId, _) = await CreateUserAsync(admin, agentName, [Roles.Agent]);
        var agentSaved = await CookieSession.TextAsync(await admin.PostFormAsync($"/admin/users/{agentId}", $"/admin/users/{agentId}", new()
        {
            ["_handler"] = "agent",
            ["Agent.Code"] = "x-" + agentName,
            ["Agent.TeamId"] = Key(team.Id),
        }));

        var supervisorName = NewName();
        var (supervisorId, supervisorPassword) = await CreateUserAsync(admin, supervisorName, [Roles.Supervisor]);
        using var supervisor = await BearerClientAsync(app, supervisorName, supervisorPassword);
        var before = await supervisor.GetFromJsonAsync<ConversationList>("/api/v1/conversations?pageSize=1", Cancel);
        var teamsSaved = await CookieSession.TextAsync(await admin.PostFormAsync($"/admin/users/{supervisorId}", $"/admin/users/{supervisorId}",
            [new("_handler", "teams"), new("team", Key(team.Id)), new("team", Key(demoTeam))]));
        var after = await supervisor.GetFromJsonAsync<ConversationList>("/api/v1/conversations?pageSize=200", Cancel);

        Assert.Contains("已保存客服信息", agentSaved);
        Assert.Contains("已保存负责的团队", teamsSaved);
        var agent = await db.Users.AsNoTracking().SingleAsync(u => u.Id == agentId, Cancel);
        Assert.Equal(("x-" + agentName, team.Id), (agent.AgentCode, agent.TeamId));
        Assert.Equal(0, before!.Total);
        Assert.NotEmpty(after!.Items);
        Assert.All(after.Items, c => Assert.Equal(after.Items[0].Team, c.Team));
        Assert.Equal(new[] { team.Id, demoTeam }.Order(), (await db.TeamSupervisors.Where(s => s.UserId == supervisorId).Select(s => s.TeamId).ToListAsync(Cancel)).Order());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "user.agent" && a.EntityId == agentId, Cancel));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "user.supervises" && a.EntityId == supervisorId, Cancel));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "team.create" && a.EntityId == Key(team.Id), Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ResettingAPassword_ShowsANewOneOnce_AndTheOldOneStopsWorking(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = NewName();
        var (userId, oldPassword) = await CreateUserAsync(admin, userName, [Roles.Agent]);

        var html = await CookieSession.TextAsync(await admin.PostFormAsync($"/admin/users/{userId}", $"/admin/users/{userId}", new() { ["_handler"] = "reset-password" }));
        var newPassword = NewPassword().Match(html).Groups[1].Value;

        Assert.NotEqual("", newPassword);
        var (oldSession, oldAnswer) = await CookieSession.TrySignInAsync(app, userName, oldPassword);
        oldSession.Dispose();
        Assert.Equal(HttpStatusCode.OK, oldAnswer.StatusCode);
        using var fresh = await CookieSession.SignInAsync(app, userName, newPassword);
        await using var db = await app.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "user.password-reset" && a.EntityId == userId, Cancel);
        Assert.DoesNotContain(newPassword, audit.Details);
    }

    [Fact]
    public async Task OnlyAdministrators_MayUseTheUserPages()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var supervisor = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Supervisor));

        var response = await supervisor.Client.GetAsync("/admin/users", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    internal static string NewName() => "u" + Guid.NewGuid().ToString("N")[..10];

    internal static async Task<(string UserId, string Password)> CreateUserAsync(CookieSession admin, string userName, string[] roles, string? displayName = null)
    {
        var html = await PostCreateUserAsync(admin, userName, roles, displayName);
        var password = NewPassword().Match(html);
        Assert.True(password.Success, $"No password shown after creating {userName}.");
        var link = UserLink().Match(html);
        Assert.True(link.Success);
        return (Uri.UnescapeDataString(link.Groups[1].Value), password.Groups[1].Value);
    }

    private static async Task<string> PostCreateUserAsync(CookieSession admin, string userName, string[] roles, string? displayName = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "create-user"),
            new("NewUser.UserName", userName),
            new("NewUser.DisplayName", displayName ?? ""),
            new("NewUser.AgentCode", ""),
            new("NewUser.TeamId", ""),
        };
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("role", r)));
        var response = await admin.PostFormAsync("/admin/users", "/admin/users", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await CookieSession.TextAsync(response);
    }

    private static async Task<string> SaveRolesAsync(CookieSession admin, string userId, params string[] roles)
    {
        var fields = new List<KeyValuePair<string, string>> { new("_handler", "roles") };
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("role", r)));
        var response = await admin.PostFormAsync($"/admin/users/{userId}", $"/admin/users/{userId}", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await CookieSession.TextAsync(response);
    }

    internal static async Task<string> UserIdAsync(ServiceCoachApp app, string userName)
    {
        await using var db = await app.DbAsync();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(Cancel);
    }

    internal static async Task<HttpClient> BearerClientAsync(ServiceCoachApp app, string userName, string password)
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = userName, password }, Cancel);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("token").GetString());
        return client;
    }

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("data-testid=\"new-password\">([^<]+)<")]
    private static partial Regex NewPassword();

    [GeneratedRegex("href=\"/admin/users/([^\"]+)\">")]
    private static partial Regex UserLink();
}
