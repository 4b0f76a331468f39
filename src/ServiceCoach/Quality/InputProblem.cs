namespace ServiceCoach.Quality;

/// <summary>
/// Something wrong with what a person typed, said plainly in both languages (pages show the
/// Chinese or English one; the API answers with the English one in its problem details).
/// </summary>
/// <param name="Field">The form field it is about, e.g. "parameter".</param>
public sealed record InputProblem(string Field, string Chinese, string English);
