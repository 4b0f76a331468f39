using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ServiceCoach.Data;
using ServiceCoach.Practice;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Training;

namespace ServiceCoach.BrowserTests;

/// <summary>
/// The training issue's "done when" in a real browser: a trainer grades a learner's essay on the
/// grading page, and the learner sees their composite grade — the graded exam as theory and their
/// best practice score as the practical part, weighted by the programme (40 / 60).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GradingAndTheCompositeGradeTests(BrowserFixture browser)
{
    [Fact]
    public async Task TrainerGradesTheEssay_AndTheLearnerSeesTheCompositeOfTheExamAndTheirPractice()
    {
        BrowserFixture.SkipWithoutBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var app = browser.App;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var learnerName = app.UsersWithRole(Roles.Agent)[2];
        var learner = await app.ViewerAsync(learnerName);
        var answer = "非常抱歉给您带来不便，我马上为您处理 " + suffix;

        // A programme copy with a cohort of one, an exam of one essay counting as its theory.
        int programmeId;
        await using (var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(cancel))
        {
            var template = await db.Programmes.Where(p => p.IsTemplate && p.TemplateId == "frontline-2026").Select(p => p.Id).SingleAsync(cancel);
            programmeId = (await app.Service<Programmes>().CopyAsync(Viewer.System, template, "阅卷测试班 " + suffix, cancel))!.Value;
        }

        var cohorts = app.Service<Cohorts>();
        var cohort = (await cohorts.CreateAsync(Viewer.System, "阅卷测试 " + suffix, programmeId, null, null, cancel))!.Value;
        Assert.Empty(await cohorts.AddMembersAsync(Viewer.System, cohort, [learnerName], cancel));
        var category = "阅卷测试/" + suffix;
        using (var trainerApi = await app.ApiClientAsRoleAsync(Roles.Trainer))
        {
            using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("::essay::请写出一句向客户道歉的话。{}\n"));
            content.Headers.ContentType = new("application/octet-stream");
            var imported = await trainerApi.PostAsync($"/api/v1/training/questions/import?fileName=essay.gift&category={Uri.EscapeDataString(category)}", content, cancel);
            Assert.Equal(1, (await imported.Content.ReadFromJsonAsync<ImportQuestionsResponse>(cancel))!.Added);
        }

        var exams = app.Service<Exams>();
        var (paperId, problems) = await exams.CreatePaperAsync(Viewer.System, new ExamPaperInput(
            "阅卷测验 " + suffix, "", [ExamRule.Draw(1, category: category)], PassPercent: 60, Published: true, ProgrammeId: programmeId), cancel);
        Assert.Empty(problems);

        // The learner writes the essay and practises a scenario well.
        var (attemptId, _) = await exams.StartAsync(learner, paperId!.Value, cancel);
        Assert.True((await exams.SaveAsync(learner, attemptId!.Value, [new AnswerSave(0, 1, new ExamResponse { Text = answer })], cancel)).Succeeded);
        Assert.Null(await exams.SubmitAsync(learner, attemptId.Value, cancel));
        var practice = app.Service<PracticeAttempts>();
        var scenario = ShippedScenarios.Default.Find("technical-login-failure")!;
        var (practiceId, _) = await practice.StartAsync(learner, scenario.Id, seed: 5, cancel);
        var sent = 0;
        foreach (var reply in scenario.Definition.Examples.Good)
        {
            if (await practice.ReplyAsync(learner, practiceId!.Value, reply, sent++, cancel) == PracticeError.Over)
            {
                break;
            }
        }

        var practiceScore = (double)(await practice.GetAsync(learner, practiceId!.Value, cancel))!.Result!.Score;

        // The trainer grades the essay on the grading page.
        var trainer = await browser.SignedInPageAsync(app.UserWithRole(Roles.Trainer));
        await trainer.GotoAsync("/training/grading");
        var card = trainer.Locator("article.card", new() { HasText = suffix });
        await card.GetByLabel("得分（满分 1）").FillAsync("1");
        await card.GetByRole(AriaRole.Button, new() { Name = "评分" }).ClickAsync();
        await Assertions.Expect(trainer.Locator("article.card", new() { HasText = suffix })).ToHaveCountAsync(0);
        await trainer.Context.CloseAsync();

        // The learner sees theory 100, their practice score as the practical part, and the weighted total.
        var composite = (await app.Service<TrainingGrades>().ProgrammeGradeAsync(learner, learner.UserId, programmeId, cancel))!.Grade;
        Assert.Equal(100, composite.Theory!.Value, 2);
        Assert.Equal(practiceScore, composite.Practical!.Value, 2);
        Assert.Equal(0.4 * 100 + 0.6 * practiceScore, composite.Total!.Value, 2);
        var page = await browser.SignedInPageAsync(learnerName);
        await page.GotoAsync("/training");
        var grade = page.GetByTestId($"composite-{programmeId.ToString(CultureInfo.InvariantCulture)}");
        await Assertions.Expect(grade).ToContainTextAsync(composite.Practical.Value.ToString("0.#", CultureInfo.InvariantCulture));
        await Assertions.Expect(grade.GetByTestId("composite-total")).ToHaveTextAsync(composite.Total.Value.ToString("0.#", CultureInfo.InvariantCulture));
        await page.Context.CloseAsync();
    }
}
