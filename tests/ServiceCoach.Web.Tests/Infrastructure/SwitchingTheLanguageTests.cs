using System.Net;
using System.Text.RegularExpressions;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>
/// A supervisor switches between 简体, 繁體 and English from any page and stays on it; a Taiwan browser gets
/// 繁體中文 without choosing.
/// </summary>
public sealed partial class SwitchingTheLanguageTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("zh-Hant", "會話與質檢", "覆核佇列")]
    [InlineData("en", "Conversations", "Review queue")]
    [InlineData("zh-CN", "会话与质检", "复核队列")]
    public async Task TheSwitch_ReturnsToTheSamePage_InTheChosenLanguage(string culture, string conversations, string reviewQueue)
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Supervisor));
        const string page = "/conversations?q=1";

        var raw = await session.Client.GetStringAsync(page, Cancel);
        Assert.DoesNotContain("&amp;amp;", raw, StringComparison.Ordinal);
        var link = SwitchLink().Matches(raw).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .SingleOrDefault(href => href.StartsWith($"/culture?c={culture}&", StringComparison.Ordinal));
        if (culture == "zh-CN")
        {
            // The current language is shown, not linked: switch away first, then back.
            Assert.Null(link);
            await session.Client.GetAsync("/culture?c=en&redirect=%2F", Cancel);
            raw = await session.Client.GetStringAsync(page, Cancel);
            link = SwitchLink().Matches(raw).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
                .Single(href => href.StartsWith("/culture?c=zh-CN&", StringComparison.Ordinal));
        }

        using var response = await session.Client.GetAsync(link, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(page, response.Headers.Location!.ToString());
        var html = await session.GetPageAsync(page);
        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains(conversations, html, StringComparison.Ordinal);
        Assert.Contains(reviewQueue, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPageInTraditionalAndEnglish_UsesOnlyKeysTheResourceFilesHave()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        string[] pages = ["/", "/conversations", "/conversations/demo-w0-s-chat-001", "/review", "/review/rules", "/import", "/calibration", "/disputes", "/standards", "/standards/evaluate", "/dashboard", "/complaints", "/complaints/groups", "/complaints/new", "/notifications", "/training", "/training/bank", "/training/exams", "/training/programmes", "/training/cohorts", "/training/grading", "/admin/users", "/admin/audit", "/account/tokens"];

        foreach (var culture in new[] { "zh-Hant", "en" })
        {
            await session.Client.GetAsync($"/culture?c={culture}&redirect=%2F", Cancel);
            foreach (var page in pages)
            {
                await session.Client.GetAsync(page, Cancel);
            }
        }

        // ResourceFilesTests adds (and removes) a key of its own that starts with 这句话没有翻译.
        var missing = Localization.MissingKeys.Where(k => !k.Key.StartsWith("这句话没有翻译", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Missing: " + string.Join(", ", missing.Select(k => $"{k.Value}: \"{k.Key}\"")));
    }

    [Theory]
    [InlineData("zh-TW,zh;q=0.9,en;q=0.8", "zh-Hant")]
    [InlineData("zh-HK", "zh-Hant")]
    [InlineData("en-US,en;q=0.9", "zh-CN")]
    [InlineData("zh-CN,zh;q=0.9", "zh-CN")]
    public async Task ABrowserWithoutAChoice_GetsTraditionalOnlyForTaiwanHongKongOrMacau(string acceptLanguage, string culture)
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        using var response = await client.SendAsync(request, Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACookieSayingTaiwan_ChoosesTraditional()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-TW%7Cuic%3Dzh-TW");

        using var response = await client.SendAsync(request, Cancel);

        Assert.Contains("<html lang=\"zh-Hant\"", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-Hant")]
    [InlineData("zh-CN")]
    public async Task TheSwitch_WithARedirectToAnotherSite_GoesHome(string culture)
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var target in new[] { "//evil.example/x", "/\\evil.example", "https://evil.example/" })
        {
            using var response = await client.GetAsync($"/culture?c={culture}&redirect={Uri.EscapeDataString(target)}", Cancel);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location!.ToString());
        }
    }

    [GeneratedRegex("<a class=\"lang\" href=\"([^\"]*)\"")]
    private static partial Regex SwitchLink();
}
