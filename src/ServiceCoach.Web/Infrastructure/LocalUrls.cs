namespace ServiceCoach.Web;

/// <summary>Where a page may send a person back to after a form: only a path on this site.</summary>
internal static class LocalUrls
{
    /// <summary>
    /// True for "/x…" but not "//host" or "/\host" (browsers read both as another site), nor for
    /// text with control characters; the same rule as ASP.NET Core's Url.IsLocalUrl, minus "~/".
    /// </summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    /// <summary><paramref name="url"/> when it is local, else "/".</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
