using System.Net.Http.Json;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// A supervisor finds conversations by what happened in them (the standard's behaviour tags) and
/// reads the customers most likely to leave dissatisfied first. Three samples: s-chat-001 (a calm,
/// well-handled chat), s-chat-007 (an annoyed customer the agent never apologises to) and
/// s-chat-012 (an angry complaint the agent apologises for, ending with the customer giving up).
/// </summary>
public sealed class FindingConversationsByBehaviourTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(HttpClient Client, string Agent, Dictionary<string, string> Ids)> ImportThreeAsync(ServiceCoachApp app)
    {
        var agent = $"b-{Guid.NewGuid():N}"[..12];
        var ids = new[] { "s-chat-001", "s-chat-007", "s-chat-012" }.ToDictionary(s => s, s => ReviewTestApp.UnsampledId(s));
        await app.ImportAndScoreAsync([.. ids.Select(kv => SampleConversations.Copy(kv.Key, kv.Value, agent))]);
        return (await app.ApiClientAsRoleAsync(Roles.QaInspector), agent, ids);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ListFilteredByTag_ShowsOnlyConversationsWithThatBehaviour_AndWithoutTagExcludesThem(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (client, agent, ids) = await ImportThreeAsync(app);
        using var _ = client;

        var upset = (await client.GetFromJsonAsync<ConversationList>($"/api/v1/conversations?agent={agent}&tag=customer-upset", Cancel))!;
        var upsetWithoutApology = (await client.GetFromJsonAsync<ConversationList>($"/api/v1/conversations?agent={agent}&tag=customer-upset&withoutTag=apology", Cancel))!;

        Assert.Equal([ids["s-chat-007"], ids["s-chat-012"]], upset.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.All(upset.Items, i => Assert.Contains("customer-upset", i.Tags));
        Assert.Equal([ids["s-chat-007"]], upsetWithoutApology.Items.Select(i => i.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task SortedByRisk_TheUnhappyCustomersComeFirst_AndEachRowCarriesItsRisk(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (client, agent, ids) = await ImportThreeAsync(app);
        using var _ = client;

        var page = (await client.GetFromJsonAsync<ConversationList>($"/api/v1/conversations?agent={agent}&sort=risk", Cancel))!;

        Assert.Equal(3, page.Items.Count);
        Assert.Equal(ids["s-chat-001"], page.Items[^1].Id);
        Assert.All(page.Items, i => Assert.InRange(i.DissatisfactionRisk!.Value, 0, 1));
        Assert.True(page.Items[0].DissatisfactionRisk > 0.5 && page.Items[^1].DissatisfactionRisk < 0.2,
            string.Join(", ", page.Items.Select(i => $"{i.Id}={i.DissatisfactionRisk}")));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ConversationsPage_OffersTheBehavioursAndTheRiskOrder(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (client, agent, ids) = await ImportThreeAsync(app);
        client.Dispose();
        using var session = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.QaInspector));

        var html = await session.GetPageAsync($"/conversations?agent={agent}&sort=risk&tag=customer-upset");

        Assert.Contains("客户不满 (customer-upset)", html);
        Assert.Contains("不满风险", html);
        Assert.Contains(ids["s-chat-012"], html);
        Assert.DoesNotContain(ids["s-chat-001"], html);
    }
}
