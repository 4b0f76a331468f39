using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// A reader checks what the scorecard says against the transcript: turn numbers are on the
/// transcript so "第 2 轮" can be found (and is a link to it), a header with missing fields reads
/// cleanly, a check that applies because of the customer names the customer's message, bonus checks are not reported as failures on the dashboard, and the dashboard's
/// drill-down links keep its date range.
/// </summary>
public sealed partial class CheckingTheEvidenceTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task ATranscriptWithoutTimes_NumbersItsTurns_AndEvidenceLinksToThem_AndTheHeaderHasNoEmptyFields()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var id = ReviewTestApp.UnsampledId("evidence");
        var line = JsonSerializer.Serialize(new
        {
            id,
            channel = "chat",
            agentId = "a-evidence",
            turns = new object[]
            {
                new { speaker = "customer", text = "在吗" },
                new { speaker = "agent", text = "你必须先提供订单号" },
                new { speaker = "customer", text = "你们太慢了，我要投诉" },
                new { speaker = "agent", text = "订单号多少" },
            },
        }, Options);
        await app.ImportAndScoreAsync(line);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var html = await session.GetPageAsync($"/conversations/{id}");

        for (var turn = 1; turn <= 4; turn++)
        {
            Assert.Contains($"id=\"turn-{turn}\"", html);
        }

        Assert.Matches("<a href=\"[^\"]*#turn-\\d+\">第 \\d+ 轮</a>", html);
        Assert.DoesNotMatch(EmptyField(), html);
    }

    [Fact]
    public async Task AFailedApologyCheck_SaysWhichCustomerMessageMadeItApply()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var id = ReviewTestApp.UnsampledId("trigger");
        var line = JsonSerializer.Serialize(new
        {
            id,
            channel = "chat",
            agentId = "a-trigger",
            turns = new object[]
            {
                new { speaker = "customer", text = "在吗" },
                new { speaker = "agent", text = "您好，请讲" },
                new { speaker = "customer", text = "用了一次 声音太大了 受不了" },
                new { speaker = "agent", text = "订单号多少" },
            },
        }, Options);
        await app.ImportAndScoreAsync(line);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var html = await session.GetPageAsync($"/conversations/{id}");

        Assert.Matches("data-testid=\"trigger-apology\"><a href=\"[^\"]*#turn-3\">因客户第 3 轮『[^』]*受不了[^』]*』而适用</a>", html);
    }

    [Fact]
    public async Task InEnglish_AFailedCheck_ShowsTheStandardsEnglishNameMessageAndSuggestion()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var id = ReviewTestApp.UnsampledId("english");
        var line = JsonSerializer.Serialize(new
        {
            id,
            channel = "chat",
            agentId = "a-english",
            turns = new object[]
            {
                new { speaker = "customer", text = "在吗" },
                new { speaker = "agent", text = "您好，请讲" },
                new { speaker = "customer", text = "用了一次 声音太大了 受不了" },
                new { speaker = "agent", text = "订单号多少" },
            },
        }, Options);
        await app.ImportAndScoreAsync(line);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        await session.Client.GetAsync("/culture?c=en&redirect=%2F", TestContext.Current.CancellationToken);

        var html = await session.GetPageAsync($"/conversations/{id}");

        var failure = FailedItem(html, "apology");
        Assert.Contains("<strong>Apology</strong>", failure, StringComparison.Ordinal);
        Assert.Contains("No apology after the customer expressed dissatisfaction", failure, StringComparison.Ordinal);
        Assert.Contains("very sorry for the inconvenience", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("客户表达不满后没有致歉", failure, StringComparison.Ordinal);
        Assert.Contains("Service norms", html, StringComparison.Ordinal);
        Assert.DoesNotContain("服务规范", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InEnglish_TheDashboard_NamesChecksAndGradesInEnglish()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        await session.Client.GetAsync("/culture?c=en&redirect=%2F", TestContext.Current.CancellationToken);

        var html = await session.GetPageAsync("/dashboard");

        Assert.Contains("Greeting <code>greeting</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("首句问候", html, StringComparison.Ordinal);
        Assert.Matches("class=\"grade grade-[A-D]\">[A-D]</span> (Excellent|Good|Pass|Fail)</td>", html);
        Assert.DoesNotContain("不合格</td>", html, StringComparison.Ordinal);
    }

    private static string FailedItem(string html, string checkId)
    {
        var start = html.IndexOf($"<li id=\"failed-{checkId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"failed-{checkId} is listed");
        return html[start..html.IndexOf("</li>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task TheDashboard_ShowsBonusChecksApartFromFailures_AndItsLinksKeepTheDateRange()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var html = await session.GetPageAsync("/dashboard?from=2026-01-01&to=2026-12-31");

        Assert.DoesNotContain("id=\"check-customer-praise\"", html);
        Assert.Contains("id=\"bonus-customer-praise\"", html);
        Assert.Matches("href=\"/conversations\\?failedCheck=[^\"]*&(amp;)?from=2026-01-01&(amp;)?to=2026-12-31\"", html);
    }

    [GeneratedRegex("·\\s*·")]
    private static partial Regex EmptyField();
}
