using Microsoft.Playwright;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.BrowserTests;

/// <summary>
/// A learner in a timed exam; the server (a child process of its own, on SQLite) is killed with
/// SIGKILL mid-attempt and started again on the same data and address. The learner reloads and
/// finds every answer the page had shown as saved, and the attempt carries on.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KillingTheServerDuringAnExamTests(BrowserFixture browser)
{
    private const string Questions = """
        ::tf::普通咨询的首次响应时限是 30 秒。{T}

        ::mc::客户投诉时，第一步应该做什么？{=倾听客户 ~解释公司规定 ~转接他人}

        ::num::一次标准通话最长几分钟？{#5:0.5}

        ::essay::请写出一句向客户道歉的话。{}
        """;

    [Fact]
    public async Task Server_KilledAndRestartedMidExam_TheLearnerReloadsAndEveryAnswerIsThere()
    {
        BrowserFixture.SkipWithoutBrowser();
        Assert.True(File.Exists(ServerProcess.Dll), $"Build the web app first: {ServerProcess.Dll}");
        var cancel = TestContext.Current.CancellationToken;
        var dataFolder = Directory.CreateTempSubdirectory("servicecoach-browser-kill-").FullName;
        var server = await ServerProcess.StartAsync(dataFolder, cancellationToken: cancel);
        try
        {
            var paperId = await server.CreateExamAsync(Questions, 4, timeLimitMinutes: 30, cancellationToken: cancel);
            var learner = server.DemoUsers().First(u => u.Role == Roles.Agent);
            var page = await browser.SignedInPageAsync(server.BaseAddress, learner.UserName, learner.Password);

            await page.GotoAsync($"/training/exams/{paperId}");
            await page.GetByRole(AriaRole.Button, new() { Name = "开始考试" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Timer)).ToBeVisibleAsync();
            var attempt = page.Url[(page.Url.LastIndexOf('/') + 1)..];
            var tf = page.Locator("section.question", new() { HasText = "首次响应时限" });
            var mc = page.Locator("section.question", new() { HasText = "第一步应该做什么" });
            var num = page.Locator("section.question", new() { HasText = "最长几分钟" });
            var essay = page.Locator("section.question", new() { HasText = "向客户道歉" });
            await tf.GetByLabel("正确").CheckAsync();
            await mc.GetByLabel("倾听客户").CheckAsync();
            await essay.GetByRole(AriaRole.Textbox).FillAsync("非常抱歉给您带来不便");
            // The page says "saved" and holds nothing back: the server has acknowledged every answer.
            await page.WaitForFunctionAsync($"() => (localStorage.getItem('servicecoach-exam-{attempt}') || '{{}}') === '{{}}'");
            await Assertions.Expect(page.Locator("[data-exam-status]")).ToContainTextAsync("已保存");

            await server.KillAsync();
            await server.DisposeAsync();
            server = await ServerProcess.StartAsync(dataFolder, port: server.Port, cancellationToken: cancel);
            await page.EvaluateAsync("() => localStorage.clear()"); // what comes back after the reload comes from the server
            await page.ReloadAsync();

            await Assertions.Expect(page.GetByRole(AriaRole.Timer)).ToBeVisibleAsync();
            await Assertions.Expect(tf.GetByLabel("正确")).ToBeCheckedAsync();
            await Assertions.Expect(mc.GetByLabel("倾听客户")).ToBeCheckedAsync();
            await Assertions.Expect(essay.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("非常抱歉给您带来不便");
            await Assertions.Expect(num.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("");

            // The attempt carries on after the restart: the last answer is saved and the exam submitted.
            await num.GetByRole(AriaRole.Textbox).FillAsync("5");
            await page.WaitForFunctionAsync($"() => (localStorage.getItem('servicecoach-exam-{attempt}') || '{{}}') === '{{}}'");
            await page.GetByRole(AriaRole.Button, new() { Name = "交卷" }).First.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "成绩" })).ToContainTextAsync("客观题得分 3 / 4");
            await page.Context.CloseAsync();
        }
        finally
        {
            await server.DisposeAsync();
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
