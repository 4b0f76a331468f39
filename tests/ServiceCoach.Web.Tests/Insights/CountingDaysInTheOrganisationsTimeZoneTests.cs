using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Data;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Insights;

/// <summary>
/// The organisation's one time zone (Organisation:TimeZone): the dashboard counts a conversation
/// on the day it started there, the list filters and shows the same day, and a conversation
/// without a start time counts (and is listed) on the day it was imported.
/// </summary>
public sealed partial class CountingDaysInTheOrganisationsTimeZoneTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>2026-03-05 00:00 UTC: 08:00 in Shanghai, the same day in both zones.</summary>
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Asia/Shanghai", "2026-03-02", "2026-03-01", "2026-03-02 01:30", "UTC+08:00")]
    [InlineData("UTC", "2026-03-01", "2026-03-02", "2026-03-01 17:30", "UTC+00:00")]
    public async Task AConversationStartingAt1730Utc_CountsAndListsOnItsDayInTheOrganisationsZone(
        string zone, string day, string otherDay, string shownStart, string offset)
    {
        await using var app = await ServiceCoachApp.StartAsync(
            DatabaseProvider.Sqlite, seedDemo: false, clock: new FakeTimeProvider(Now),
            settings: new() { [OrganisationTime.ConfigurationKey] = zone });
        var id = $"tz-{Guid.NewGuid():N}";
        await ImportAsync(app, Line(id, ",\"startTime\":\"2026-03-01T17:30:00Z\""));
        using var admin = await CookieSession.SignInAsync(app, DemoSeeder.AdminUserName);

        var dashboard = await admin.GetPageAsync($"/dashboard?from={day}&to={day}");
        var otherDashboard = await admin.GetPageAsync($"/dashboard?from={otherDay}&to={otherDay}");
        var list = await admin.GetPageAsync($"/conversations?from={day}&to={day}");
        var otherList = await admin.GetPageAsync($"/conversations?from={otherDay}&to={otherDay}");

        Assert.Equal(1, Conversations(dashboard));
        Assert.Equal(0, Conversations(otherDashboard));
        Assert.Contains(offset, dashboard, StringComparison.Ordinal);
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Contains(shownStart, list, StringComparison.Ordinal);
        Assert.DoesNotContain(id, otherList, StringComparison.Ordinal);
        Assert.Contains(shownStart, await admin.GetPageAsync($"/conversations/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConversationWithoutAStartTime_IsCountedAndListedOnTheDayItWasImported()
    {
        await using var app = await ServiceCoachApp.StartAsync(
            DatabaseProvider.Sqlite, seedDemo: false, clock: new FakeTimeProvider(Now),
            settings: new() { [OrganisationTime.ConfigurationKey] = "Asia/Shanghai" });
        var id = $"tz-{Guid.NewGuid():N}";
        await ImportAsync(app, Line(id, ""));
        using var admin = await CookieSession.SignInAsync(app, DemoSeeder.AdminUserName);

        // Imported at 2026-03-05 08:00 in Shanghai: the dashboard's day, and the day its drill-down list covers.
        var dashboard = await admin.GetPageAsync("/dashboard?from=2026-03-05&to=2026-03-05");
        var list = await admin.GetPageAsync("/conversations?from=2026-03-05&to=2026-03-05");

        Assert.Equal(1, Conversations(dashboard));
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.DoesNotContain(id, await admin.GetPageAsync("/conversations?from=2026-03-04&to=2026-03-04"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownZone_FailsWithAMessageNamingTheSettingAndTheValue()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OrganisationTime.FromId("Mars/Olympus_Mons"));

        Assert.Contains(OrganisationTime.ConfigurationKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus_Mons", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoZoneConfigured_MeansChinaStandardTime()
    {
        var time = OrganisationTime.FromId(null);

        Assert.Equal(new DateOnly(2026, 3, 2), time.LocalDate(new DateTime(2026, 3, 1, 17, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 3, 1, 16, 0, 0, DateTimeKind.Utc), time.StartOfDayUtc(new DateOnly(2026, 3, 2)));
    }

    private static string Line(string id, string members) =>
        "{\"id\":\"" + id + "\",\"agentId\":\"tz-agent\"" + members +
        ",\"turns\":[{\"speaker\":\"customer\",\"text\":\"你好\"},{\"speaker\":\"agent\",\"text\":\"您好，请问有什么可以帮您？\"}]}";

    private static async Task ImportAsync(ServiceCoachApp app, string line)
    {
        using var client = await app.ApiClientAsAsync(DemoSeeder.AdminUserName);
        var response = await client.PostAsync("/api/v1/conversations", SampleConversations.NdJson(line), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.RunScoringAsync();
    }

    private static int Conversations(string dashboardHtml) =>
        int.Parse(ConversationsFigure().Match(dashboardHtml).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("data-testid=\"conversations\">(\\d+)<")]
    private static partial Regex ConversationsFigure();
}
