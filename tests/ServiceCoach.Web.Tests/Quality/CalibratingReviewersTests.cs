using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

public sealed class CalibratingReviewersTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Two reviewers, two conversations. Both judge every check as the engine did, except
    /// jargon-ratio: on the first conversation (engine: fail) both say fail; on the second (engine:
    /// pass) one says pass and the other fail. For jargon-ratio that is P̄ = (1 + 0) / 2 = 0.5,
    /// category shares fail 3/4 and pass 1/4 so P̄e = 0.625, κ = (0.5 − 0.625) / 0.375 = −1/3,
    /// and 3 of the 4 judgements agree with the engine.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task HandMadeRound_ShowsAgreementBetweenReviewersAndWithTheEngine(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var first = ReviewTestApp.UnsampledId("cal-a");
        var second = ReviewTestApp.UnsampledId("cal-b");
        await app.ImportAndScoreAsync(SampleConversations.Copy("s-chat-030", first), SampleConversations.Copy("s-chat-001", second));
        var engine = new Dictionary<string, Dictionary<string, string>>
        {
            [first] = await EngineOutcomesAsync(app, first),
            [second] = await EngineOutcomesAsync(app, second),
        };
        Assert.Equal(("fail", "pass"), (engine[first]["jargon-ratio"], engine[second]["jargon-ratio"]));
        var inspector = app.UserWithRole(Roles.QaInspector);
        using var qa = await CookieSession.SignInAsync(app, inspector);
        using var admin = await CookieSession.SignInAsync(app, DemoSeeder.AdminUserName);

        // Created on the page: named conversations, two reviewers.
        var form = await qa.GetPageAsync("/calibration");
        var created = await qa.PostFormAsync("/calibration", "/calibration", new KeyValuePair<string, string>[]
        {
            new("_handler", "create-calibration"),
            new("Form.Name", "术语判断校准"),
            new("Form.Count", "10"),
            new("Form.ConversationIds", $"{first}\n{second}"),
            new("reviewer", ReviewerId(form, inspector)),
            new("reviewer", ReviewerId(form, DemoSeeder.AdminUserName)),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var session = PathOf(created);
        Assert.Matches("^/calibration/[0-9]+$", session);
        var sessionId = session["/calibration/".Length..];
        var sessionPage = await qa.GetPageAsync(session);
        var conversationIds = new Dictionary<string, string>
        {
            [first] = Regex.Match(sessionPage, $"href=\"{session}/conversations/([0-9]+)\">{first}<").Groups[1].Value,
            [second] = Regex.Match(sessionPage, $"href=\"{session}/conversations/([0-9]+)\">{second}<").Groups[1].Value,
        };

        async Task JudgeAsync(CookieSession reviewer, string conversation, string jargon)
        {
            var page = $"{session}/conversations/{conversationIds[conversation]}";
            var fields = engine[conversation].Select(c => new KeyValuePair<string, string>($"outcome.{c.Key}", c.Key == "jargon-ratio" ? jargon : c.Value)).ToList();
            var response = await reviewer.PostFormAsync(page, $"{page}/judgements", fields);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.DoesNotContain("error", response.Headers.Location!.ToString());
        }

        await JudgeAsync(qa, first, "fail");
        await JudgeAsync(admin, first, "fail");
        await JudgeAsync(admin, second, "fail");

        // Blind: the inspector's form shows neither the engine's outcome nor the admin's judgement.
        var blind = await qa.GetPageAsync($"{session}/conversations/{conversationIds[second]}");
        Assert.Contains("jargon-ratio", blind);
        Assert.DoesNotContain("checked", blind);
        Assert.DoesNotContain("<mark", blind);
        Assert.DoesNotContain("data-testid=\"outcome-", blind);
        using var qaApi = await app.ApiClientAsAsync(inspector);
        Assert.Equal(HttpStatusCode.Conflict, (await qaApi.GetAsync($"/api/v1/calibration-sessions/{sessionId}/results", Cancel)).StatusCode);

        await JudgeAsync(qa, second, "pass");
        var closed = await qa.PostFormAsync(session, session, new() { ["_handler"] = "close-calibration" });
        Assert.Contains("Fleiss", await CookieSession.TextAsync(closed));

        var results = (await qaApi.GetFromJsonAsync<CalibrationResultsResponse>($"/api/v1/calibration-sessions/{sessionId}/results", Cancel))!;
        var jargonRatio = results.Checks.Single(c => c.CheckId == "jargon-ratio").Agreement;
        Assert.Equal((2, 4), (jargonRatio.Subjects, jargonRatio.Judgements));
        Assert.Equal(0.5, jargonRatio.PercentAgreement, 10);
        Assert.Equal(-1.0 / 3, jargonRatio.FleissKappa!.Value, 10);
        Assert.Equal(0.75, jargonRatio.EngineAgreement!.Value, 10);
        var checks = engine[first].Count;
        Assert.Equal((2 * checks, 4 * checks), (results.Overall.Subjects, results.Overall.Judgements));
        Assert.Equal(1 - (1.0 / (2 * checks)), results.Overall.PercentAgreement, 10);
        Assert.Equal(1 - (1.0 / (4 * checks)), results.Overall.EngineAgreement!.Value, 10);
        var worst = results.MostDisagreement[0];
        Assert.Equal((second, "jargon-ratio", 1, 1, "pass"), (worst.ConversationId, worst.CheckId, worst.Pass, worst.Fail, worst.EngineOutcome));
        Assert.Single(results.MostDisagreement);

        // Beside κ, which collapses on skewed outcomes: Gwet's AC1 over the pass/fail/n-a scale and the fail share.
        // Pa = 0.5; prevalence pass 1/4, fail 3/4, n/a 0; Pe = (¼·¾ + ¾·¼ + 0) / 2 = 0.1875; AC1 = 0.3125 / 0.8125 = 5/13.
        Assert.Equal(5.0 / 13, jargonRatio.GwetAc1!.Value, 10);
        Assert.Equal(0.75, jargonRatio.FailShare!.Value, 10);

        // The engine column is the scorecard as it stands: a reviewer's override replaces the engine's outcome.
        var decision = await admin.PostFormAsync($"/conversations/{second}", $"/conversations/{second}/checks/jargon-ratio/decision",
            new() { ["outcome"] = "fail", ["comment"] = "术语过多" });
        Assert.Equal(HttpStatusCode.Redirect, decision.StatusCode);
        var afterOverride = (await qaApi.GetFromJsonAsync<CalibrationResultsResponse>($"/api/v1/calibration-sessions/{sessionId}/results", Cancel))!;
        Assert.Equal("fail", afterOverride.MostDisagreement.Single(d => d.ConversationId == second && d.CheckId == "jargon-ratio").EngineOutcome);

        // Someone who takes no part sees nothing of it.
        using var supervisor = await app.ApiClientAsRoleAsync(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/calibration-sessions/{sessionId}/results", Cancel)).StatusCode);
        using var supervisorPage = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Supervisor));
        Assert.Contains("此校准不存在，或者您没有参加", await supervisorPage.GetPageAsync(session));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task CreatingARound_ExplainsWhatIsMissing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var inspector = app.UserWithRole(Roles.QaInspector);
        using var qa = await CookieSession.SignInAsync(app, inspector);
        var form = await qa.GetPageAsync("/calibration");

        var response = await qa.PostFormAsync("/calibration", "/calibration", new KeyValuePair<string, string>[]
        {
            new("_handler", "create-calibration"),
            new("Form.Name", ""),
            new("Form.Count", "5"),
            new("Form.ConversationIds", "no-such-conversation"),
            new("reviewer", ReviewerId(form, inspector)),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await CookieSession.TextAsync(response);
        Assert.Contains("请填写校准名称", html);
        Assert.Contains("请至少选择两位质检员", html);
        Assert.Contains("no-such-conversation", html);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task RandomRound_PicksScoredConversations(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var inspector = app.UserWithRole(Roles.QaInspector);
        using var qa = await CookieSession.SignInAsync(app, inspector);
        var form = await qa.GetPageAsync("/calibration");

        var response = await qa.PostFormAsync("/calibration", "/calibration", new KeyValuePair<string, string>[]
        {
            new("_handler", "create-calibration"),
            new("Form.Name", "随机 5 个 D 级"),
            new("Form.Count", "5"),
            new("Form.Grade", "D"),
            new("reviewer", ReviewerId(form, inspector)),
            new("reviewer", ReviewerId(form, DemoSeeder.AdminUserName)),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await qa.GetPageAsync(PathOf(response));
        Assert.Contains("5 个会话", page);
        using var api = await app.ApiClientAsAsync(inspector);
        var listed = (await api.GetFromJsonAsync<CalibrationSessionResponse[]>("/api/v1/calibration-sessions", Cancel))!;
        Assert.Contains(listed, s => s.Name == "随机 5 个 D 级" && s.Conversations == 5 && s.Reviewers == 2 && !s.Closed);
    }

    private static string PathOf(HttpResponseMessage redirect) =>
        redirect.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.AbsolutePath : redirect.Headers.Location!.ToString();

    /// <summary>A reviewer's user id, read from the checkbox the creation form renders for them.</summary>
    private static string ReviewerId(string html, string userName)
    {
        var match = Regex.Match(html, $"value=\"([^\"]+)\"[^>]*>\\s*[^<]*\\({Regex.Escape(userName)} ·");
        Assert.True(match.Success, $"No reviewer checkbox for {userName}.");
        return match.Groups[1].Value;
    }

    private static async Task<Dictionary<string, string>> EngineOutcomesAsync(ServiceCoachApp app, string id)
    {
        using var client = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        using var scorecard = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/conversations/{id}/scorecard", Cancel));
        return scorecard.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("outcome").GetString()!, StringComparer.Ordinal);
    }
}
