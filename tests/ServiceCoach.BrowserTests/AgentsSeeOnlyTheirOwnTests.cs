using System.Net.Http.Json;
using Microsoft.Playwright;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AgentsSeeOnlyTheirOwnTests(BrowserFixture browser)
{
    /// <summary>
    /// An agent who types another agent's conversation into the address bar gets the not-found
    /// page and none of that conversation's words; their own conversation opens with its transcript.
    /// </summary>
    [Fact]
    public async Task Agent_CannotOpenAnotherAgentsConversationByUrl_ButCanOpenTheirOwn()
    {
        BrowserFixture.SkipWithoutBrowser();
        var agent = browser.App.UserWithRole(Roles.Agent);
        var cancel = TestContext.Current.CancellationToken;
        using var admin = await browser.App.ApiClientAsRoleAsync(Roles.Admin);
        var all = (await admin.GetFromJsonAsync<ConversationList>("/api/v1/conversations?pageSize=200", cancel))!.Items;
        var someoneElses = all.First(c => c.AgentId is not null && c.AgentId != agent);
        var own = all.First(c => c.AgentId == agent);
        var theirWords = (await admin.GetFromJsonAsync<ConversationDetailResponse>($"/api/v1/conversations/{someoneElses.Id}", cancel))!
            .Turns.Select(t => t.Text).Where(t => t.Length >= 8).ToList();
        var ownWords = (await admin.GetFromJsonAsync<ConversationDetailResponse>($"/api/v1/conversations/{own.Id}", cancel))!
            .Turns.Select(t => t.Text).First(t => t.Length >= 8);
        Assert.NotEmpty(theirWords);
        var page = await browser.SignedInPageAsync(agent);

        await page.GotoAsync($"/conversations/{Uri.EscapeDataString(someoneElses.Id)}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "未找到" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("此会话不存在，或者您无权查看");
        await Assertions.Expect(page.Locator(".transcript")).ToHaveCountAsync(0);
        var shown = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(theirWords, words => shown.Contains(words, StringComparison.Ordinal));
        Assert.DoesNotContain(someoneElses.AgentId!, shown);

        await page.GotoAsync($"/conversations/{Uri.EscapeDataString(own.Id)}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"会话 {own.Id}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".transcript")).ToContainTextAsync(ownWords);
        await page.Context.CloseAsync();
    }
}
