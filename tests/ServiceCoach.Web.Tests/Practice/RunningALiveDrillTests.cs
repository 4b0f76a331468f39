using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Practice;
using ServiceCoach.Quality;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;

namespace ServiceCoach.Web.Tests.Practice;

/// <summary>
/// A live multi-role drill (R-PRA-2/3): a trainer opens a room, learners join and take the customer,
/// agent and supervisor parts in rotation, the supervisor comments on single turns, and the agent's
/// transcript is scored by the same engine call as an imported conversation, comments in the report.
/// Only the players speak, only the supervisor or the host comments, outsiders see nothing.
/// </summary>
public sealed class RunningALiveDrillTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string ScenarioId = "technical-login-failure";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1, 3, 0, 1, 2)]
    [InlineData(2, 3, 1, 2, 0)]
    [InlineData(3, 3, 2, 0, 1)]
    [InlineData(4, 3, 0, 1, 2)]
    [InlineData(1, 2, 0, 1, null)]
    [InlineData(2, 2, 1, 0, null)]
    [InlineData(2, 4, 1, 2, 3)]
    public void Rotation_MovesEveryPartOneSeatOnEachRound(int round, int players, int customer, int agent, int? supervisor) =>
        Assert.Equal((customer, agent, supervisor), Drills.Rotation(round, players));

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ATrainerRunsADrill_RolesRotate_AndTheRoundIsScoredLikeAnImportedConversationWithTheComments(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var drills = app.Service<Drills>();
        var trainer = await app.ViewerAsync(app.UserWithRole(Roles.Trainer));
        var agents = app.UsersWithRole(Roles.Agent);
        var (alice, bob, carol, outsider) = (await app.ViewerAsync(agents[0]), await app.ViewerAsync(agents[1]), await app.ViewerAsync(agents[2]), await app.ViewerAsync(agents[3]));

        Assert.Equal(DrillError.Forbidden, (await drills.OpenAsync(alice, ScenarioId, null, hostPlays: true, Cancel)).Error);
        Assert.Equal(DrillError.NotFound, (await drills.OpenAsync(trainer, "no-such-scenario", null, hostPlays: true, Cancel)).Error);
        var (roomId, opened) = await drills.OpenAsync(trainer, ScenarioId, "二组周五演练", hostPlays: false, Cancel);
        Assert.Equal(DrillError.None, opened);
        var room = roomId!.Value;

        Assert.Equal(DrillError.None, (await drills.JoinAsync(alice, room, Cancel)).Error);
        Assert.Equal(DrillError.NotEnoughPlayers, (await drills.StartRoundAsync(trainer, room, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.JoinAsync(bob, room, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.JoinAsync(carol, room, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.JoinAsync(carol, room, Cancel)).Error);
        Assert.Equal(DrillError.Forbidden, (await drills.StartRoundAsync(alice, room, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.StartRoundAsync(trainer, room, Cancel)).Error);
        Assert.Equal(DrillError.RoundRunning, (await drills.StartRoundAsync(trainer, room, Cancel)).Error);

        // Round 1: alice is the customer, bob the agent, carol the supervisor.
        var (_, library) = await app.Service<PracticeLibrary>().CurrentAsync(Cancel);
        var scenario = library.Find(ScenarioId)!;
        Assert.Equal(DrillError.None, (await drills.SayAsync(alice, room, scenario.Definition.Opening[0], 0, Cancel)).Error);
        var said = 1;
        foreach (var reply in scenario.Definition.Examples.Good)
        {
            Assert.Equal(DrillError.None, (await drills.SayAsync(bob, room, reply, said++, Cancel)).Error);
            Assert.Equal(DrillError.None, (await drills.SayAsync(alice, room, "嗯，好的。", said++, Cancel)).Error);
        }

        // A double send (the page had not seen the first yet) is said once.
        var last = scenario.Definition.Examples.Good[^1];
        Assert.Equal(DrillError.None, (await drills.SayAsync(bob, room, last, said - 2, Cancel)).Error);
        Assert.Equal(DrillError.Forbidden, (await drills.SayAsync(carol, room, "我来替客服说。", said, Cancel)).Error);
        Assert.Equal(DrillError.Forbidden, (await drills.SayAsync(outsider, room, "插话", said, Cancel)).Error);
        Assert.Equal(DrillError.EmptyText, (await drills.SayAsync(bob, room, "  ", said, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.CommentAsync(carol, room, 1, 2, "先道歉再问错误代码，很好。", Cancel)).Error);
        Assert.Equal(DrillError.Forbidden, (await drills.CommentAsync(bob, room, 1, 2, "我觉得我很好。", Cancel)).Error);
        Assert.Equal(DrillError.NoSuchTurn, (await drills.CommentAsync(carol, room, 1, 99, "？", Cancel)).Error);
        Assert.Equal(DrillError.Forbidden, (await drills.EndRoundAsync(bob, room, "resolved", Cancel)).Error);
        Assert.Equal(DrillError.BadOutcome, (await drills.EndRoundAsync(alice, room, "turn-limit", Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.EndRoundAsync(alice, room, "resolved", Cancel)).Error);

        var view = (await drills.GetAsync(bob, room, Cancel))!;
        var round1 = Assert.Single(view.Rounds);
        Assert.Equal((alice.UserId, bob.UserId, carol.UserId), (round1.Customer.UserId, round1.Agent.UserId, round1.Supervisor!.UserId));
        Assert.Equal(said, round1.Turns.Count);
        Assert.Equal(Enumerable.Range(1, said), round1.Turns.Select(t => t.Number));
        var comment = Assert.Single(round1.Comments);
        Assert.Equal((2, "先道歉再问错误代码，很好。"), (comment.TurnNumber, comment.Text));
        var result = round1.Result!;
        Assert.Equal(PracticeOutcome.Resolved, result.Outcome);
        Assert.Empty(result.Emotion);
        Assert.Equal(scenario.Definition.Needs.Count, result.Needs.Count(n => n.Met));

        // The same transcript scored as an imported conversation gets the same scorecard, and the stored score is the report's.
        using var line = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ConversationJson.ToJson(result.Transcript) + "\n"));
        var imported = scenario.Engine.Score(ConversationReader.Read(line, "drill.jsonl").Single().Conversation!);
        Assert.Equal(imported.Score, result.Scorecard.Score);
        Assert.Equal(imported.Checks.Select(c => (c.Id, c.Outcome)), result.Scorecard.Checks.Select(c => (c.Id, c.Outcome)));
        await using (var db = await app.DbAsync())
        {
            var stored = await db.DrillRounds.AsNoTracking().SingleAsync(r => r.RoomId == room && r.Number == 1, Cancel);
            Assert.Equal((double)result.Score, stored.Score);
            Assert.Equal("resolved", stored.Outcome);
        }

        // Rounds 2 and 3 move every part one seat on: everyone has played everything.
        Assert.Equal(DrillError.None, (await drills.StartRoundAsync(trainer, room, Cancel)).Error);
        var round2 = (await drills.GetAsync(trainer, room, Cancel))!.Current!;
        Assert.Equal((bob.UserId, carol.UserId, alice.UserId), (round2.Customer.UserId, round2.Agent.UserId, round2.Supervisor!.UserId));
        Assert.Equal(DrillError.None, (await drills.SayAsync(bob, room, "你们的系统又登录不上了！", 0, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.SayAsync(carol, room, "您必须先重启电脑。", 1, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.EndRoundAsync(bob, room, "abandoned", Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.StartRoundAsync(trainer, room, Cancel)).Error);
        var round3 = (await drills.GetAsync(trainer, room, Cancel))!.Current!;
        Assert.Equal((carol.UserId, alice.UserId, bob.UserId), (round3.Customer.UserId, round3.Agent.UserId, round3.Supervisor!.UserId));

        var after = (await drills.GetAsync(trainer, room, Cancel))!;
        Assert.True(after.Rounds[1].Result!.Score < result.Score, $"the rude round {after.Rounds[1].Result!.Score} should score below the good one {result.Score}");

        // Outsiders see the lobby, not the rounds, and cannot follow the room live.
        var seenByOutsider = (await drills.GetAsync(outsider, room, Cancel))!;
        Assert.False(seenByOutsider.IsMember);
        Assert.Empty(seenByOutsider.Rounds);
        Assert.False(await drills.MayWatchAsync(outsider, room, Cancel));
        Assert.True(await drills.MayWatchAsync(carol, room, Cancel));

        // Closing ends the running round as abandoned; nothing more is said, comments may still come.
        Assert.Equal(DrillError.Forbidden, (await drills.CloseAsync(alice, room, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.CloseAsync(trainer, room, Cancel)).Error);
        var closed = (await drills.GetAsync(alice, room, Cancel))!;
        Assert.False(closed.IsOpen);
        Assert.Equal(PracticeOutcome.Abandoned, closed.Rounds[2].Result!.Outcome);
        Assert.Equal(DrillError.Closed, (await drills.SayAsync(carol, room, "还在吗？", 0, Cancel)).Error);
        Assert.Equal(DrillError.None, (await drills.CommentAsync(trainer, room, 2, 2, "“您必须”是禁用语。", Cancel)).Error);
        await using (var db = await app.DbAsync())
        {
            var id = room.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "drill.open" && e.EntityId == id, Cancel));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "drill.close" && e.EntityId == id, Cancel));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task BothPlayersTalkingAtOnce_EveryLineIsKeptOnceAndNumberedInOrder(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var drills = app.Service<Drills>();
        var trainer = await app.ViewerAsync(app.UserWithRole(Roles.Trainer));
        var customer = await app.ViewerAsync(app.UsersWithRole(Roles.Agent)[^1]);
        var (roomId, _) = await drills.OpenAsync(trainer, ScenarioId, null, hostPlays: true, Cancel);
        var room = roomId!.Value;
        await drills.JoinAsync(customer, room, Cancel);
        await drills.StartRoundAsync(trainer, room, Cancel);
        var agent = (await drills.GetAsync(trainer, room, Cancel))!.Current!.Agent.UserId == trainer.UserId ? trainer : customer;
        var other = agent == trainer ? customer : trainer;

        var lines = Enumerable.Range(1, 8).SelectMany(i => new[] { (Who: agent, Text: $"客服第 {i} 句"), (Who: other, Text: $"客户第 {i} 句") }).ToList();
        var results = await Task.WhenAll(lines.Select(l => drills.SayAsync(l.Who, room, l.Text, 0, Cancel)));

        Assert.All(results, r => Assert.Equal(DrillError.None, r.Error));
        var round = (await drills.GetAsync(trainer, room, Cancel))!.Current!;
        Assert.Equal(lines.Select(l => l.Text).Order(StringComparer.Ordinal), round.Turns.Select(t => t.Text).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, lines.Count), round.Turns.Select(t => t.Number));
        Assert.Equal(results.Max(r => r.Revision), (await drills.GetAsync(trainer, room, Cancel))!.Revision);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ThePages_ShowEachPlayerTheirPart_AndOutsidersOnlyTheJoinButton(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var agents = app.UsersWithRole(Roles.Agent);
        using var host = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Trainer));
        using var first = await CookieSession.SignInAsync(app, agents[1]);
        using var second = await CookieSession.SignInAsync(app, agents[2]);
        using var outsider = await CookieSession.SignInAsync(app, agents[3]);

        var opened = await host.PostFormAsync("/practice/drills", "/practice/drills/open", new() { ["scenario"] = ScenarioId, ["title"] = "页面测试" });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var roomUrl = opened.Headers.Location!.ToString();
        var agentOpening = await first.PostFormAsync("/practice/drills", "/practice/drills/open", new() { ["scenario"] = ScenarioId });
        Assert.Contains("/account/access-denied", agentOpening.Headers.Location?.ToString() ?? agentOpening.StatusCode.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync(roomUrl, roomUrl + "/join", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.PostFormAsync(roomUrl, roomUrl + "/join", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await host.PostFormAsync(roomUrl, roomUrl + "/rounds", [])).StatusCode);

        // The host did not tick "I take part", so the first to join is the customer and sees the customer's facts.
        var scenario = ShippedScenarios.Default.Find(ScenarioId)!.Definition;
        var fact = scenario.Persona.Description!;
        var customerPage = await first.GetPageAsync(roomUrl);
        var agentPage = await second.GetPageAsync(roomUrl);
        Assert.Contains("data-testid=\"my-role\"", customerPage, StringComparison.Ordinal);
        Assert.Contains(fact, customerPage, StringComparison.Ordinal);
        Assert.DoesNotContain(fact, agentPage, StringComparison.Ordinal);
        Assert.Contains("以客服身份回复", agentPage, StringComparison.Ordinal);

        var sent = await first.PostFormAsync(roomUrl, roomUrl + "/say", new() { ["text"] = "我登录不上了！", ["n"] = "0" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("我登录不上了！", await second.GetPageAsync(roomUrl), StringComparison.Ordinal);

        var outsiderPage = await outsider.GetPageAsync(roomUrl);
        Assert.Contains("加入演练", outsiderPage, StringComparison.Ordinal);
        Assert.DoesNotContain("我登录不上了！", outsiderPage, StringComparison.Ordinal);
        var intruding = await outsider.PostFormAsync(roomUrl, roomUrl + "/say", new() { ["text"] = "插话", ["n"] = "1" });
        Assert.Contains("/account/access-denied", intruding.Headers.Location?.ToString() ?? intruding.StatusCode.ToString(), StringComparison.Ordinal);

        // The live channel is for signed-in people only.
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var negotiate = await anonymous.PostAsync(DrillHubPath + "/negotiate?negotiateVersion=1", null, Cancel);
        Assert.NotEqual(HttpStatusCode.OK, negotiate.StatusCode);
        var signedIn = await first.Client.PostAsync(DrillHubPath + "/negotiate?negotiateVersion=1", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    private const string DrillHubPath = "/hubs/drills";
}
