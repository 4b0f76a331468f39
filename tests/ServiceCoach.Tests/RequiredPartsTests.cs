using ServiceCoach.Testing;

namespace ServiceCoach.Tests;

/// <summary>A missing PostgreSQL, Chromium or ../shared skips a test on a developer's machine and fails it in CI.</summary>
public sealed class RequiredPartsTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsCi_ReadsTheCiVariableAsCiServicesSetIt(string? value, bool expected) =>
        Assert.Equal(expected, RequiredParts.IsCi(value));

    [Theory]
    [InlineData(false, true, "Fail")]
    [InlineData(false, false, "Skip")]
    [InlineData(true, true, "Run")]
    [InlineData(true, false, "Run")]
    public void AMissingPart_FailsInCi_AndIsSkippedElsewhere(bool present, bool inCi, string expected) =>
        Assert.Equal(expected, RequiredParts.Decide(present, inCi).ToString());

    [Fact]
    public void TheCiScript_FailsOnAFailedInstallOrAMissingPart_AndDeclaresCi()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".ci", "run"));

        Assert.DoesNotContain("chromium-driver", script, StringComparison.Ordinal);
        Assert.Contains("export CI=", script, StringComparison.Ordinal);
        Assert.Contains("package installation failed", script, StringComparison.Ordinal);
        Assert.Matches(@"package installation failed[^\n]*\n[^\n]*exit 1", script);
    }
}
