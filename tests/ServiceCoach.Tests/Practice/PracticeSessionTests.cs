using System.Text;
using System.Text.Json;
using ServiceCoach.Conversations;
using ServiceCoach.Practice;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Practice;

public sealed class PracticeSessionTests
{
    private static readonly string[] Good = ["非常抱歉让您久等了", "我马上为您补发", "请问还有其他可以帮您的吗？"];

    [Fact]
    public void Transcript_IsANormalConversation_OfTheScenariosChannelCategoryAndTier()
    {
        var result = PracticeSession.Play(TestScenarios.Load(), Good, new PracticeOptions { ConversationId = "p-1", AgentId = "a-101" });

        var transcript = result.Transcript;
        Assert.Equal(("p-1", "a-101", Channel.Chat, "投诉", "P1"), (transcript.Id, transcript.AgentId, transcript.Channel, transcript.Category, transcript.Customer?.Tier));
        Assert.Equal([Speaker.Customer, Speaker.Agent, Speaker.Customer, Speaker.Agent, Speaker.Customer, Speaker.Agent, Speaker.Customer], transcript.Turns.Select(t => t.Speaker));
        Assert.Equal("我的包裹怎么还没到？太慢了！", transcript.Turns[0].Text);
    }

    [Fact]
    public void Scorecard_IsWhatTheQualityEngineGivesTheTranscript()
    {
        var scenario = TestScenarios.Load();

        var result = PracticeSession.Play(scenario, Good);

        Assert.Equal(ScorecardJson.ToJson(new QualityEngine(ShippedStandards.Default).Score(result.Transcript)), ScorecardJson.ToJson(result.Scorecard));
    }

    [Fact]
    public void ATranscriptWrittenAsJsonLinesAndImported_GetsTheIdenticalScorecard()
    {
        var scenario = TestScenarios.Load();
        var session = PracticeSession.Start(scenario, new PracticeOptions { ConversationId = "practice-42", AgentId = "a-7", OpeningAtMs = 0, StartTime = new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.FromHours(8)) });
        session.Reply(Good[0], 12_000);
        session.Reply(Good[1], 75_000);
        session.Reply(Good[2], 80_000);
        var result = session.Finish();

        var line = ConversationJson.ToJson(result.Transcript);
        var imported = Assert.Single(JsonLinesImporter.ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")), "practice.jsonl"));

        Assert.False(imported.IsError, imported.ToString());
        Assert.True(imported.Conversation.HasTimestamps);
        Assert.Equal(ScorecardJson.ToJson(result.Scorecard), ScorecardJson.ToJson(scenario.Engine.Score(imported.Conversation)));
        Assert.Equal(CheckOutcome.Fail, result.Scorecard.Check("response-time")!.Outcome);
    }

    [Fact]
    public void ATimedSession_RefusesAnUntimedReply_AndTheOtherWayRound()
    {
        var timed = PracticeSession.Start(TestScenarios.Load(), new PracticeOptions { OpeningAtMs = 0 });
        var untimed = PracticeSession.Start(TestScenarios.Load());

        Assert.Throws<ArgumentException>(() => timed.Reply("您好"));
        Assert.Throws<ArgumentException>(() => untimed.Reply("您好", 1000));
        Assert.Throws<ArgumentException>(() => untimed.Reply("  "));
    }

    [Fact]
    public void Result_JudgesTheRubric_TheNeeds_AndTheScoreFromItsParts()
    {
        var result = PracticeSession.Play(TestScenarios.Load(), Good);

        Assert.Equal(PracticeOutcome.Resolved, result.Outcome);
        Assert.Equal([true, true], result.Rubric.Select(r => r.Passed));
        Assert.Equal([0, 1], result.Needs.Select(n => n.Reply));
        Assert.Equal(100m, result.Parts.Rubric);
        Assert.Equal(78m, result.Parts.Calm);
        var expected = Math.Round((0.35m * result.Parts.Quality) + 35m + 20m + (0.1m * 78m), 1, MidpointRounding.AwayFromZero);
        Assert.Equal(expected, result.Score);
        Assert.Equal(0.78m, result.CommunicationEffect);
    }

