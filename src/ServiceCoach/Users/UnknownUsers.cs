using Microsoft.AspNetCore.Identity;

namespace ServiceCoach.Users;

/// <summary>
/// A sign-in with a user name that does not exist would answer at once, while a wrong password costs
/// a PBKDF2 verification (about 100 ms): the difference tells an attacker which names exist. The
/// sign-in page and the token endpoint call <see cref="CheckPassword"/> for unknown names instead.
/// </summary>
public static class UnknownUsers
{
    private static readonly AppUser Nobody = new() { UserName = "" };
    private static string? s_hash;

    /// <summary>Verifies <paramref name="password"/> against the hash of a random password, with the same hasher (and so the same cost) as real users.</summary>
    public static void CheckPassword(IPasswordHasher<AppUser> hasher, string password)
    {
        ArgumentNullException.ThrowIfNull(hasher);

        // Made once per process; a race makes it twice, which is harmless.
        var hash = s_hash ??= hasher.HashPassword(Nobody, Passwords.Generate());
        hasher.VerifyHashedPassword(Nobody, hash, password ?? "");
    }
}
