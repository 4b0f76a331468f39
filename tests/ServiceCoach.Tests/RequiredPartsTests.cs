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

    [Fact]
    public void AMissingPart_InCi_FailsTheTest()
    {
        var failure = Assert.ThrowsAny<Exception>(() => RequiredParts.Require(false, "no PostgreSQL", inCi: true));

        Assert.DoesNotContain("$XunitDynamicSkip$", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CI=true", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no PostgreSQL", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingPart_OutsideCi_SkipsWithTheMessage()
    {
        var skip = Assert.ThrowsAny<Exception>(() => RequiredParts.Require(false, "no Chromium", inCi: false));

        Assert.StartsWith("$XunitDynamicSkip$", skip.Message, StringComparison.Ordinal);
        Assert.Contains("no Chromium", skip.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APresentPart_NeitherSkipsNorFails()
    {
        RequiredParts.Require(true, "present", inCi: true);
        RequiredParts.Require(true, "present", inCi: false);
    }

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
