using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SeeingTheEvidenceTests(BrowserFixture browser)
{
    /// <summary>
    /// A QA inspector opens a scored demo conversation with a failed check: the words that failed
    /// it are marked in the transcript — the mark's text is exactly the check's evidence — and the
    /// check's suggestion is shown. The conversation and check are found through the API (the first
    /// demo conversation whose failed check quotes one phrase that no other check's evidence overlaps),
    /// so the test follows the standard as it is calibrated.
    /// </summary>
    [Fact]
    public async Task Inspector_SeesTheFailedChecksEvidenceMarkedInTheTranscript_AndItsSuggestion()
    {
        BrowserFixture.SkipWithoutBrowser();
        var (conversationId, checkId, evidence, suggestion) = await FailedCheckWithOnePhraseAsync();
        var page = await browser.SignedInPageAsync(browser.App.UserWithRole(Roles.QaInspector));

        await page.GotoAsync($"/conversations/{Uri.EscapeDataString(conversationId)}");

        var mark = page.Locator($".transcript .turn").Nth(evidence.Turn).Locator($"mark[data-checks~=\"{checkId}\"]");
        await Assertions.Expect(mark).ToHaveCountAsync(1);
        await Assertions.Expect(mark).ToHaveTextAsync(evidence.Text);
        await Assertions.Expect(mark).ToHaveClassAsync("fail");
        await Assertions.Expect(page.Locator($"#failed-{checkId} .suggest")).ToContainTextAsync(suggestion);
        await page.Context.CloseAsync();
    }

    private sealed record Evidence(int Turn, int Start, int Length, string Text);

    private async Task<(string ConversationId, string CheckId, Evidence Evidence, string Suggestion)> FailedCheckWithOnePhraseAsync()
    {
        using var qa = await browser.App.ApiClientAsRoleAsync(Roles.QaInspector);
        var cancel = TestContext.Current.CancellationToken;
        var conversations = await qa.GetFromJsonAsync<ConversationList>("/api/v1/conversations?pageSize=200", cancel);
        foreach (var conversation in conversations!.Items.Where(c => c.FailedChecks.Count > 0).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            using var card = JsonDocument.Parse(await qa.GetStringAsync($"/api/v1/conversations/{Uri.EscapeDataString(conversation.Id)}/scorecard", cancel));
            var checks = card.RootElement.GetProperty("checks").EnumerateArray().ToList();
            var spans = checks
                .Where(c => c.GetProperty("outcome").GetString() != "na")
                .SelectMany(c => c.GetProperty("evidence").EnumerateArray().Select(e => (Check: c.GetProperty("id").GetString()!, Evidence: Read(e))))
                .ToList();
            foreach (var check in checks.Where(c => conversation.FailedChecks.Contains(c.GetProperty("id").GetString()!)))
            {
                var id = check.GetProperty("id").GetString()!;
                var own = spans.Where(s => s.Check == id).Select(s => s.Evidence).ToList();
                if (own is not [var only] || only.Text.Length == 0 || check.GetProperty("suggestion").GetString() is not { Length: > 0 } suggestion)
                {
                    continue;
                }

                var overlapped = spans.Any(s => s.Check != id && s.Evidence.Turn == only.Turn
                    && s.Evidence.Start < only.Start + only.Length && only.Start < s.Evidence.Start + s.Evidence.Length);
                if (!overlapped)
                {
                    return (conversation.Id, id, only, suggestion);
                }
            }
        }

        throw new InvalidOperationException("No demo conversation has a failed check quoting exactly one phrase.");
    }

    private static Evidence Read(JsonElement e) =>
        new(e.GetProperty("turn").GetInt32(), e.GetProperty("start").GetInt32(), e.GetProperty("length").GetInt32(), e.GetProperty("text").GetString()!);
}
