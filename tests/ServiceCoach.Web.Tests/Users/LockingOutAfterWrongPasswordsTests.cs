using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Users;

public sealed class LockingOutAfterWrongPasswordsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheAppLocksAfterFiveWrongPasswords_ForFifteenMinutes()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);

        var lockout = app.Service<IOptions<IdentityOptions>>().Value.Lockout;

        Assert.Equal((5, TimeSpan.FromMinutes(15), true), (lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan, lockout.AllowedForNewUsers));
    }

    /// <summary>
    /// Wrong passwords count together whether they come through the login page or the token
    /// endpoint; once locked, neither accepts even the right password, and the user's existing API
    /// tokens are refused too, until an administrator unlocks the account.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task WrongPasswords_OnThePageAndTheApi_LockTheAccountForBoth_UntilAnAdminUnlocksIt(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = AdministeringUsersTests.NewName();
        var (userId, password) = await AdministeringUsersTests.CreateUserAsync(admin, userName, [Roles.QaInspector]);
        using var existingToken = await AdministeringUsersTests.BearerClientAsync(app, userName, password);
        using var anonymous = app.CreateClient();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (session, answer) = await CookieSession.TrySignInAsync(app, userName, "wrong-password-" + attempt);
            session.Dispose();
            Assert.Contains("用户名或密码错误", await CookieSession.TextAsync(answer));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await RequestTokenAsync(anonymous, userName, "wrong-password-3")).StatusCode);
        var fifth = await RequestTokenAsync(anonymous, userName, "wrong-password-4");

        Assert.Equal("Locked out", (await fifth.Content.ReadFromJsonAsync<ProblemDetails>(Cancel))!.Title);
        var (pageSession, pageAnswer) = await CookieSession.TrySignInAsync(app, userName, password);
        pageSession.Dispose();
        Assert.Equal(HttpStatusCode.OK, pageAnswer.StatusCode);
        Assert.Contains("账号已临时锁定", await CookieSession.TextAsync(pageAnswer));
        var apiAnswer = await RequestTokenAsync(anonymous, userName, password);
        Assert.Equal(HttpStatusCode.Unauthorized, apiAnswer.StatusCode);
        Assert.Equal("Locked out", (await apiAnswer.Content.ReadFromJsonAsync<ProblemDetails>(Cancel))!.Title);
        Assert.Equal(HttpStatusCode.Unauthorized, (await existingToken.GetAsync("/api/v1/standards", Cancel)).StatusCode);
        Assert.Contains("已锁定", await admin.GetPageAsync($"/admin/users/{userId}"));

        var unlocked = await admin.PostFormAsync($"/admin/users/{userId}", $"/admin/users/{userId}", new() { ["_handler"] = "unlock" });

        Assert.Contains("已解锁", await CookieSession.TextAsync(unlocked));
        using var signedIn = await CookieSession.SignInAsync(app, userName, password);
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(anonymous, userName, password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await existingToken.GetAsync("/api/v1/standards", Cancel)).StatusCode);
        await using var db = await Quality.ReviewTestApp.DbAsync(app);
        Assert.Contains(db.AuditEntries, a => a.Action == "user.unlock" && a.EntityId == userId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ASuccessfulSignIn_StartsTheCountAgain(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = AdministeringUsersTests.NewName();
        var (_, password) = await AdministeringUsersTests.CreateUserAsync(admin, userName, [Roles.Agent]);
        using var anonymous = app.CreateClient();

        for (var attempt = 0; attempt < 4; attempt++)
        {
            await RequestTokenAsync(anonymous, userName, "wrong");
        }

        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(anonymous, userName, password)).StatusCode);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await RequestTokenAsync(anonymous, userName, "wrong");
        }

        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(anonymous, userName, password)).StatusCode);
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { username = userName, password }, Cancel);
}
