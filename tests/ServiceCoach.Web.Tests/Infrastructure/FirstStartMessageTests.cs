namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>The first-start message names the address the server really listens on, not always port 5080.</summary>
public sealed class FirstStartMessageTests
{
    [Theory]
    [InlineData(null, "http://127.0.0.1:5080/")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080/")]
    [InlineData("http://*:9000;https://*:9001", "http://localhost:9000/")]
    [InlineData("http://+:80", "http://localhost:80/")]
    [InlineData("https://qa.example.com/", "https://qa.example.com/")]
    public void TheSignInAddress_IsTheFirstAddressListenedOn(string? urls, string expected) =>
        Assert.Equal(expected, Startup.SignInAddress(urls));
}
