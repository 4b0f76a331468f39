using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Practice;
using ServiceCoach.Quality;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;
using ServiceCoach.Web.Tests.Training;

namespace ServiceCoach.Web.Tests.Practice;

/// <summary>
/// A learner practises a scenario in the web app: the conversation is kept as they go, the customer
/// answers exactly as the engine's session does, the result is scored like any imported conversation,
/// only the learner may speak in it, and its score becomes the practical part of their programme grade.
/// </summary>
public sealed class PractisingWithTheVirtualCustomerTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string ScenarioId = "technical-login-failure";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Learner_PlaysTheGoodReplies_ReachesTheSameResultAsTheEngineAndItsTranscriptImportsWithTheSameScorecard(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var attempts = app.Service<PracticeAttempts>();
        var learner = await app.ViewerAsync(app.UsersWithRole(Roles.Agent)[0]);
        var (_, library) = await app.Service<PracticeLibrary>().CurrentAsync(Cancel);
        var scenario = library.Find(ScenarioId)!;
        var good = scenario.Definition.Examples.Good;

        var (attemptId, error) = await attempts.StartAsync(learner, ScenarioId, seed: 7, Cancel);
        Assert.Equal(PracticeError.None, error);
        for (var i = 0; i < good.Count; i++)
        {
            Assert.Equal(PracticeError.None, await attempts.ReplyAsync(learner, attemptId!.Value, good[i], i, Cancel));
        }

        var view = (await attempts.GetAsync(learner, attemptId!.Value, Cancel))!;
        var expected = PracticeSession.Play(scenario, good, new PracticeOptions { Seed = 7 });
        Assert.True(view.IsOver);
        Assert.Equal(PracticeOutcome.Resolved, view.Result!.Outcome);
        Assert.Equal(expected.Score, view.Result.Score);
        Assert.Equal(expected.Emotion, view.Result.Emotion);
        Assert.True(view.Result.Emotion[^1] < view.Result.Emotion[0]);
        Assert.Equal(PracticeError.Over, await attempts.ReplyAsync(learner, attemptId.Value, "还有别的问题吗？", good.Count, Cancel));

        // The same transcript imported as a conversation gets the scorecard the practice report shows.
        var line = ConversationJson.ToJson(view.Result.Transcript with { Id = "practice-import-" + attemptId + "-" + provider });
        await app.Service<ConversationImport>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")), "practice.jsonl", Viewer.System, cancellationToken: Cancel);
        await app.RunScoringAsync();
        await using var db = await app.DbAsync();
        var card = await db.Scorecards.AsNoTracking().Where(s => s.Conversation!.ExternalId == "practice-import-" + attemptId + "-" + provider).SingleAsync(Cancel);
        Assert.Equal(ScorecardRecord.Stored(view.Result.Scorecard.Score), card.EngineScore);
        Assert.Equal(view.Result.Scorecard.Grade, card.Grade);
        Assert.Equal(ScorecardFactory.FailedChecks(view.Result.Scorecard), card.FailedChecks);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AReplyFromABehindPageOrAnotherPerson_IsRefusedAndNothingIsSentTwice(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var attempts = app.Service<PracticeAttempts>();
        var agentName = app.UsersWithRole(Roles.Agent)[1];
        var learner = await app.ViewerAsync(agentName);
        var colleague = await app.ViewerAsync(app.UsersWithRole(Roles.Agent).First(a => a != agentName));
        var supervisor = await app.ViewerAsync(await app.SupervisorOfAsync(agentName));
        var (attemptId, _) = await attempts.StartAsync(learner, ScenarioId, seed: 1, Cancel);
        var id = attemptId!.Value;

        Assert.Equal(PracticeError.None, await attempts.ReplyAsync(learner, id, "您好，我是客服小李，请问登录时看到什么提示？", 0, Cancel));
        Assert.Equal(PracticeError.Stale, await attempts.ReplyAsync(learner, id, "您好，我是客服小李，请问登录时看到什么提示？", 0, Cancel));
        Assert.Equal(PracticeError.EmptyReply, await attempts.ReplyAsync(learner, id, "   ", 1, Cancel));
        Assert.Equal(PracticeError.ReplyTooLong, await attempts.ReplyAsync(learner, id, new string('好', PracticeAttempts.MaxReplyLength + 1), 1, Cancel));
        Assert.Equal(PracticeError.Forbidden, await attempts.ReplyAsync(supervisor, id, "我来替他回答。", 1, Cancel));
        Assert.Equal(PracticeError.NotFound, await attempts.ReplyAsync(learner, id + 1_000_000, "您好", 0, Cancel));

        Assert.Equal(1, (await attempts.GetAsync(learner, id, Cancel))!.Session.RepliesUsed);
        Assert.NotNull(await attempts.GetAsync(supervisor, id, Cancel));
        Assert.Null(await attempts.GetAsync(colleague, id, Cancel));
        Assert.DoesNotContain((await attempts.ListAsync(colleague, cancellationToken: Cancel)).Rows, r => r.Id == id);
        Assert.Contains((await attempts.ListAsync(supervisor, cancellationToken: Cancel)).Rows, r => r.Id == id);

        // Ending early is a result too: out of turns, scored, and no longer open.
        Assert.Equal(PracticeError.None, await attempts.StopAsync(learner, id, 1, Cancel));
        var stopped = (await attempts.GetAsync(learner, id, Cancel))!;
        Assert.Equal(PracticeOutcome.TurnLimit, stopped.Result!.Outcome);
        Assert.Equal("turn-limit", (await attempts.ListAsync(learner, learner.UserId, ScenarioId, cancellationToken: Cancel)).Rows.Single(r => r.Id == id).Outcome);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task APractisedScenario_BecomesThePracticalPartOfTheLearnersProgrammeGrade(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var programmeId = await TakingAnExamTests.CopyOf2026ProgrammeAsync(app);
        var cohorts = app.Service<Cohorts>();
        var cohort = (await cohorts.CreateAsync(Viewer.System, "演练测试 " + Guid.NewGuid().ToString("N")[..6], programmeId, null, null, Cancel))!.Value;
        var agentName = app.UsersWithRole(Roles.Agent)[2];
        Assert.Empty(await cohorts.AddMembersAsync(Viewer.System, cohort, [agentName], Cancel));
        var learner = await app.ViewerAsync(agentName);
        var attempts = app.Service<PracticeAttempts>();
        var (_, library) = await app.Service<PracticeLibrary>().CurrentAsync(Cancel);
        var scenario = library.Find(ScenarioId)!;

        var bad = await PlayAsync(attempts, learner, scenario.Definition.Examples.Bad);
        var good = await PlayAsync(attempts, learner, scenario.Definition.Examples.Good);
        var again = await PlayAsync(attempts, learner, scenario.Definition.Examples.Bad);

        Assert.True(good > bad, $"good {good} should beat bad {bad}");
        Assert.Equal(bad, again);
        var grade = (await app.Service<TrainingGrades>().ProgrammeGradeAsync(learner, learner.UserId, programmeId, Cancel))!;
        var practical = Assert.Single(grade.PracticalParts);
        Assert.Equal((PracticalResults.Practice, ScenarioId), (practical.Source, practical.Reference));
        Assert.Equal(good, practical.ScorePercent, 2);
        Assert.Equal(good, grade.Grade.Practical!.Value, 2);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ThePages_StartReplyAndReport_AndADoubleSendIsRefusedWithTheDraftKept(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agentName = app.UsersWithRole(Roles.Agent)[3];
        using var page = await CookieSession.SignInAsync(app, agentName);

        var library = await page.GetPageAsync("/practice?category=technical-fault");
        Assert.Contains("/practice/scenarios/" + ScenarioId, library, StringComparison.Ordinal);
        Assert.DoesNotContain("/practice/scenarios/complaint-angry-late-parcel", library, StringComparison.Ordinal);

        var started = await page.PostFormAsync("/practice/scenarios/" + ScenarioId, $"/practice/scenarios/{ScenarioId}/start", []);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var attemptUrl = started.Headers.Location!.ToString();
        Assert.StartsWith("/practice/attempts/", attemptUrl, StringComparison.Ordinal);

        var sent = await page.PostFormAsync(attemptUrl, attemptUrl + "/reply", new() { ["text"] = "您好，很抱歉给您带来不便，请问登录时看到什么提示？", ["n"] = "0" });
        var twice = await page.PostFormAsync(attemptUrl, attemptUrl + "/reply", new() { ["text"] = "第二个窗口的回复", ["n"] = "0" });
        var stopped = await page.PostFormAsync(attemptUrl, attemptUrl + "/stop", new() { ["n"] = "1" });
        var report = await page.GetPageAsync(attemptUrl);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("error=stale", twice.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("draft=", twice.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        Assert.Contains("很抱歉给您带来不便", report, StringComparison.Ordinal);
        Assert.DoesNotContain("第二个窗口的回复", report, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"report\"", report, StringComparison.Ordinal);
        Assert.Contains("data-check=", report, StringComparison.Ordinal);

        // Another agent cannot read it, and nobody can speak in someone else's conversation.
        using var other = await CookieSession.SignInAsync(app, app.UsersWithRole(Roles.Agent)[4]);
        Assert.Contains("找不到这次演练", await other.GetPageAsync(attemptUrl), StringComparison.Ordinal);
        var intruding = await other.PostFormAsync("/practice/scenarios/" + ScenarioId, attemptUrl + "/reply", new() { ["text"] = "插话", ["n"] = "1" });
        Assert.Contains("/account/access-denied", intruding.Headers.Location?.ToString() ?? intruding.StatusCode.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ATrainerWritesAScenario_EveryProblemIsReportedWithItsLine_AndOnceSavedLearnersCanPractiseIt(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var library = app.Service<PracticeLibrary>();
        var trainer = await app.ViewerAsync(app.UserWithRole(Roles.Trainer));
        var agent = await app.ViewerAsync(app.UsersWithRole(Roles.Agent)[5]);
        var newId = "written-" + provider.ToString().ToLowerInvariant();
        var shipped = (await library.YamlOfAsync(ScenarioId, Cancel))!;
        var written = shipped.Replace("id: " + ScenarioId, "id: " + newId, StringComparison.Ordinal);
        var broken = written.Replace("category: technical-fault", "category: no-such-category", StringComparison.Ordinal)
            .Replace("difficulty: ", "difficulty: 9 #", StringComparison.Ordinal);

        var problems = await library.SaveAsync(trainer, broken, checkOnly: false, Cancel);
        var forbidden = await library.SaveAsync(agent, written, checkOnly: false, Cancel);
        var sameVersionAsShipped = await library.SaveAsync(trainer, shipped, checkOnly: true, Cancel);
        var saved = await library.SaveAsync(trainer, written, checkOnly: false, Cancel);
        var again = await library.SaveAsync(trainer, written, checkOnly: false, Cancel);

        Assert.True(problems.Problems.Count >= 2, string.Join("\n", problems.Problems));
        Assert.Contains(problems.Problems, p => p.Message.Contains("no-such-category", StringComparison.Ordinal) && p.Location.Line > 1);
        Assert.Contains(problems.Problems, p => p.Location.Line == LineOf(broken, "difficulty: 9"));
        Assert.True(forbidden.Forbidden);
        Assert.Contains("raise 'version'", Assert.Single(sameVersionAsShipped.Problems).Message, StringComparison.Ordinal);
        Assert.True(saved.Succeeded, string.Join("\n", saved.Problems));
        Assert.Contains("raise 'version'", Assert.Single(again.Problems).Message, StringComparison.Ordinal);

        var (_, current) = await library.CurrentAsync(Cancel);
        Assert.NotNull(current.Find(newId));
        Assert.NotNull(current.Find(ScenarioId));
        var (attemptId, error) = await app.Service<PracticeAttempts>().StartAsync(agent, newId, seed: 2, Cancel);
        Assert.Equal(PracticeError.None, error);
        Assert.Equal(newId, (await app.Service<PracticeAttempts>().GetAsync(agent, attemptId!.Value, Cancel))!.Scenario.Id);
        await using var db = await app.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "scenario.save" && e.EntityId == newId, Cancel));

        using var page = await CookieSession.SignInAsync(app, agent.UserName);
        var denied = await page.Client.GetAsync("/practice/scenarios/write", Cancel);
        Assert.Contains("access-denied", denied.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    private static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private static async Task<double> PlayAsync(PracticeAttempts attempts, Viewer learner, IReadOnlyList<string> replies)
    {
        var (attemptId, _) = await attempts.StartAsync(learner, ScenarioId, seed: 3, Cancel);
        var sent = 0;
        foreach (var reply in replies)
        {
            if (await attempts.ReplyAsync(learner, attemptId!.Value, reply, sent, Cancel) == PracticeError.Over)
            {
                break;
            }

            sent++;
        }

        if ((await attempts.GetAsync(learner, attemptId!.Value, Cancel))!.IsOver is false)
        {
            Assert.Equal(PracticeError.None, await attempts.StopAsync(learner, attemptId.Value, sent, Cancel));
        }

        return (await attempts.GetAsync(learner, attemptId.Value, Cancel))!.Result!.Score is var score ? (double)score : 0;
    }
}
