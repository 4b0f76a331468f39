using System.Net.Http.Json;
using Microsoft.Playwright;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Training;

namespace ServiceCoach.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class TakingAnExamTests(BrowserFixture browser)
{
    private const string Questions = """
        ::tf::普通咨询的首次响应时限是 30 秒。{T}

        ::mc::客户投诉时，第一步应该做什么？{=倾听客户 ~解释公司规定 ~转接他人}

        ::num::一次标准通话最长几分钟？{#5:0.5}

        ::essay::请写出一句向客户道歉的话。{}
        """;

    /// <summary>
    /// A learner starts a short exam, answers on the page (saved as they go), reloads and finds
    /// every answer, submits, and sees the automatic marks with the essay waiting for a trainer.
    /// </summary>
    [Fact]
    public async Task Learner_AnswersReloadsAndSubmits_AndSeesTheAutomaticMarks()
    {
        BrowserFixture.SkipWithoutBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var app = browser.App;
        var category = "浏览器测试/" + Guid.NewGuid().ToString("N")[..8];
        using (var trainer = await app.ApiClientAsRoleAsync(Roles.Trainer))
        {
            using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Questions));
            content.Headers.ContentType = new("application/octet-stream");
            var imported = await trainer.PostAsync($"/api/v1/training/questions/import?fileName=exam.gift&category={Uri.EscapeDataString(category)}", content, cancel);
            Assert.Equal(4, (await imported.Content.ReadFromJsonAsync<ImportQuestionsResponse>(cancel))!.Added);
        }

        var title = "浏览器测验 " + category[^8..];
        var (paperId, problems) = await app.Service<Exams>().CreatePaperAsync(Viewer.System,
            new ExamPaperInput(title, "四道题", [ExamRule.Draw(4, category: category)], TimeLimitMinutes: 30, Published: true), cancel);
        Assert.Empty(problems);
        var page = await browser.SignedInPageAsync(app.UsersWithRole(Roles.Agent)[1]);

        await page.GotoAsync($"/training/exams/{paperId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始考试" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Timer)).ToBeVisibleAsync();
        var attemptUrl = page.Url;
        var tf = page.Locator("section.question", new() { HasText = "首次响应时限" });
        var mc = page.Locator("section.question", new() { HasText = "第一步应该做什么" });
        var num = page.Locator("section.question", new() { HasText = "最长几分钟" });
        var essay = page.Locator("section.question", new() { HasText = "向客户道歉" });
        await tf.GetByLabel("正确").CheckAsync();
        await mc.GetByLabel("倾听客户").CheckAsync();
        await num.GetByRole(AriaRole.Textbox).FillAsync("5");
        await essay.GetByRole(AriaRole.Textbox).FillAsync("非常抱歉给您带来不便");
        var attempt = attemptUrl[(attemptUrl.LastIndexOf('/') + 1)..];
        // Every answer acknowledged by the server: nothing waits on this device any more.
        await page.WaitForFunctionAsync($"() => (localStorage.getItem('servicecoach-exam-{attempt}') || '{{}}') === '{{}}'");
        await Assertions.Expect(page.Locator("[data-exam-status]")).ToContainTextAsync("已保存");

        await page.EvaluateAsync("() => localStorage.clear()"); // what comes back after the reload comes from the server
        await page.ReloadAsync();

        await Assertions.Expect(tf.GetByLabel("正确")).ToBeCheckedAsync();
        await Assertions.Expect(mc.GetByLabel("倾听客户")).ToBeCheckedAsync();
        await Assertions.Expect(num.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("5");
        await Assertions.Expect(essay.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("非常抱歉给您带来不便");

        await page.GetByRole(AriaRole.Button, new() { Name = "交卷" }).First.ClickAsync();

        await Assertions.Expect(page.GetByTestId("attempt-state")).ToContainTextAsync("问答题等待培训师阅卷");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "成绩" })).ToContainTextAsync("客观题得分 3 / 4");
        await page.Context.CloseAsync();
    }
}
