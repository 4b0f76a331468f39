using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Users;

/// <summary>Authenticates API calls that present <c>Authorization: Bearer sc_…</c> (a personal access token).</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens,
    UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals,
    ApiPrincipalCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted) is not { } holder)
        {
            return AuthenticateResult.Fail("The token is not valid, has been revoked or has expired.");
        }

        var principal = await cache.GetOrCreateAsync(holder, async () =>
            await users.FindByIdAsync(holder.UserId) is { } user ? await principals.CreateAsync(user) : null);
        if (principal is null)
        {
            return AuthenticateResult.Fail("The token is not valid, has been revoked or has expired.");
        }

        var identity = new ClaimsIdentity(principal.Claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>
/// The claims of API-token users, built once per version of the user. Building them takes six
/// queries (user, roles, role claims, user claims, supervised teams); a learner's exam autosaves
/// every 15 s would repeat them all. An entry is keyed by the user's security and concurrency
/// stamps, which the token check reads on every call: any change to the user's row, roles or
/// supervised teams renews a stamp, so a changed user never gets stale claims, on any node.
/// </summary>
internal sealed class ApiPrincipalCache : IDisposable
{
    private static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public async Task<ClaimsPrincipal?> GetOrCreateAsync(TokenHolder holder, Func<Task<ClaimsPrincipal?>> create)
    {
        var key = string.Join('\n', holder.UserId, holder.SecurityStamp, holder.ConcurrencyStamp);
        if (cache.TryGetValue(key, out ClaimsPrincipal? known))
        {
            return known;
        }

        var principal = await create();
        if (principal is not null)
        {
            cache.Set(key, principal, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Unused });
        }

        return principal;
    }

    public void Dispose() => cache.Dispose();
}
