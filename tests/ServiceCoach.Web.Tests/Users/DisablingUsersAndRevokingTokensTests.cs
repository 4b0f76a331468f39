using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;
using static ServiceCoach.Web.Tests.Users.AdministeringUsersTests;

namespace ServiceCoach.Web.Tests.Users;

/// <summary>
/// An administrator can take access away: a password reset ends the API tokens made with the old
/// password, "revoke all tokens" ends them on demand, and disabling an account ends sign-in and
/// tokens alike — each audited, none deleting the user's records.
/// </summary>
public sealed class DisablingUsersAndRevokingTokensTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AfterAPasswordReset_TheOldApiTokensNoLongerWork(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = NewName();
        var (userId, password) = await CreateUserAsync(admin, userName, [Roles.Trainer]);
        using var bearer = await BearerClientAsync(app, userName, password);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/conversations", Cancel)).StatusCode);

        var html = await PostAsync(admin, userId, "reset-password");

        Assert.Matches("data-testid=\"new-password\"", html);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/conversations", Cancel)).StatusCode);
        await using var db = await app.DbAsync();
        Assert.Contains("\"revokedTokens\":1", (await db.AuditEntries.SingleAsync(a => a.Action == "user.password-reset" && a.EntityId == userId, Cancel)).Details);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task RevokingAllTokens_EndsEveryTokenOfThatUserOnly(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var (userId, password) = await CreateUserAsync(admin, NewName(), [Roles.Trainer]);
        var userName = await UserNameAsync(app, userId);
        using var first = await BearerClientAsync(app, userName, password);
        using var second = await BearerClientAsync(app, userName, password);
        using var someoneElse = await app.ApiClientAsRoleAsync(Roles.Trainer);

        await PostAsync(admin, userId, "revoke-tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/v1/conversations", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/v1/conversations", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await someoneElse.GetAsync("/api/v1/conversations", Cancel)).StatusCode);
        using var signedIn = await CookieSession.SignInAsync(app, userName, password);
        await using var db = await app.DbAsync();
        Assert.Contains("\"revokedTokens\":2", (await db.AuditEntries.SingleAsync(a => a.Action == "user.tokens-revoke" && a.EntityId == userId, Cancel)).Details);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ADisabledUser_CannotSignInOrUseTokens_UntilEnabledAgain(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = NewName();
        var (userId, password) = await CreateUserAsync(admin, userName, [Roles.Trainer]);
        using var bearer = await BearerClientAsync(app, userName, password);

        var page = await PostAsync(admin, userId, "disable");

        Assert.Contains("data-testid=\"disabled\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/conversations", Cancel)).StatusCode);
        var (session, refused) = await CookieSession.TrySignInAsync(app, userName, password);
        session.Dispose();
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = userName, password }, Cancel)).StatusCode);

        await PostAsync(admin, userId, "enable");

        using var again = await CookieSession.SignInAsync(app, userName, password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/conversations", Cancel)).StatusCode);
        await using var db = await app.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "user.disable" && a.EntityId == userId, Cancel));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "user.enable" && a.EntityId == userId, Cancel));
    }

    [Fact]
    public async Task AnAdministrator_CannotDisableThemselves()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var adminName = app.UserWithRole(Roles.Admin);
        using var admin = await CookieSession.SignInAsync(app, adminName);
        var adminId = await UserIdAsync(app, adminName);

        var page = await PostAsync(admin, adminId, "disable");

        Assert.Contains("不能停用自己的账号", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/admin/users", Cancel)).StatusCode);
    }

    private static async Task<string> PostAsync(CookieSession admin, string userId, string form)
    {
        var response = await admin.PostFormAsync($"/admin/users/{userId}", $"/admin/users/{userId}", new() { ["_handler"] = form });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await CookieSession.TextAsync(response);
    }

    private static async Task<string> UserNameAsync(ServiceCoachApp app, string userId)
    {
        await using var db = await app.DbAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.UserName!).SingleAsync(Cancel);
    }
}
