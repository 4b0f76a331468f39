using System.Net;
using ServiceCoach.Data;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Training;
using static ServiceCoach.Web.Tests.Training.TrainingTestApp;

namespace ServiceCoach.Web.Tests.Training;

/// <summary>
/// A learner in a cohort works through a programme: their learning records, the trainer's cohort
/// view, the weak-area plan and the Kirkpatrick figures all follow from what they do.
/// </summary>
public sealed class FollowingAProgrammeTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Learner_CompletesAModuleAndTheModuleExam_RecordsCohortViewWeakAreasAndEvaluationFollow(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var programmeId = await TakingAnExamTests.CopyOf2026ProgrammeAsync(app);
        var programme = (await app.Service<Programmes>().GetAsync(Viewer.System, programmeId, Cancel))!;
        var modules = programme.Phases.SelectMany(p => p.Modules).ToList();
        var reading = modules.First(m => !m.IsExam && !m.IsPractical);
        var examModule = modules.First(m => m.IsExam);
        var cohorts = app.Service<Cohorts>();
        var cohort = (await cohorts.CreateAsync(Viewer.System, "进度测试 " + Guid.NewGuid().ToString("N")[..6], programmeId, null, null, Cancel))!.Value;
        var (learnerName, otherName) = (app.UsersWithRole(Roles.Agent)[4], app.UsersWithRole(Roles.Agent)[5]);
        Assert.Empty(await cohorts.AddMembersAsync(Viewer.System, cohort, [learnerName, otherName], Cancel));
        var learnerId = await app.UserIdOfAsync(learnerName);
        var learner = new Viewer(learnerId, learnerName, new HashSet<string>([Roles.Agent]), null, []);
        var other = new Viewer(await app.UserIdOfAsync(otherName), otherName, new HashSet<string>([Roles.Agent]), null, []);
        var (paper, _) = await app.Service<Exams>().CreatePaperAsync(Viewer.System, new ExamPaperInput(
            "模块考试 " + cohort, "", [ExamRule.Draw(5, category: await app.ImportQuestionsAsync())], PassPercent: 60, Published: true,
            ProgrammeId: programmeId, ModuleId: examModule.Id, CohortId: cohort), Cancel);

        // The learner reads a module on its page, marks it done, and the page reports the time spent.
        using var page = await CookieSession.SignInAsync(app, learnerName);
        var done = await page.PostFormAsync($"/training/modules/{reading.Id}", $"/training/modules/{reading.Id}/complete", []);
        await app.Service<LearningRecords>().AddTimeAsync(learner, reading.Id, 600, Cancel);
        Assert.True(await app.Service<Evaluation>().RateAsync(learner, reading.Id, 5, "很实用", Cancel));
        Assert.True(await app.Service<Evaluation>().RateAsync(other, reading.Id, 3, null, Cancel));
        Assert.False(await app.Service<Evaluation>().RateAsync(learner, reading.Id, 6, null, Cancel));

        // The module exam: everything right but the complaint-flow question.
        using var api = await app.ApiClientAsAsync(learnerName);
        var attemptId = await StartAttemptAsync(api, paper!.Value);
        var attempt = await GetAttemptAsync(api, attemptId);
        var mc = attempt.Slot("mc");
        await SaveOkAsync(api, attemptId, [.. AllRight(attempt).Select(a => a.Slot == mc.Slot
            ? a with { Response = new ExamResponse { Choice = mc.Choices.First(c => c.Text != "倾听客户").Index } } : a)]);
        (await api.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel)).EnsureSuccessStatusCode();
        await app.Service<TrainingGrades>().GradeAsync(Viewer.System, attemptId, attempt.Slot("essay").Slot, 1, null, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var records = (await app.Service<LearningRecords>().ForLearnerAsync(learner, learnerId, Cancel)).Where(r => r.ProgrammeId == programmeId).ToDictionary(r => r.ModuleId);
        Assert.Equal(modules.Count, records.Count);
        Assert.Equal((LearningStatus.Completed, 600), (records[reading.Id].Status, records[reading.Id].TimeSpentSeconds));
        Assert.Equal((LearningStatus.Completed, 1, 80.0), (records[examModule.Id].Status, records[examModule.Id].Attempts, records[examModule.Id].BestPercent!.Value));
        Assert.Empty(await app.Service<LearningRecords>().ForLearnerAsync(other, learnerId, Cancel));

        var plan = await app.Service<TrainingGrades>().ReinforcementPlanAsync(learner, learnerId, cancellationToken: Cancel);
        var weak = Assert.Single(plan, p => p.Weakness.Tag == "complaint-flow");
        Assert.Contains(weak.Modules, m => m.Title.Contains("L-U-A-S-F", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Weakness.Tag == "first-response-time");

        var progress = (await cohorts.ProgressAsync(Viewer.System, cohort, Cancel))!;
        var row = progress.Learners.Single(l => l.UserId == learnerId);
        Assert.Equal((2, modules.Count, 80.0), (row.ModulesDone, row.Modules, row.BestExamPercent!.Value));
        Assert.Equal(0, progress.Learners.Single(l => l.UserName == otherName).ModulesDone);
        Assert.Null(await cohorts.ProgressAsync(learner, cohort, Cancel));

        var evaluation = app.Service<Evaluation>();
        var reaction = (await evaluation.ReactionsAsync(Viewer.System, programmeId, Cancel)).Single(r => r.ModuleId == reading.Id);
        Assert.Equal((2, 4.0, false), (reaction.Responses, reaction.Average!.Value, reaction.MeetsTarget!.Value));
        var passRate = (await evaluation.PassRatesAsync(Viewer.System, Cancel)).Single(r => r.PaperId == paper);
        Assert.Equal((1, 1, 100.0, true), (passRate.Learners, passRate.Passed, passRate.Rate!.Value, passRate.MeetsTarget!.Value));
        var trained = await evaluation.TrainedRequirementsAsync(Viewer.System, Cancel);
        Assert.All(reading.Tags, tag => Assert.Contains(trained, t => t.UserId == learnerId && t.Tag == tag));

        using var trainer = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Trainer));
        Assert.Contains(learnerName, await trainer.GetPageAsync($"/training/cohorts/{cohort}"));
        var denied = await page.Client.GetAsync($"/training/cohorts/{cohort}", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/access-denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
