using System.Net;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Data;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Training;
using static ServiceCoach.Web.Tests.Training.TrainingTestApp;

namespace ServiceCoach.Web.Tests.Training;

/// <summary>
/// The two things an exam must survive: the server's clock running out (it alone decides), and the
/// server stopping mid-attempt. Each test has an app of its own (a fake clock; a restart).
/// </summary>
public sealed class ExamTimeAndRestartTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TimeLimit_IsTheServers_SavesStopAfterTheGrace_AndTheAttemptIsSubmittedWithWhatWasSaved(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync(), timeLimitMinutes: 10);
        using var learner = await app.ApiClientAsRoleAsync(Roles.Agent);
        var attemptId = await StartAttemptAsync(learner, paper);
        var started = await GetAttemptAsync(learner, attemptId);
        var answers = AllRight(started);

        clock.Advance(TimeSpan.FromMinutes(5));
        await SaveOkAsync(learner, attemptId, answers[0]);
        var halfway = await GetAttemptAsync(learner, attemptId);
        // The page's timer reaches zero and sends its last answer within the grace.
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(Exams.GraceSeconds - 1));
        await SaveOkAsync(learner, attemptId, answers[1]);
        clock.Advance(TimeSpan.FromSeconds(2));
        var late = await SaveAsync(learner, attemptId, answers[2]);
        var closed = await GetAttemptAsync(learner, attemptId);

        Assert.Equal((600, 300), (started.SecondsLeft, halfway.SecondsLeft));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(("submitted", true), (closed.State, closed.AutoSubmitted));
        Assert.Equal(2, closed.Questions.Count(q => q.Response is not null));
        Assert.Null(closed.Questions.Single(q => q.Slot == answers[2].Slot).Response);
        var autoGraded = closed.Questions.Where(q => q.Name != "essay").Sum(q => q.Fraction ?? 0);
        Assert.Equal(answers.Take(2).Count(a => closed.Questions.Single(q => q.Slot == a.Slot).Name != "essay"), autoGraded);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TimeLimit_PassedWhileNobodyLooks_TheBackgroundSweepSubmitsTheAttempt(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync(), timeLimitMinutes: 1);
        using var learner = await app.ApiClientAsRoleAsync(Roles.Agent);
        var attemptId = await StartAttemptAsync(learner, paper);
        var exams = app.Service<Exams>();

        var early = await exams.SubmitDueAsync(Cancel);
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(Exams.GraceSeconds));
        var due = await exams.SubmitDueAsync(Cancel);
        var twice = await exams.SubmitDueAsync(Cancel);

        Assert.Equal((0, 1, 0), (early, due, twice));
        var attempt = await GetAttemptAsync(learner, attemptId);
        Assert.Equal(("submitted", true, 0.0), (attempt.State, attempt.AutoSubmitted, attempt.Score!.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Restart_MidAttempt_LosesNoAcknowledgedAnswer_AndTheAttemptCarriesOn(DatabaseProvider provider)
    {
        var app = await ServiceCoachApp.StartAsync(provider);
        try
        {
            var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync(), timeLimitMinutes: 60);
            var agent = app.UserWithRole(Roles.Agent);
            long attemptId;
            AnswerBody[] answers;
            using (var learner = await app.ApiClientAsAsync(agent))
            {
                attemptId = await StartAttemptAsync(learner, paper);
                answers = AllRight(await GetAttemptAsync(learner, attemptId));
                foreach (var answer in answers.Take(4))
                {
                    await SaveOkAsync(learner, attemptId, answer);
                }
            }

            app = await app.RestartAsync();
            using var afterRestart = await app.ApiClientAsAsync(agent);
            var resumed = await GetAttemptAsync(afterRestart, attemptId);
            await SaveOkAsync(afterRestart, attemptId, answers[4]);
            (await afterRestart.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel)).EnsureSuccessStatusCode();
            var submitted = await GetAttemptAsync(afterRestart, attemptId);

            Assert.Equal("inProgress", resumed.State);
            Assert.InRange(resumed.SecondsLeft!.Value, 1, 3600);
            Assert.All(answers.Take(4), a => Assert.Equal(a.Response!.ToJson(), resumed.Questions.Single(q => q.Slot == a.Slot).Response?.ToJson()));
            Assert.Null(resumed.Questions.Single(q => q.Slot == answers[4].Slot).Response);
            Assert.Equal(5, submitted.Questions.Count(q => q.Response is not null));
            Assert.Equal(4.0, submitted.Score);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
