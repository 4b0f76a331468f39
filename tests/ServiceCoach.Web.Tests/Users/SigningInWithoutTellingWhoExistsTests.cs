using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Users;

/// <summary>
/// An unknown user name costs the same work as a wrong password — one password-hash check — so
/// the time an answer takes does not tell which user names exist. Counted, not timed.
/// </summary>
public sealed class SigningInWithoutTellingWhoExistsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TokenEndpoint_UnknownUser_ChecksAPasswordHashJustLikeAWrongPassword()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var hasher = new CountingHasher();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        using var client = counted.CreateClient();

        var before = hasher.Verifications;
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = $"nobody-{Guid.NewGuid():N}", password = "Wrong-password-1" }, Cancel);
        var afterUnknown = hasher.Verifications;
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = app.UserWithRole(Roles.Trainer), password = "Wrong-password-1" }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await ProblemAsync(wrong), await ProblemAsync(unknown));
        Assert.Equal(1, afterUnknown - before);
        Assert.Equal(1, hasher.Verifications - afterUnknown);
    }

    [Fact]
    public async Task LoginPage_UnknownUser_ChecksAPasswordHashJustLikeAWrongPassword()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var hasher = new CountingHasher();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));

        var before = hasher.Verifications;
        var (unknownSession, unknown) = await CookieSession.TrySignInAsync(counted, $"nobody-{Guid.NewGuid():N}", "Wrong-password-1");
        var afterUnknown = hasher.Verifications;
        var (wrongSession, wrong) = await CookieSession.TrySignInAsync(counted, app.UserWithRole(Roles.QaInspector), "Wrong-password-1");
        unknownSession.Dispose();
        wrongSession.Dispose();

        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        Assert.Equal(1, afterUnknown - before);
        Assert.Equal(1, hasher.Verifications - afterUnknown);
    }

    private static async Task<(string?, string?, int)> ProblemAsync(HttpResponseMessage response)
    {
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var root = problem.RootElement;
        return (root.GetProperty("title").GetString(), root.GetProperty("detail").GetString(), root.GetProperty("status").GetInt32());
    }

    /// <summary>Identity's own hasher, counting verifications (a true external: the framework's cryptography).</summary>
    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
