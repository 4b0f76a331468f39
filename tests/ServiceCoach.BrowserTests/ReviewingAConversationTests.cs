using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ServiceCoach.Users;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ReviewingAConversationTests(BrowserFixture browser)
{
    /// <summary>
    /// The acceptance criterion: a QA inspector opens a conversation, overrides a failed
    /// check to pass, and sees the check's outcome and the score change on the page. The
    /// conversation is a copy of sample s-chat-030 (87.2, grade B, failing only jargon-ratio,
    /// worth 10 points), imported for this test alone.
    /// </summary>
    [Fact]
    public async Task Inspector_OverridesAFailedCheckToPass_AndSeesTheScoreAndOutcomeChange()
    {
        BrowserFixture.SkipWithoutBrowser();
        var id = $"browser-review-{Guid.NewGuid():N}";
        await ImportAndWaitForScoringAsync(id);
        var page = await browser.SignedInPageAsync(browser.App.UserWithRole(Roles.QaInspector));

        await page.GotoAsync($"/conversations/{id}");
        await Assertions.Expect(page.GetByTestId("score")).ToHaveTextAsync("87.2");
        await Assertions.Expect(page.GetByTestId("outcome-jargon-ratio")).ToHaveTextAsync("fail");
        var row = page.Locator("#check-jargon-ratio");
        await row.GetByLabel("术语占比 ≤ 5% 的复核结果").SelectOptionAsync("pass");
        await row.GetByLabel("备注").FillAsync("术语后面都有解释");
        await row.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("outcome-jargon-ratio")).ToHaveTextAsync("pass");
        await Assertions.Expect(page.GetByTestId("score")).ToHaveTextAsync("100");
        await Assertions.Expect(page.GetByTestId("grade")).ToHaveTextAsync("A 优秀");
        await Assertions.Expect(row).ToContainTextAsync("术语后面都有解释");
        await page.Context.CloseAsync();
    }

    private async Task ImportAndWaitForScoringAsync(string id)
    {
        using var client = await browser.App.ApiClientAsRoleAsync(Roles.QaInspector);
        var imported = await client.PostAsync("/api/v1/conversations", new StringContent(SampleCopy("s-chat-030", id), Encoding.UTF8, "application/x-ndjson"), TestContext.Current.CancellationToken);
        imported.EnsureSuccessStatusCode();

        // The app's own scoring worker picks the job up; wait for the scorecard rather than for a time.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var response = await client.GetAsync($"/api/v1/conversations/{id}/scorecard", TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Conversation {id} was not scored within 30 seconds.");
    }

    private static string SampleCopy(string sampleId, string id)
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream("ServiceCoach.Web.samples.conversations.jsonl")!;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (JsonNode.Parse(line) is JsonObject sample && sample["id"]?.GetValue<string>() == sampleId)
            {
                sample["id"] = id;
                return sample.ToJsonString();
            }
        }

        throw new InvalidOperationException($"Sample {sampleId} is missing.");
    }
}
