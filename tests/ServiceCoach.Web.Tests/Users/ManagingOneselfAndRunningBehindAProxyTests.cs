using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;
using static ServiceCoach.Web.Tests.Users.AdministeringUsersTests;

namespace ServiceCoach.Web.Tests.Users;

/// <summary>
/// A user changes their own password (the current one required, tokens revoked, audited), sees
/// only the menu entries they can use, reads a self-contained API reference, and the app run behind
/// an HTTPS reverse proxy believes the scheme the proxy forwarded.
/// </summary>
public sealed class ManagingOneselfAndRunningBehindAProxyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<string> ChangePasswordAsync(CookieSession session, string current, string next, string? confirmation = null)
    {
        var response = await session.PostFormAsync("/account/password", "/account/password", new()
        {
            ["_handler"] = "change-password",
            ["Form.Current"] = current,
            ["Form.New"] = next,
            ["Form.Confirm"] = confirmation ?? next,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await CookieSession.TextAsync(response);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ChangingOwnPassword_WithTheCurrentOne_TheNewOneSignsIn_TokensEnd_AndItIsAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = NewName();
        var (userId, password) = await CreateUserAsync(admin, userName, [Roles.Agent]);
        using var bearer = await BearerClientAsync(app, userName, password);
        using var session = await CookieSession.SignInAsync(app, userName, password);
        var next = "New-" + Guid.NewGuid().ToString("N")[..12] + "!";

        var html = await ChangePasswordAsync(session, password, next);

        Assert.Contains("data-testid=\"password-changed\"", html);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/conversations", Cancel)).StatusCode);
        using var withNew = await CookieSession.SignInAsync(app, userName, next);
        var (withOld, refused) = await CookieSession.TrySignInAsync(app, userName, password);
        withOld.Dispose();
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("修改密码", await session.GetPageAsync("/account/password"));
        await using var db = await app.DbAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "user.password-change" && a.EntityId == userId, Cancel);
        Assert.Contains("\"revokedTokens\":1", entry.Details);
        Assert.DoesNotContain(next, entry.Details);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ChangingOwnPassword_WithAWrongCurrentOneOrAMismatch_IsRefused_AndTheOldOneStillWorks(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var userName = NewName();
        var (userId, password) = await CreateUserAsync(admin, userName, [Roles.Trainer]);
        using var session = await CookieSession.SignInAsync(app, userName, password);

        var wrong = await ChangePasswordAsync(session, "not-" + password, "Another-Passw0rd!");
        var mismatch = await ChangePasswordAsync(session, password, "Another-Passw0rd!", "Another-Passw0rd?");

        Assert.Contains("当前密码不正确", wrong);
        Assert.Contains("两次输入的新密码不一致", mismatch);
        using var again = await CookieSession.SignInAsync(app, userName, password);
        await using var db = await app.DbAsync();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "user.password-change" && a.EntityId == userId, Cancel));
    }

    [Fact]
    public async Task TheMenu_OffersApiTokensAndReference_ToStaffButNotToAgents()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var agentHome = await agent.GetPageAsync("/");
        var inspectorHome = await inspector.GetPageAsync("/");

        Assert.DoesNotContain("href=\"/account/tokens\"", agentHome);
        Assert.DoesNotContain("href=\"/api/reference\"", agentHome);
        Assert.Contains("href=\"/account/password\"", agentHome);
        Assert.Contains("href=\"/account/tokens\"", inspectorHome);
        Assert.Contains("href=\"/api/reference\"", inspectorHome);
    }

    [Fact]
    public async Task TheApiReference_LoadsNoFontsFromElsewhere_AndDescribesTheTokenWithoutAnEmptyPlaceholder()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        var page = await client.GetStringAsync("/api/reference", Cancel);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Cancel));
        var description = document.RootElement.GetProperty("info").GetProperty("description").GetString()!;

        Assert.DoesNotContain("fonts.scalar.com", page);
        Assert.Matches("\"withDefaultFonts\"\\s*:\\s*false", page);
        // Markdown drops "<token>" as an unknown HTML tag, which left "Bearer ." on the page.
        Assert.DoesNotContain("<token>", description);
        Assert.Contains("`Authorization: Bearer sc_", description);
    }

    [Fact]
    public async Task BehindAnHttpsProxy_TheForwardedSchemeIsBelieved()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/health");
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var direct = await client.GetAsync("/health", Cancel);
        using var viaProxy = await client.SendAsync(proxied, Cancel);

        Assert.False(direct.Headers.Contains("Strict-Transport-Security"));
        Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task TheDisputeTabs_AreSeparateLinks_WithTheCurrentOneMarked()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var html = await inspector.GetPageAsync("/disputes?state=upheld");

        Assert.Contains("<nav class=\"tabs\"", html);
        Assert.Matches("<a href=\"/disputes\\?state=upheld\" aria-current=\"page\">", html);
        Assert.Matches("<a href=\"/disputes\\?state=rejected\">", html);
    }
}
