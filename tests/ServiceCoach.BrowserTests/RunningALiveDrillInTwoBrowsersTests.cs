using Microsoft.Playwright;
using ServiceCoach.Data;
using ServiceCoach.Practice;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.BrowserTests;

/// <summary>
/// The practice issue's live drill in two real browsers: a trainer opens a room and plays the customer,
/// a learner joins and plays the agent; each sees the other's lines appear without reloading (SignalR),
/// the trainer comments on a turn, ends the round, and the learner sees the scored report with the
/// comment — still there after a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RunningALiveDrillInTwoBrowsersTests(BrowserFixture browser)
{
    private const string ScenarioId = "technical-login-failure";

    [Fact]
    public async Task ATrainerAndALearner_DrillTogether_SeeEachOtherLive_AndTheLearnerGetsTheReportWithTheComment()
    {
        BrowserFixture.SkipWithoutBrowser();
        await using var app = await ServiceCoachApp.StartOnKestrelAsync(DatabaseProvider.Sqlite);
        var scenario = ShippedScenarios.Default.Find(ScenarioId)!.Definition;
        var learnerName = app.UserWithRole(Roles.Agent);
        var trainer = await browser.SignedInPageAsync(app, app.UserWithRole(Roles.Trainer));
        var learner = await browser.SignedInPageAsync(app, learnerName);

        await trainer.GotoAsync("/practice");
        await trainer.GetByRole(AriaRole.Link, new() { Name = "多人实时演练" }).ClickAsync();
        await trainer.WaitForURLAsync("**/practice/drills");
        await trainer.GetByLabel("情景", new() { Exact = true }).SelectOptionAsync(ScenarioId);
        await trainer.GetByLabel("房间名称（可不填）").FillAsync("周五演练");
        await trainer.GetByRole(AriaRole.Button, new() { Name = "开房间" }).ClickAsync();
        await ExpectLiveAsync(trainer);

        await learner.GotoAsync("/practice/drills");
        await learner.GetByRole(AriaRole.Link, new() { Name = "周五演练" }).ClickAsync();
        await learner.WaitForURLAsync("**/practice/drills/*");
        await learner.GetByRole(AriaRole.Button, new() { Name = "加入演练" }).ClickAsync();
        await ExpectLiveAsync(learner);

        // The trainer's page learns of the learner without a reload, and the round gives them their parts.
        await Assertions.Expect(trainer.GetByTestId("players")).ToContainTextAsync(learnerName);
        await trainer.GetByRole(AriaRole.Button, new() { Name = "开始第 1 轮" }).ClickAsync();
        await Assertions.Expect(learner.GetByTestId("my-role")).ToContainTextAsync("扮演客服");
        await Assertions.Expect(trainer.GetByTestId("my-role")).ToContainTextAsync("扮演客户");
        await Assertions.Expect(trainer.GetByText(scenario.Persona.Description!)).ToBeVisibleAsync();
        await Assertions.Expect(learner.GetByText(scenario.Persona.Description!)).ToHaveCountAsync(0);

        await SayAsync(trainer, "以客户身份说", scenario.Opening[0]);
        await Assertions.Expect(learner.GetByTestId("chat-1")).ToContainTextAsync(scenario.Opening[0]);
        foreach (var reply in scenario.Examples.Good.Take(3))
        {
            await SayAsync(learner, "以客服身份回复", reply);
            await Assertions.Expect(trainer.GetByTestId("chat-1")).ToContainTextAsync(reply);
            await SayAsync(trainer, "以客户身份说", "好的，然后呢？");
            await Assertions.Expect(learner.GetByTestId("chat-1").Locator(".bubble.customer").Last).ToContainTextAsync("然后呢");
        }

        // The host comments on the agent's first turn; the learner sees it under that turn at once.
        await trainer.GetByLabel("点评哪一句").SelectOptionAsync("2");
        await trainer.GetByLabel("点评", new() { Exact = true }).FillAsync("先安抚情绪再问提示，很好。");
        await trainer.GetByRole(AriaRole.Button, new() { Name = "发表点评" }).ClickAsync();
        await Assertions.Expect(learner.Locator("#r1t2").GetByTestId("comment")).ToContainTextAsync("先安抚情绪再问提示");

        await trainer.GetByLabel("本轮结果").SelectOptionAsync("resolved");
        await trainer.GetByRole(AriaRole.Button, new() { Name = "结束本轮并评分" }).ClickAsync();
        var round = learner.GetByTestId("round-1");
        await Assertions.Expect(round).ToContainTextAsync("已解决");
        await Assertions.Expect(round.GetByTestId("practice-score")).ToBeVisibleAsync();
        await Assertions.Expect(round.GetByTestId("comments")).ToContainTextAsync("先安抚情绪再问提示");
        await Assertions.Expect(learner.GetByTestId("waiting")).ToBeVisibleAsync();

        // Nothing lives only in the page: a reload shows the same room.
        await learner.ReloadAsync();
        await Assertions.Expect(learner.GetByTestId("round-1")).ToContainTextAsync("已解决");
        await Assertions.Expect(learner.GetByTestId("chat-1")).ToContainTextAsync(scenario.Examples.Good[0]);
    }

    private static async Task ExpectLiveAsync(IPage page) =>
        await Assertions.Expect(page.Locator("[data-drill-status]")).ToHaveAttributeAsync("data-state", "live");

    private static async Task SayAsync(IPage page, string label, string text)
    {
        await page.GetByLabel(label).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();
        await ExpectLiveAsync(page);
    }
}