    [Fact]
    public void Feedback_ForABadAttempt_GivesTheModelReplies_TheStandardsRewrites_AndTheReplyThatHurt()
    {
        var result = PracticeSession.Play(TestScenarios.Load(), ["您必须自己查物流", "我马上为您补发", "好的"]);

        var toChange = result.Feedback.ToChange;
        Assert.Contains(toChange, f => f.Title == "客户还需要：被理解" && f.Model == "非常抱歉让您久等了。");
        var hurt = Assert.Single(toChange, f => f.Reply == 1 && f.Title.StartsWith("第 1 轮回复让客户更不满", StringComparison.Ordinal));
        Assert.Equal("您必须自己查物流", hurt.Quote);
        Assert.Contains("「您必须」→「我们建议您…」", hurt.Detail);
        Assert.Contains(toChange, f => f.Title == "先道歉" && f.Model == "非常抱歉。");
        Assert.Contains(toChange, f => f.Title == "质检：禁语与否定表达" && f.Reply == 1);
    }

    [Fact]
    public void StoppingAfterTheCustomerAccepted_IsResolved_StoppingEarlier_IsTheTurnLimit()
    {
        var accepted = PracticeSession.Play(TestScenarios.Load(), Good[..2]);
        var early = PracticeSession.Play(TestScenarios.Load(), Good[..1]);

        Assert.Equal(PracticeOutcome.Resolved, accepted.Outcome);
        Assert.Equal(PracticeOutcome.TurnLimit, early.Outcome);
        Assert.Equal(CheckOutcome.Fail, accepted.Scorecard.Check("closing")!.Outcome);
    }

    [Fact]
    public void ForTranscript_ScoresALiveDrill_WithoutAnEmotionCurve()
    {
        var conversation = new Conversation
        {
            Id = "drill-1",
            Category = "投诉",
            Turns =
            [
                new Turn(Speaker.Customer, "我的包裹还没到，太慢了"),
                new Turn(Speaker.Agent, "非常抱歉让您久等了"),
                new Turn(Speaker.Customer, "那怎么办"),
                new Turn(Speaker.Agent, "我马上为您补发"),
            ],
        };

        var result = PracticeReport.ForTranscript(TestScenarios.Load(), conversation, PracticeOutcome.Resolved);

        Assert.Empty(result.Emotion);
        Assert.Null(result.Parts.Calm);
        Assert.Null(result.CommunicationEffect);
        Assert.Equal([0, 1], result.Needs.Select(n => n.Reply));
        Assert.Equal(Math.Round(((0.35m * result.Parts.Quality) + (0.35m * result.Parts.Rubric) + 20m) / 0.9m, 1, MidpointRounding.AwayFromZero), result.Score);
    }

    [Fact]
    public void Json_HasTheDocumentedFields_AndAConversationLineThatScoresTheSame()
    {
        var scenario = TestScenarios.Load();
        var result = PracticeSession.Play(scenario, Good);

        using var json = JsonDocument.Parse(PracticeJson.ToJson(result, scenario));
        var root = json.RootElement;

        Assert.Equal("resolved", root.GetProperty("outcome").GetString());
        Assert.Equal(result.Score, root.GetProperty("score").GetDecimal());
        Assert.Equal([60, 44, 22, 22], root.GetProperty("emotion").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(7, root.GetProperty("transcript").GetArrayLength());
        Assert.Equal("sorry-first", root.GetProperty("rubric")[0].GetProperty("id").GetString());
        Assert.Equal(ScorecardJson.ToJson(result.Scorecard), root.GetProperty("scorecard").GetRawText());
        Assert.Equal(ConversationJson.ToJson(result.Transcript), root.GetProperty("conversation").GetRawText());
        Assert.Contains("apology", root.GetProperty("replies")[0].GetProperty("signals").EnumerateArray().Select(s => s.GetString()));
    }
}
