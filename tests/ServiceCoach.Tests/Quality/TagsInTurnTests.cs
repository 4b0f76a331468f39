using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality;

public sealed class TagsInTurnTests
{
    private static readonly QualityEngine Engine = new(ShippedStandards.Default);

    private static Conversation Chat(params (Speaker Speaker, string Text)[] turns) =>
        new() { Id = "c-1", Turns = [.. turns.Select(t => new Turn(t.Speaker, t.Text))] };

    [Fact]
    public void TagsInTurn_GivesOnlyTheBehavioursWithEvidenceInThatTurn_WithThatTurnsSpans()
    {
        var chat = Chat((Speaker.Customer, "太慢了"), (Speaker.Agent, "您好，非常抱歉"), (Speaker.Customer, "怎么办"), (Speaker.Agent, "我马上为您补发"));

        var second = Engine.TagsInTurn(chat, 3);

        Assert.Equal(["solution", "commitment-time"], second.Select(t => t.Id));
        Assert.All(second.SelectMany(t => t.Evidence), e => Assert.Equal(3, e.Turn));
        Assert.Contains("apology", Engine.TagsInTurn(chat, 1).Select(t => t.Id));
    }

    [Fact]
    public void TagsInTurn_HearsAGreetingOnlyInTheFirstReply_AsInspectionDoes()
    {
        var chat = Chat((Speaker.Customer, "在吗"), (Speaker.Agent, "您好"), (Speaker.Customer, "我想问一下"), (Speaker.Agent, "您好"));

        Assert.Contains("greeting", Engine.TagsInTurn(chat, 1).Select(t => t.Id));
        Assert.DoesNotContain("greeting", Engine.TagsInTurn(chat, 3).Select(t => t.Id));
    }

    [Fact]
    public void TagsInTurn_IsNotCutOffByTheEvidenceOfEarlierTurns()
    {
        // More than the per-condition cap of spans before the turn that matters.
        var turns = new List<(Speaker, string)> { (Speaker.Customer, "你好") };
        for (var i = 0; i < 25; i++)
        {
            turns.Add((Speaker.Agent, "抱歉抱歉"));
            turns.Add((Speaker.Customer, "嗯"));
        }

        turns.Add((Speaker.Agent, "真的抱歉"));
        var chat = Chat([.. turns]);

        Assert.Contains("apology", Engine.TagsInTurn(chat, chat.Turns.Count - 1).Select(t => t.Id));
    }

    [Fact]
    public void TagsInTurn_RejectsATurnOutsideTheConversation()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.TagsInTurn(Chat((Speaker.Agent, "您好")), 1));
    }
}
