using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;
using ServiceCoach.Web.Training;
using static ServiceCoach.Web.Tests.Training.TrainingTestApp;

namespace ServiceCoach.Web.Tests.Training;

/// <summary>A learner sees only their own attempts, grades and records; trainers and admins manage; agents reach no trainer endpoint.</summary>
public sealed class TrainingRecordsAccessTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Learner_CannotReadSaveOrSubmitAnotherLearnersAttempt_ButTrainersAndAdminsCanRead(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync());
        var (owner, other) = await TwoAgentsAsync(app);
        using var ownerApi = await app.ApiClientAsAsync(owner);
        using var otherApi = await app.ApiClientAsAsync(other);
        var attemptId = await StartAttemptAsync(ownerApi, paper);
        var tf = (await GetAttemptAsync(ownerApi, attemptId)).Slot("tf").Slot;
        await SaveOkAsync(ownerApi, attemptId, new AnswerBody(tf, 1, new ExamResponse { Value = true }));

        var read = await otherApi.GetAsync($"/api/v1/training/attempts/{attemptId}", Cancel);
        var save = await SaveAsync(otherApi, attemptId, new AnswerBody(tf, 9, new ExamResponse { Value = false }));
        var submit = await otherApi.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel);
        using var otherPage = await CookieSession.SignInAsync(app, other);
        var page = await otherPage.GetPageAsync($"/training/attempts/{attemptId}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (read.StatusCode, save.StatusCode, submit.StatusCode));
        Assert.Contains("找不到这次作答", page);
        var untouched = await GetAttemptAsync(ownerApi, attemptId);
        Assert.Equal(("inProgress", true, 1L), (untouched.State, untouched.Slot("tf").Response!.Value!.Value, untouched.Slot("tf").Seq));
        foreach (var role in new[] { Roles.Trainer, Roles.Admin })
        {
            using var manager = await app.ApiClientAsRoleAsync(role);
            Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/v1/training/attempts/{attemptId}", Cancel)).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Learner_SeesOnlyTheirOwnCompositeGradeAndLearningRecords(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var programme = await TakingAnExamTests.CopyOf2026ProgrammeAsync(app);
        var (me, other) = await TwoAgentsAsync(app);
        var otherId = await app.UserIdOfAsync(other);
        using var trainer = await app.ApiClientAsRoleAsync(Roles.Trainer);
        (await trainer.PostAsJsonAsync("/api/v1/training/practical-results",
            new PracticalResultRequest(otherId, programme, PracticalResults.Practice, "scenario-7", 88, ""), Cancel)).EnsureSuccessStatusCode();
        using var mine = await app.ApiClientAsAsync(me);

        var theirs = await mine.GetAsync($"/api/v1/training/programmes/{programme}/grades/{otherId}", Cancel);
        var own = await mine.GetAsync($"/api/v1/training/programmes/{programme}/grades/{await app.UserIdOfAsync(me)}", Cancel);
        var forTrainer = await trainer.GetFromJsonAsync<CompositeGradeResponse>($"/api/v1/training/programmes/{programme}/grades/{otherId}", Cancel);
        var xapi = JsonNode.Parse(await mine.GetStringAsync($"/api/v1/training/xapi?user={otherId}", Cancel))!.AsArray();

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(88, forTrainer!.Practical);
        Assert.Empty(xapi);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Agent_CannotReachTrainerEndpoints_OnTheApiOrThePages(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agent = app.UserWithRole(Roles.Agent);
        var agentId = await app.UserIdOfAsync(agent);
        var programme = await TakingAnExamTests.CopyOf2026ProgrammeAsync(app);
        using var api = await app.ApiClientAsAsync(agent);
        using var page = await CookieSession.SignInAsync(app, agent);

        using var gift = GiftBody(Questions);
        var import = await api.PostAsync("/api/v1/training/questions/import?fileName=x.gift", gift, Cancel);
        var export = await api.GetAsync("/api/v1/training/questions.gift", Cancel);
        var selfScore = await api.PostAsJsonAsync("/api/v1/training/practical-results",
            new PracticalResultRequest(agentId, programme, PracticalResults.MentorRubric, "self", 100, ""), Cancel);
        var grading = await page.Client.GetAsync("/training/grading", Cancel);
        var bank = await page.Client.GetAsync("/training/bank", Cancel);
        var grade = await page.PostFormAsync("/training", "/training/grading/1/0", new() { ["marks"] = "1" });
        var records = await page.Client.GetAsync("/training/xapi.json", Cancel);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (import.StatusCode, export.StatusCode, selfScore.StatusCode));
        foreach (var response in new[] { grading, bank, grade, records })
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/access-denied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        await using var db = await app.DbAsync();
        Assert.False(await db.PracticalResults.AnyAsync(r => r.UserId == agentId && r.ProgrammeId == programme, Cancel));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task XApiExport_GivesOneStatementPerSubmittedAttemptAndPracticalResult_InTheSpecsShape(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var programme = await TakingAnExamTests.CopyOf2026ProgrammeAsync(app);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync(), programmeId: programme);
        var (agent, _) = await TwoAgentsAsync(app);
        var agentId = await app.UserIdOfAsync(agent);
        using var learner = await app.ApiClientAsAsync(agent);
        var attemptId = await StartAttemptAsync(learner, paper);
        var attempt = await GetAttemptAsync(learner, attemptId);
        await SaveOkAsync(learner, attemptId, AllRight(attempt));
        (await learner.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel)).EnsureSuccessStatusCode();
        await app.Service<TrainingGrades>().GradeAsync(Viewer.System, attemptId, attempt.Slot("essay").Slot, 1, null, Cancel);
        using var trainer = await app.ApiClientAsRoleAsync(Roles.Trainer);
        (await trainer.PostAsJsonAsync("/api/v1/training/practical-results",
            new PracticalResultRequest(agentId, programme, PracticalResults.Practice, "xapi-scenario", 75, ""), Cancel)).EnsureSuccessStatusCode();

        var response = await learner.GetAsync("/api/v1/training/xapi", Cancel);
        var statements = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsArray();
        var again = JsonNode.Parse(await learner.GetStringAsync("/api/v1/training/xapi", Cancel))!.AsArray();

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var exam = Assert.Single(statements, s => s!["object"]!["definition"]!["name"]!["zh-CN"]!.GetValue<string>() == attempt.PaperTitle);
        Assert.Equal("1.0.3", exam!["version"]!.GetValue<string>());
        Assert.True(Guid.TryParse(exam["id"]!.GetValue<string>(), out _));
        Assert.Equal("Agent", exam["actor"]!["objectType"]!.GetValue<string>());
        Assert.Equal(agent, exam["actor"]!["account"]!["name"]!.GetValue<string>());
        Assert.Equal("http://adlnet.gov/expapi/verbs/passed", exam["verb"]!["id"]!.GetValue<string>());
        Assert.Equal("http://adlnet.gov/expapi/activities/assessment", exam["object"]!["definition"]!["type"]!.GetValue<string>());
        Assert.EndsWith($"/training/exams/{paper}", exam["object"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((1.0, 5.0, 0.0, 5.0, true, true), (
            exam["result"]!["score"]!["scaled"]!.GetValue<double>(), exam["result"]!["score"]!["raw"]!.GetValue<double>(),
            exam["result"]!["score"]!["min"]!.GetValue<double>(), exam["result"]!["score"]!["max"]!.GetValue<double>(),
            exam["result"]!["success"]!.GetValue<bool>(), exam["result"]!["completion"]!.GetValue<bool>()));
        Assert.EndsWith("Z", exam["timestamp"]!.GetValue<string>(), StringComparison.Ordinal);
        var practical = Assert.Single(statements, s => s!["verb"]!["id"]!.GetValue<string>().EndsWith("/scored", StringComparison.Ordinal) && s["object"]!["definition"]!["name"]!["zh-CN"]!.GetValue<string>() == "xapi-scenario");
        Assert.Equal(0.75, practical!["result"]!["score"]!["scaled"]!.GetValue<double>());
        Assert.All(statements, s => Assert.Equal(agent, s!["actor"]!["account"]!["name"]!.GetValue<string>()));
        Assert.Equal(statements.Select(s => s!["id"]!.GetValue<string>()), again.Select(s => s!["id"]!.GetValue<string>()));
    }

    /// <summary>Two agents of the demo organisation (the first is <see cref="ServiceCoachApp.UserWithRole"/>'s).</summary>
    private static Task<(string First, string Second)> TwoAgentsAsync(ServiceCoachApp app)
    {
        var agents = app.UsersWithRole(Roles.Agent);
        Assert.True(agents.Count >= 2, "The demo organisation has fewer than two agents.");
        return Task.FromResult((agents[0], agents[1]));
    }
}
