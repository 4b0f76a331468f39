using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Users;

public sealed record TokenRequest(string? Username, string? Password);

public sealed record TokenResponse(string Token, DateTime? ExpiresAt);

/// <summary>POST /api/v1/auth/token: a user name and password for a personal access token.</summary>
internal static class AuthApi
{
    /// <summary>Tokens handed out by the endpoint expire; tokens created in the UI may be long-lived.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueAsync)
            .AllowAnonymous()
            .WithName("IssueToken")
            .WithSummary("Exchange a user name and password for an API token (failed attempts count towards lockout).");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueAsync(
        TokenRequest? request, UserManager<AppUser> users, SignInManager<AppUser> signIn, ApiTokens tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("Send JSON {\"username\": \"…\", \"password\": \"…\"}.", statusCode: StatusCodes.Status400BadRequest, title: "Missing credentials");
        }

        var user = await users.FindByNameAsync(request.Username);
        if (user is null)
        {
            // As much work as a wrong password, so the time of the answer does not tell which user names exist.
            UnknownUsers.CheckPassword(users.PasswordHasher, request.Password);
            return Unauthorized();
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            return result.IsLockedOut
                ? TypedResults.Problem("Too many failed attempts: the account is locked for a while.", statusCode: StatusCodes.Status401Unauthorized, title: "Locked out")
                : Unauthorized();
        }

        var token = await tokens.CreateAsync(user.Id, $"API login {clock.GetUtcNow():yyyy-MM-dd HH:mm}", TokenLifetime, cancellationToken);
        return TypedResults.Ok(new TokenResponse(token.Token, token.ExpiresAtUtc));
    }

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials");
}
