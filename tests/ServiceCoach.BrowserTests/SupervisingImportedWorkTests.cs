using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ServiceCoach.Users;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class SupervisingImportedWorkTests(BrowserFixture browser)
{
    /// <summary>
    /// The issue's acceptance criterion: a supervisor imports a file that names no agent or team,
    /// the result page says the conversations are unassigned, the supervisor assigns them to their
    /// team from the unassigned queue, and then sees them in the conversation list.
    /// </summary>
    [Fact]
    public async Task Supervisor_ImportsAnUnassignedFile_AssignsItToTheirTeam_AndSeesIt()
    {
        BrowserFixture.SkipWithoutBrowser();
        var prefix = $"browser-unassigned-{Guid.NewGuid():N}";
        var file = string.Join("\n", Conversation($"{prefix}-1"), Conversation($"{prefix}-2")) + "\n";
        var page = await browser.SignedInPageAsync("supervisor2");

        await page.GotoAsync("/import");
        await page.GetByLabel("文件", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "dev.jsonl", MimeType = "application/x-ndjson", Buffer = Encoding.UTF8.GetBytes(file) });
        // A supervisor of one team gets that team preselected; this upload deliberately names none.
        await page.Locator("#import-team").SelectOptionAsync(new SelectOptionValue { Value = "" });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await page.WaitForURLAsync(ImportPage());
        await Assertions.Expect(page.GetByTestId("import-state")).ToHaveTextAsync("导入完成");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("import-destinations")).ToContainTextAsync("2 个未分配");

        await page.GetByRole(AriaRole.Link, new() { Name = "去分配" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{prefix}-1" })).ToBeVisibleAsync();
        await page.GetByTestId("assign-target").SelectOptionAsync(new SelectOptionValue { Label = "售后二组" });
        await page.GetByRole(AriaRole.Button, new() { Name = "分配所选会话" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("assigned-message")).ToContainTextAsync("已分配 2 个会话");

        await page.GotoAsync($"/conversations?q={prefix}");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{prefix}-2" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// A dispute and an override on the same check end consistently, and the agent is told: the
    /// supervisor overrides the disputed check to pass, the inspector rejects the dispute, the check
    /// fails again, the history shows both, and the agent's bell counts the notices.
    /// </summary>
    [Fact]
    public async Task ADisputeRejectedAfterAnOverride_EndsWithTheCheckFailing_AndTheAgentIsNotified()
    {
        BrowserFixture.SkipWithoutBrowser();
        var id = $"browser-authority-{Guid.NewGuid():N}";
        var cancel = TestContext.Current.CancellationToken;
        using (var qaApi = await browser.App.ApiClientAsRoleAsync(Roles.QaInspector))
        {
            var line = $$"""{"id":"{{id}}","channel":"chat","agentId":"a-104","turns":[{"speaker":"customer","text":"你好","start":0},{"speaker":"agent","text":"您好","start":5000}]}""";
            (await qaApi.PostAsync("/api/v1/conversations", new StringContent(line, Encoding.UTF8, "application/x-ndjson"), cancel)).EnsureSuccessStatusCode();
        }

        await browser.App.RunScoringAsync();
        using var agentApi = await browser.App.ApiClientAsAsync("a-104");
        var card = await agentApi.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/conversations/{id}/scorecard", cancel);
        // The first failed check that may be disputed (a bonus check not earned may not).
        string? failed = null;
        long disputeId = 0;
        foreach (var check in card.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("outcome").GetString() == "fail"))
        {
            var raised = await agentApi.PostAsJsonAsync("/api/v1/disputes", new { conversationId = id, checkId = check.GetProperty("id").GetString(), reason = "我做到了" }, cancel);
            if (raised.StatusCode == System.Net.HttpStatusCode.Created)
            {
                failed = check.GetProperty("id").GetString();
                disputeId = (await raised.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancel)).GetProperty("id").GetInt64();
                break;
            }
        }

        Assert.NotNull(failed);

        var supervisor = await browser.SignedInPageAsync("supervisor2");
        await supervisor.GotoAsync($"/conversations/{id}");
        var row = supervisor.Locator($"#check-{failed}");
        await row.Locator("select[name=outcome]").SelectOptionAsync("pass");
        await row.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId($"outcome-{failed}")).ToHaveTextAsync("pass");

        var qa = await browser.SignedInPageAsync(browser.App.UserWithRole(Roles.QaInspector));
        await qa.GotoAsync("/disputes?state=open");
        var card2 = qa.Locator($"#dispute-{disputeId}");
        await card2.GetByLabel("处理意见").FillAsync("不成立");
        await card2.GetByRole(AriaRole.Button, new() { Name = "维持原判" }).ClickAsync();

        await supervisor.GotoAsync($"/conversations/{id}");
        await Assertions.Expect(supervisor.GetByTestId($"outcome-{failed}")).ToHaveTextAsync("fail");
        await Assertions.Expect(supervisor.GetByTestId("judgement-history")).ToContainTextAsync("申诉驳回，维持原判");

        var agent = await browser.SignedInPageAsync("a-104");
        await agent.GotoAsync("/notifications");
        await Assertions.Expect(agent.GetByText($"申诉已驳回，维持原判：{id}", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(agent.GetByTestId("unread-count")).ToBeVisibleAsync();
        await supervisor.Context.CloseAsync();
        await qa.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }

    private static string Conversation(string id) =>
        $$"""{"id":"{{id}}","channel":"chat","turns":[{"speaker":"customer","text":"你好","start":0},{"speaker":"agent","text":"您好，很高兴为您服务","start":5000}]}""";

    [GeneratedRegex(@"/import/\d+$")]
    private static partial Regex ImportPage();
}
