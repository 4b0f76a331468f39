using System.Net;
using PdfSharp.Pdf.IO;
using ServiceCoach.Data;
using ServiceCoach.Pdf;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// A conversation's scorecard as a PDF (issue 13, item 3): whoever may open the conversation downloads
/// it from the conversation page; an agent only their own; a long transcript flows over several pages.
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
}
