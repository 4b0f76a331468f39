using System.Net;
using System.Net.Http.Json;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Users;

public sealed class SigningInTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task FirstStart_WritesTheAdminPasswordToTheDataFolder_AndItWorks()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);

        var password = await File.ReadAllTextAsync(Path.Combine(app.DataFolder, DemoSeeder.AdminPasswordFileName), TestContext.Current.CancellationToken);
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = password.Trim() }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(password.Trim().Length >= 16);
    }

    [Fact]
    public async Task TokenEndpoint_WrongPassword_Is401AndDoesNotSayWhichPartWasWrong()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        var wrongUser = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "nobody", password = "x" }, TestContext.Current.CancellationToken);
        var wrongPassword = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "trainer1", password = "wrong-password" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongUser.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        var userProblem = await wrongUser.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(TestContext.Current.CancellationToken);
        var passwordProblem = await wrongPassword.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Equal((userProblem!.Title, userProblem.Detail), (passwordProblem!.Title, passwordProblem.Detail));
    }

    [Fact]
    public async Task Api_WithoutCredentials_Is401_NotARedirect()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/v1/conversations", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Agent_SeesOnlyTheirOwnConversations()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var agent = app.UserWithRole(Roles.Agent);
        using var client = await app.ApiClientAsAsync(agent);

        var page = await client.GetFromJsonAsync<ConversationList>("/api/v1/conversations?pageSize=200", TestContext.Current.CancellationToken);

        Assert.NotEmpty(page!.Items);
        Assert.All(page.Items, c => Assert.Equal(agent, c.AgentId));
    }

    [Fact]
    public async Task Agent_CannotOpenAnotherAgentsConversation()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var agent = app.UserWithRole(Roles.Agent);
        var others = await admin.GetFromJsonAsync<ConversationList>("/api/v1/conversations?pageSize=200", TestContext.Current.CancellationToken);
        var someoneElses = others!.Items.First(c => c.AgentId != agent).Id;
        using var client = await app.ApiClientAsAsync(agent);

        var response = await client.GetAsync($"/api/v1/conversations/{someoneElses}/scorecard", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SignOut_NeedsThePagesAntiforgeryToken_SoAnotherSiteCannotSignSomeoneOut()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Trainer));

        var forged = await session.PostWithoutTokenAsync("/account/logout", []);
        var stillSignedIn = await session.Client.GetAsync("/", TestContext.Current.CancellationToken);
        var genuine = await session.PostFormAsync("/", "/account/logout", new());
        var afterwards = await session.Client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        Assert.Equal("/account/login", genuine.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("/account/login", afterwards.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Health_ChecksTheDatabase()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Pages_CarrySecurityHeaders()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
