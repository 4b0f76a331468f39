using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Standards;
using ServiceCoach.Users;
using ServiceCoach.Web.Standards;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Standards;

/// <summary>
/// A draft standard can cost far more per conversation than the active one. Trying it (what-if)
/// leaves the conversations it cannot score within the budget out of the comparison and names them,
/// instead of failing the whole trial.
/// </summary>
public sealed class TryingADraftThatCostsTooMuchTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const long Budget = 200_000;

    /// <summary>Every agent turn compared by edit distance with a ~2,000-character example that no threshold prunes.</summary>
    private static readonly (string From, string To) CostlyGreeting = (
        "    turns: {first: 1}\n    operators:\n      - phrase: {lexicons: [salutation]}\n  starts-mid-session:",
        "    operators:\n      - similarity: {examples: [" + string.Concat(Enumerable.Repeat("请问还有什么可以帮您", 199)) + "], method: edit, threshold: 0}\n  starts-mid-session:");

    [Fact]
    public async Task WhatIf_WithADraftOverTheBudget_LeavesThoseConversationsOut_AndSaysWhich()
    {
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, settings: new() { [ScoringBudget.ConfigurationKey] = Budget.ToString(CultureInfo.InvariantCulture) });
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var uploaded = await qa.PostAsync("/api/v1/standards", StandardFiles.Yaml(StandardFiles.DefaultAs("test-costly", CostlyGreeting)), Cancel);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var draft = (await uploaded.Content.ReadFromJsonAsync<StandardVersionItem>(Cancel))!;

        var response = await qa.PostAsync($"/api/v1/standards/{draft.Id}/what-if?sample=20", null, Cancel);
        using var page = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));
        var html = await page.GetPageAsync($"/standards/{draft.Id}/what-if?sample=20");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<WhatIfReport>(Cancel))!;
        Assert.NotEmpty(report.Unscored);
        Assert.All(report.Unscored, u => Assert.Contains("200,000", u.Reason, StringComparison.Ordinal));
        Assert.Equal(20 - report.Unscored.Count, report.Grades.Sum(g => g.After));
        Assert.Contains("data-testid=\"unscored\"", html, StringComparison.Ordinal);
        Assert.Contains(report.Unscored[0].ConversationId, html, StringComparison.Ordinal);
    }
}
