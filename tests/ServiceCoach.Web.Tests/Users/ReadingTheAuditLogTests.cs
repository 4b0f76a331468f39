using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Users;

namespace ServiceCoach.Web.Tests.Users;

public sealed class ReadingTheAuditLogTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheApi_ListsNewestFirst_FilteredByActionUserAndDate_AndPaged(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var adminName = app.UserWithRole(Roles.Admin);
        var (first, second) = await CreateTwoTeamsAsync(app);
        using var admin = await app.ApiClientAsAsync(adminName);

        var newestTwo = await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?action=team.create&user={adminName}&pageSize=2", Cancel);
        var secondPage = await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?action=team.create&user={adminName}&pageSize=1&page=2", Cancel);
        var family = await admin.GetFromJsonAsync<AuditPage>("/api/v1/audit?action=team", Cancel);
        var someoneElse = await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?action=team.create&user={app.UserWithRole(Roles.QaInspector)}", Cancel);
        var latest = newestTwo!.Items[0].At;
        var afterLatest = await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?action=team.create&from={Time(latest.AddSeconds(1))}", Cancel);
        var upToLatest = await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?action=team.create&to={Time(latest.AddSeconds(1))}", Cancel);
        var fromLatest = await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?action=team.create&from={Time(latest)}", Cancel);

        Assert.Equal([second, first], newestTwo.Items.Select(i => i.Details.GetProperty("name").GetString()));
        Assert.True(newestTwo.Total >= 2);
        Assert.Equal((1, first), (secondPage!.Items.Count, secondPage.Items[0].Details.GetProperty("name").GetString()));
        Assert.Equal(("team", adminName, "team.create"), (newestTwo.Items[0].EntityType, newestTwo.Items[0].User, newestTwo.Items[0].Action));
        Assert.Equal(newestTwo.Total, family!.Total);
        Assert.Equal(0, someoneElse!.Total);
        Assert.Equal(0, afterLatest!.Total);
        Assert.Equal(newestTwo.Total, upToLatest!.Total);
        Assert.Contains(fromLatest!.Items, i => i.Details.GetProperty("name").GetString() == second);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ThePage_ShowsTheFilteredEntriesNewestFirst_AndSaysPlainlyWhenADateIsWrong(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (first, second) = await CreateTwoTeamsAsync(app);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));

        var html = await admin.GetPageAsync("/admin/audit?action=team.create");
        var wrongDate = await admin.GetPageAsync("/admin/audit?from=yesterday");

        Assert.True(html.IndexOf(second, StringComparison.Ordinal) is > 0 and var at && at < html.IndexOf(first, StringComparison.Ordinal));
        Assert.Contains("日期格式应为", wrongDate);
    }

    [Fact]
    public async Task ThePage_NamesActionsInWords_AndShowsDetailsAsFieldsNotJson()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var (_, second) = await CreateTwoTeamsAsync(app);
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));

        var html = await admin.GetPageAsync("/admin/audit?action=team.create");

        Assert.Contains("新建团队", html);
        Assert.Contains("name: " + second, html);
        Assert.DoesNotContain("{\"name\":", html);
    }

    [Fact]
    public async Task ApiAndPage_AreForAdministratorsOnly()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);

        Assert.Equal(HttpStatusCode.Forbidden, (await qa.GetAsync("/api/v1/audit", Cancel)).StatusCode);
    }

    /// <summary>Two audited team creations through the users page, the second after the first; each call's names are new.</summary>
    private static async Task<(string First, string Second)> CreateTwoTeamsAsync(ServiceCoachApp app)
    {
        using var admin = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var names = (First: "审计组A " + AdministeringUsersTests.NewName(), Second: "审计组B " + AdministeringUsersTests.NewName());
        foreach (var name in new[] { names.First, names.Second })
        {
            var response = await admin.PostFormAsync("/admin/users", "/admin/users", new() { ["_handler"] = "create-team", ["NewTeam.Name"] = name });
            Assert.Contains($"已新建团队「{name}」", await CookieSession.TextAsync(response));
        }

        return names;
    }

    private static string Time(DateTime utc) => Uri.EscapeDataString(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
