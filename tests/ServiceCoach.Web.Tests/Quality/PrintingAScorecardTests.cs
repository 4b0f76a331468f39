using System.Net;
using PdfSharp.Pdf.IO;
using ServiceCoach.Data;
using ServiceCoach.Pdf;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// A conversation's scorecard and the dashboard as PDFs (issue 13, item 3): whoever may open the
/// conversation downloads its scorecard from the conversation page, an agent only their own; the
/// dashboard's report covers what its viewer may see, with the page's filters.
/// </summary>
public sealed class PrintingAScorecardTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAgent_DownloadsTheirScorecardAsAPdf_ButNotAColleagues()
    {
        Assert.SkipUnless(CjkPdfFont.Available || Environment.GetEnvironmentVariable("CI") == "true",
            "No Chinese font for PDFs on this machine: install fonts-wqy-zenhei or fonts-noto-cjk (CI installs one).");
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        await using var db = await app.DbAsync();
        var agent = app.UserWithRole(Roles.Agent);
        var own = db.Conversations.Where(c => c.AgentCode == agent).OrderBy(c => c.Id).Select(c => c.ExternalId).First();
        var colleagues = db.Conversations.Where(c => c.AgentCode != null && c.AgentCode != agent).OrderBy(c => c.Id).Select(c => c.ExternalId).First();
        using var session = await CookieSession.SignInAsync(app, agent);

        var page = await session.GetPageAsync("/conversations/" + Uri.EscapeDataString(own));
        var response = await session.Client.GetAsync($"/conversations/{Uri.EscapeDataString(own)}/scorecard.pdf", Cancel);
        var refused = await session.Client.GetAsync($"/conversations/{Uri.EscapeDataString(colleagues)}/scorecard.pdf", Cancel);

        Assert.Contains("scorecard.pdf", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfReader.Open(await response.Content.ReadAsStreamAsync(Cancel), PdfDocumentOpenMode.Import);
        Assert.Contains(own, pdf.Info.Title, StringComparison.Ordinal);
        Assert.True(pdf.PageCount >= 1);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task ASupervisor_ExportsTheDashboardAsAPdfReport_AnAgentCannot()
    {
        Assert.SkipUnless(CjkPdfFont.Available || Environment.GetEnvironmentVariable("CI") == "true",
            "No Chinese font for PDFs on this machine: install fonts-wqy-zenhei or fonts-noto-cjk (CI installs one).");
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var supervisor = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Supervisor));
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));

        var page = await supervisor.GetPageAsync("/dashboard");
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"([^\"]*format=pdf[^\"]*)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        var response = await supervisor.Client.GetAsync(link, Cancel);
        var refused = await agent.Client.GetAsync(link, Cancel);

        Assert.StartsWith("/export/dashboard?format=pdf", link, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfReader.Open(await response.Content.ReadAsStreamAsync(Cancel), PdfDocumentOpenMode.Import);
        Assert.Contains("质检看板", pdf.Info.Title, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
