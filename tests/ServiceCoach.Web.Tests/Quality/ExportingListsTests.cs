using System.Net;
using System.Net.Http.Json;
using System.Text;
using MiniExcelLibs;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// Lists export to CSV and XLSX with the page's own filters, through the viewer's scope: an
/// export holds exactly the rows the list holds, and an agent's export only their own.
/// </summary>
public sealed class ExportingListsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AFilteredConversationList_ExportsToCsvAndXlsx_WithTheSameRowsAsTheList(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var api = await app.ApiClientAsRoleAsync(Roles.Admin);
        var list = (await api.GetFromJsonAsync<ConversationList>("/api/v1/conversations?grade=D&pageSize=200", Cancel))!;
        Assert.True(list.Total > 0);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));

        var page = await admin.GetPageAsync("/conversations?grade=D");
        Assert.Contains("/export/conversations?grade=D", page, StringComparison.Ordinal);
        Assert.Contains("format=xlsx", page, StringComparison.Ordinal);
        var csv = await admin.Client.GetAsync("/export/conversations?grade=D&format=csv", Cancel);
        var xlsx = await admin.Client.GetAsync("/export/conversations?grade=D&format=xlsx", Cancel);

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync(Cancel)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,channel,agent,team", lines[0], StringComparison.Ordinal);
        Assert.Equal(list.Total, lines.Length - 1);
        await using var stream = await xlsx.Content.ReadAsStreamAsync(Cancel);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancel);
        copy.Position = 0;
        var rows = copy.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(list.Total, rows.Count);
        Assert.Equal(list.Items.Select(i => i.Id).Order(StringComparer.Ordinal), rows.Select(r => (string)r["id"]).Take(list.Items.Count).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("D", r["grade"]));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AnAgentsExport_HoldsOnlyTheirOwnConversationsAndDisputes(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = app.UserWithRole(Roles.Agent);
        using var session = await CookieSession.SignInAsync(app, agent);

        var csv = Encoding.UTF8.GetString(await session.Client.GetByteArrayAsync("/export/conversations?format=csv", Cancel)).TrimStart('\uFEFF');
        var disputes = await session.Client.GetAsync("/export/disputes?format=csv", Cancel);
        var reviewQueue = await session.Client.GetAsync("/export/review?format=csv", Cancel);
        var badFormat = await session.Client.GetAsync("/export/conversations?format=pdf", Cancel);

        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(agent, r.Split(',')[2]));
        Assert.Equal(HttpStatusCode.OK, disputes.StatusCode);
        Assert.Contains("/account/access-denied", reviewQueue.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.True(badFormat.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, badFormat.StatusCode.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheDashboard_ExportsItsFigures_WithTheSameTotalsAsTheApi(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var api = await app.ApiClientAsRoleAsync(Roles.Admin);
        var figures = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/dashboard", Cancel);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));

        var csv = Encoding.UTF8.GetString(await admin.Client.GetByteArrayAsync("/export/dashboard?format=csv", Cancel)).TrimStart('\uFEFF');

        var totals = csv.Split("\r\n")[1].Split(',');
        Assert.Equal("totals", totals[0]);
        Assert.Equal(figures.GetProperty("totals").GetProperty("conversations").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), totals[3]);
        Assert.Contains("\r\ncheck,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void ACsvCell_ThatASpreadsheetWouldRunAsAFormula_IsWrittenAsText()
    {
        var csv = Encoding.UTF8.GetString(TableExport.Csv(["id", "note"], [["=HYPERLINK(\"x\")", "a,b"]])).TrimStart('\uFEFF');

        Assert.Equal("id,note\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a,b\"\r\n", csv);
    }
}
