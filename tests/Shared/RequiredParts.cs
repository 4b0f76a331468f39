namespace ServiceCoach.Testing;

/// <summary>
/// The real parts some tests need — PostgreSQL, Chromium, the research data in ../shared. On a
/// developer's machine a missing part skips those tests with a message; in CI (CI=true, as CI
/// services and .ci/run set it) it fails them, so a run cannot pass by silently leaving half out.
/// </summary>
internal static class RequiredParts
{
    /// <summary>True when the environment variable CI says this is a CI run ("true" or "1").</summary>
    public static bool InCi => IsCi(Environment.GetEnvironmentVariable("CI"));

    public static bool IsCi(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    /// <summary>What a test does about a part: run, skip (a developer's machine) or fail (CI).</summary>
    public enum Outcome
    {
        Run,
        Skip,
        Fail,
    }

    public static Outcome Decide(bool present, bool inCi) => present ? Outcome.Run : inCi ? Outcome.Fail : Outcome.Skip;

    /// <summary>Skips the test (outside CI) or fails it (in CI) when <paramref name="present"/> is false.</summary>
    public static void Require(bool present, string message)
    {
        switch (Decide(present, InCi))
        {
            case Outcome.Fail:
                Assert.Fail($"CI=true and a required part is missing: {message}");
                break;
            case Outcome.Skip:
                Assert.Skip(message);
                break;
        }
    }
}
