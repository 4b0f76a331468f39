using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Users;

public sealed partial class UsingPersonalAccessTokensTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ATokenCreatedOnThePage_IsShownOnce_AndWorksAsABearerToken(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var page = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Trainer));
        var name = $"report script {Guid.NewGuid():N}";

        var created = await CreateTokenAsync(page, name, "30");
        using var client = BearerClient(app, created);
        var response = await client.GetAsync("/api/v1/conversations?pageSize=1", Cancel);
        var listed = await page.GetPageAsync("/account/tokens");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(name, listed);
        Assert.Contains(created[..10], listed);
        Assert.DoesNotContain(created, listed);
        await using var db = await app.DbAsync();
        var stored = await db.ApiTokens.SingleAsync(t => t.Name == name, Cancel);
        Assert.NotEqual(created, stored.Hash);
        Assert.NotNull(stored.LastUsedAtUtc);
        Assert.InRange(stored.ExpiresAtUtc!.Value - stored.CreatedAtUtc, TimeSpan.FromDays(30), TimeSpan.FromDays(30));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "token.create" && a.EntityId == Key(stored.Id), Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ATokenThatNeverExpires_HasNoExpiry_AndANamelessTokenIsRefusedPlainly(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var page = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));
        var name = $"forever {Guid.NewGuid():N}";

        await CreateTokenAsync(page, name, "never");
        var refused = await CookieSession.TextAsync(await page.PostFormAsync("/account/tokens", "/account/tokens", new()
        {
            ["_handler"] = "create-token",
            ["Create.Name"] = "  ",
            ["Create.Lifetime"] = "30",
        }));

        await using var db = await app.DbAsync();
        Assert.Null((await db.ApiTokens.SingleAsync(t => t.Name == name, Cancel)).ExpiresAtUtc);
        Assert.Contains("请给令牌起个名字", refused);
        Assert.DoesNotContain("data-testid=\"new-token\"", refused);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ARevokedToken_Gets401_AndTheRevocationIsAudited(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var owner = app.UserWithRole(Roles.Supervisor);
        using var page = await CookieSession.SignInAsync(app, owner);
        var name = $"to revoke {Guid.NewGuid():N}";
        var created = await CreateTokenAsync(page, name, "90");
        using var client = BearerClient(app, created);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/standards", Cancel)).StatusCode);
        var id = await TokenIdAsync(app, name);

        var html = await RevokeAsync(page, id);

        Assert.Contains($"已撤销令牌「{name}」", html);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/standards", Cancel)).StatusCode);
        await using var db = await app.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "token.revoke" && a.EntityId == Key(id), Cancel);
        Assert.Equal(owner, audit.UserName);
        Assert.Contains(name, audit.Details);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task NobodyCanRevokeSomeoneElsesToken_NotEvenAnAdmin(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var owner = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var name = $"mine {Guid.NewGuid():N}";
        var created = await CreateTokenAsync(owner, name, "365");
        var id = await TokenIdAsync(app, name);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));

        var html = await RevokeAsync(admin, id);

        Assert.Contains("没有找到这个令牌", html);
        Assert.DoesNotContain(name, html);
        using var client = BearerClient(app, created);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/standards", Cancel)).StatusCode);
        await using var db = await app.DbAsync();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "token.revoke" && a.EntityId == Key(id), Cancel));
    }

    private static async Task<string> CreateTokenAsync(CookieSession page, string name, string lifetime)
    {
        var response = await page.PostFormAsync("/account/tokens", "/account/tokens", new()
        {
            ["_handler"] = "create-token",
            ["Create.Name"] = name,
            ["Create.Lifetime"] = lifetime,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var token = NewToken().Match(await CookieSession.TextAsync(response));
        Assert.True(token.Success, "The page did not show the new token.");
        return token.Groups[1].Value;
    }

    private static async Task<string> RevokeAsync(CookieSession page, int id)
    {
        var response = await page.PostFormAsync("/account/tokens", "/account/tokens", new()
        {
            ["_handler"] = "revoke-token",
            ["Revoke.Id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await CookieSession.TextAsync(response);
    }

    private static async Task<int> TokenIdAsync(ServiceCoachApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.ApiTokens.Where(t => t.Name == name).Select(t => t.Id).SingleAsync(Cancel);
    }

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static HttpClient BearerClient(ServiceCoachApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [GeneratedRegex("data-testid=\"new-token\">(sc_[A-Za-z0-9_-]+)<")]
    private static partial Regex NewToken();
}
