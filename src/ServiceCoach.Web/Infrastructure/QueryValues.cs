using System.Globalization;

namespace ServiceCoach.Web;

/// <summary>
/// Numbers from a page's query string. Pages bind them as text and parse here: Blazor throws (an
/// error page, status 500) on "?team=abc" or "?page=99999999999" when it binds an int itself,
/// while a wrong number in an address should simply be ignored.
/// </summary>
internal static class QueryValues
{
    public static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? Long(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A page number: 1 when absent or not a number, else clamped to 1…<see cref="Data.Paging.MaxPage"/>.</summary>
    public static int Page(string? text) => Data.Paging.Page(Int(text) ?? 1);
}
