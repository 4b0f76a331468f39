using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;
using ServiceCoach.Web.Training;
using static ServiceCoach.Web.Tests.Training.TrainingTestApp;

namespace ServiceCoach.Web.Tests.Training;

public sealed class TakingAnExamTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Answers_SavedTwiceOrOutOfOrder_EndAsIfSavedInOrder_AndAReloadShowsEveryOne(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync());
        using var learner = await app.ApiClientAsRoleAsync(Roles.Agent);
        var attemptId = await StartAttemptAsync(learner, paper);
        var attempt = await GetAttemptAsync(learner, attemptId);
        var sa = attempt.Slot("sa").Slot;

        // Tab B's newer answer arrives first, then tab A's older one, then B's again (a retry).
        var newer = await SaveOkAsync(learner, attemptId, new AnswerBody(sa, 2, new ExamResponse { Text = "Listen" }));
        var older = await SaveOkAsync(learner, attemptId, new AnswerBody(sa, 1, new ExamResponse { Text = "Learn" }));
        var replay = await SaveOkAsync(learner, attemptId, new AnswerBody(sa, 2, new ExamResponse { Text = "Listen" }));
        await SaveOkAsync(learner, attemptId, [.. AllRight(attempt, seq: 3).Where(a => a.Slot != sa)]);

        var key = sa.ToString(CultureInfo.InvariantCulture);
        Assert.Equal((2L, 2L, 2L), (newer.Saved[key], older.Saved[key], replay.Saved[key]));
        using var reloaded = await app.ApiClientAsRoleAsync(Roles.Agent);
        var resumed = await GetAttemptAsync(reloaded, attemptId);
        Assert.Equal("inProgress", resumed.State);
        Assert.Equal("Listen", resumed.Slot("sa").Response!.Text);
        Assert.Equal(2, resumed.Slot("sa").Seq);
        Assert.All(resumed.Questions.Where(q => q.Slot != sa), q => Assert.Equal((3L, RightAnswer(q).ToJson()), (q.Seq, q.Response!.ToJson())));
        Assert.All(resumed.Questions, q => Assert.Null(q.Fraction)); // no answer key while open
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Submit_GradesClosedTypesAtOnce_TheEssayWaitsForATrainer_AndTheGradeIsFinalAfterMarking(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync());
        var agent = app.UserWithRole(Roles.Agent);
        using var learner = await app.ApiClientAsAsync(agent);
        var attemptId = await StartAttemptAsync(learner, paper);
        var attempt = await GetAttemptAsync(learner, attemptId);
        await SaveOkAsync(learner, attemptId, AllRight(attempt));

        var submitted = await learner.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel);
        var graded = (await submitted.Content.ReadFromJsonAsync<AttemptResponse>(Cancel))!;

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(("submitted", 5.0, 4.0, true, null, null), (graded.State, graded.MaxScore, graded.Score, graded.NeedsGrading, graded.Percent, graded.Passed));
        Assert.All(graded.Questions.Where(q => q.Name != "essay"), q => Assert.Equal(1, q.Fraction));
        Assert.Null(graded.Slot("essay").Fraction);

        // The trainer finds the essay in the queue and gives it half marks on the grading page.
        var essaySlot = graded.Slot("essay").Slot;
        using var trainer = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Trainer));
        var queue = await trainer.GetPageAsync("/training/grading");
        Assert.True(queue.Contains("非常抱歉给您带来不便", StringComparison.Ordinal), queue[Math.Max(0, queue.IndexOf("<main", StringComparison.Ordinal))..]);
        var marked = await trainer.PostFormAsync("/training/grading", $"/training/grading/{attemptId}/{essaySlot}", new() { ["marks"] = "0.5", ["comment"] = "还应说明处理时限" });
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Contains("graded=1", marked.Headers.Location!.ToString());

        var final = await GetAttemptAsync(learner, attemptId);
        Assert.Equal((4.5, 90.0, true, false), (final.Score, final.Percent, final.Passed, final.NeedsGrading));
        Assert.Equal(0.5, final.Slot("essay").Fraction);
        Assert.DoesNotContain("非常抱歉给您带来不便", await trainer.GetPageAsync("/training/grading"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Submit_Twice_SubmitsOnce_AndLaterSavesAreRefusedWithoutChangingAnything(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync());
        using var learner = await app.ApiClientAsRoleAsync(Roles.Agent);
        var attemptId = await StartAttemptAsync(learner, paper);
        var attempt = await GetAttemptAsync(learner, attemptId);
        var tf = attempt.Slot("tf").Slot;
        await SaveOkAsync(learner, attemptId, new AnswerBody(tf, 1, new ExamResponse { Value = true }));

        var both = await Task.WhenAll(
            learner.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel),
            learner.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel));
        var late = await SaveAsync(learner, attemptId, new AnswerBody(tf, 2, new ExamResponse { Value = false }));

        Assert.All(both, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType!.MediaType);
        var after = await GetAttemptAsync(learner, attemptId);
        Assert.Equal((true, 1L, 1.0), (after.Slot("tf").Response!.Value!.Value, after.Slot("tf").Seq, after.Score!.Value));
        await using var db = await app.DbAsync();
        var id = attemptId.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityType == "exam-attempt" && a.EntityId == id && a.Action == "exam.submit", Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Start_WhileAnAttemptIsOpen_ResumesIt_AndTheAttemptLimitHolds(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync(), maxAttempts: 1);
        using var learner = await app.ApiClientAsRoleAsync(Roles.Agent);

        var first = await StartAttemptAsync(learner, paper);
        var again = await StartAttemptAsync(learner, paper);
        (await learner.PostAsync($"/api/v1/training/attempts/{first}/submit", null, Cancel)).EnsureSuccessStatusCode();
        var third = await learner.PostAsync($"/api/v1/training/exams/{paper}/attempts", null, Cancel);

        Assert.Equal(first, again);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("NoAttemptsLeft", await third.Content.ReadAsStringAsync(Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task CompositeGrade_IsFortyPercentBestExamAndSixtyPercentPractical_WithTheProgrammesPassMark(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var programme = await CopyOf2026ProgrammeAsync(app);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync(), programmeId: programme);
        var agent = app.UserWithRole(Roles.Agent);
        var agentId = await app.UserIdOfAsync(agent);
        using var learner = await app.ApiClientAsAsync(agent);
        var attemptId = await StartAttemptAsync(learner, paper);
        var attempt = await GetAttemptAsync(learner, attemptId);
        // Four of five right: the numerical answer is outside its tolerance (5 ± 0.5).
        await SaveOkAsync(learner, attemptId, [.. AllRight(attempt).Select(a => a.Slot == attempt.Slot("num").Slot ? a with { Response = new ExamResponse { Text = "5.6" } } : a)]);
        (await learner.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel)).EnsureSuccessStatusCode();
        await app.Service<TrainingGrades>().GradeAsync(Viewer.System, attemptId, attempt.Slot("essay").Slot, 1, null, Cancel);
        var url = $"/api/v1/training/programmes/{programme}/grades/{agentId}";
        var theoryOnly = (await learner.GetFromJsonAsync<CompositeGradeResponse>(url, Cancel))!;

        using var trainer = await app.ApiClientAsRoleAsync(Roles.Trainer);
        var recorded = await trainer.PostAsJsonAsync("/api/v1/training/practical-results",
            new PracticalResultRequest(agentId, programme, PracticalResults.MentorRubric, "情景模拟-1", 50, "开场好，安抚不足"), Cancel);
        recorded.EnsureSuccessStatusCode();
        var withPractical = (await learner.GetFromJsonAsync<CompositeGradeResponse>(url, Cancel))!;
        // The same source and reference again replaces the score.
        (await trainer.PostAsJsonAsync("/api/v1/training/practical-results",
            new PracticalResultRequest(agentId, programme, PracticalResults.MentorRubric, "情景模拟-1", 40, "复评"), Cancel)).EnsureSuccessStatusCode();
        var rescored = (await learner.GetFromJsonAsync<CompositeGradeResponse>(url, Cancel))!;

        Assert.Equal((80.0, (double?)null, (double?)null, (bool?)null), (theoryOnly.Theory!.Value, theoryOnly.Practical, theoryOnly.Total, theoryOnly.Passed));
        Assert.Equal((0.4, 60.0), (withPractical.TheoryWeight, withPractical.PassMark));
        Assert.Equal((50.0, 62.0, true), (withPractical.Practical!.Value, withPractical.Total!.Value, withPractical.Passed!.Value));
        Assert.Equal((40.0, 56.0, false), (rescored.Practical!.Value, rescored.Total!.Value, rescored.Passed!.Value));
    }

    internal static async Task<int> CopyOf2026ProgrammeAsync(ServiceCoachApp app)
    {
        int template;
        await using (var db = await app.DbAsync())
        {
            template = await db.Programmes.Where(p => p.IsTemplate && p.TemplateId == "frontline-2026").Select(p => p.Id).SingleAsync(Cancel);
        }

        var copy = await app.Service<Programmes>().CopyAsync(Viewer.System, template, "测试班 " + Guid.NewGuid().ToString("N")[..6], Cancel);
        return copy!.Value;
    }
}
