namespace ServiceCoach.Data;

/// <summary>
/// Page numbers from a query string: any int may arrive (?page=2147483647), and (page − 1) ×
/// size must not overflow. Pages past <see cref="MaxPage"/> would be empty anyway.
/// </summary>
public static class Paging
{
    /// <summary>The highest page served: a million pages of 200 rows is far more than any list holds.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>The page number clamped to 1…<see cref="MaxPage"/>.</summary>
    public static int Page(int page) => Math.Clamp(page, 1, MaxPage);

    /// <summary>Rows to skip for a page; <paramref name="pageSize"/> is at most a few hundred, so this fits an int.</summary>
    public static int Offset(int page, int pageSize) => (Page(page) - 1) * Math.Max(1, pageSize);
}
