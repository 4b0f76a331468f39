using System.Net;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Standards;

/// <summary>
/// A QA lead uploads a labelled sample and sees, per behaviour, how closely the active standard
/// follows the team's judgement, with the disagreeing conversations named. s-chat-001 is a calm chat
/// with a greeting and no apology; s-chat-007 greets an annoyed customer and never apologises.
/// </summary>
public sealed class ComparingTheStandardWithLabelsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string Conversations = string.Join("\n",
        SampleConversations.Copy("s-chat-001", "calm"), SampleConversations.Copy("s-chat-007", "annoyed"));

    // The team says the calm chat had an apology: a disagreement the page must name.
    private const string Labels = """
        {"id": "calm", "greeting": true, "apology": true, "customer_upset": false}
        {"id": "annoyed", "greeting": true, "apology": false, "customer_upset": true}
        {"id": "broken", "greeting": maybe}
        """;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task QaInspector_UploadsLabels_AndSeesAgreementPerBehaviour_WithTheDisagreementsNamed(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var qa = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var response = await qa.PostFilesAsync("/standards/evaluate", "/standards/evaluate",
            [("conversations", "sample.jsonl", Conversations), ("labels", "labels.jsonl", Labels)],
            new() { ["_handler"] = "evaluate" });
        var html = await CookieSession.TextAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("结果：2 个有标注的会话", html);
        Assert.Matches(@"data-testid=""balanced-greeting"">100\.0%<", html);
        Assert.Matches(@"data-testid=""balanced-customer_upset"">100\.0%<", html);
        Assert.Matches(@"data-testid=""balanced-apology"">50\.0%<", html);
        Assert.Matches(@"漏判：<span class=""badge fail"">calm</span>", html);
        Assert.Contains("labels.jsonl", html); // the unreadable line is reported with its place
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnAgent_MayNotOpenTheComparison(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var page = await agent.Client.GetAsync("/standards/evaluate", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/access-denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
