using ServiceCoach.Practice;

namespace ServiceCoach.Tests.Practice;

public sealed class VirtualCustomerTests
{
    private static PracticeSession Start(string yaml = TestScenarios.LateParcel, int seed = 0) =>
        PracticeSession.Start(TestScenarios.Load(yaml), new PracticeOptions { Seed = seed });

    [Fact]
    public void AnApology_CalmsByItsEffect_AndMeetsTheNeed_WhichCalmsByItsRelief()
    {
        var session = Start();

        var turn = session.Reply("非常抱歉让您久等了");

        // 60 − 8 (apology) − 8 (the need "heard" is met).
        Assert.Equal(44, turn.Reaction.Emotion);
        Assert.Equal(["heard"], turn.Reaction.NeedsMet);
        Assert.Equal([new EmotionEffect("apology", -8), new EmotionEffect("need:heard", -8)], turn.Reaction.Effects);
        Assert.Equal("好吧。那怎么办？", turn.Line);
    }

    [Fact]
    public void AGoodConversation_IsResolvedOnceTheLearnerClosesAfterTheCustomerAccepts()
    {
        var session = Start();

        session.Reply("非常抱歉让您久等了");
        var solved = session.Reply("我马上为您补发");
        var closed = session.Reply("请问还有其他可以帮您的吗？");

        Assert.Null(solved.Reaction.Outcome);
        Assert.Equal(CustomerReactions.Default.Resolution[0], solved.Line);
        Assert.Equal(PracticeOutcome.Resolved, closed.Reaction.Outcome);
        Assert.Equal(CustomerReactions.Default.Farewell[0], closed.Line);
        Assert.Equal([60, 44, 22, 22], session.EmotionCurve);
    }

    [Fact]
    public void ASolutionWhileTheCustomerIsStillTooUpset_IsNotAccepted()
    {
        var session = Start();

        var turn = session.Reply("我给您补发");

        // 60 − 8 (solution) = 52 < 55: accepted. From 75: 67, not yet.
        var upset = Start(TestScenarios.LateParcel.Replace("emotion: 60", "emotion: 75", StringComparison.Ordinal));
        var early = upset.Reply("我给您补发");

        Assert.Equal(["remedy"], turn.Reaction.NeedsMet);
        Assert.Empty(early.Reaction.NeedsMet);
        Assert.Equal(67, early.Reaction.Emotion);
        Assert.Equal("你们就没点表示吗？", early.Line);
    }

    [Fact]
    public void NegativePhrasing_InflamesAndDrawsTheDefaultReaction()
    {
        var session = Start();

        var turn = session.Reply("这是规定，您必须等");

        Assert.Contains(new EmotionEffect("negative-phrasing", 18), turn.Reaction.Effects);
        Assert.Contains(new EmotionEffect("ignored", 8), turn.Reaction.Effects);
        Assert.Equal(86, turn.Reaction.Emotion);
        Assert.Equal(CustomerReactions.Default.LinesBeforeProgress.Single(l => l.When.Value == "negative-phrasing").Say[0], turn.Line);
    }

    [Fact]
    public void AReplyThatAddressesNothing_IsHeardAsIgnored_AndTheCustomerPressesAgain()
    {
        var session = Start();

        var first = session.Reply("嗯");
        var second = session.Reply("嗯嗯");

        Assert.True(first.Reaction.Ignored);
        Assert.Equal(68, first.Reaction.Emotion);
        Assert.Equal(CustomerReactions.Default.LinesBeforeProgress.Single(l => l.When.Value == "ignored").Say[0], first.Line);
        Assert.Equal(CustomerReactions.Default.LinesBeforeProgress.Single(l => l.When.Value == "ignored").Say[1], second.Line);
    }

    [Fact]
    public void TheSameCalmingWords_CountLessEachTime()
    {
        var session = Start(TestScenarios.LateParcel.Replace("when: empathy || apology", "when: turn>=9", StringComparison.Ordinal));

        var drops = new List<int>();
        var before = session.Emotion;
        foreach (var reply in new[] { "非常抱歉", "实在抱歉", "真的很抱歉" })
        {
            session.Reply(reply);
            drops.Add(before - session.Emotion);
            before = session.Emotion;
        }

        Assert.Equal([8, 4, 2], drops);
    }

    [Fact]
    public void AtOneHundred_TheCustomerLeaves()
    {
        var session = Start(TestScenarios.LateParcel.Replace("emotion: 60", "emotion: 80", StringComparison.Ordinal));

        var turn = session.Reply("这不是我们的问题，您必须自己去找快递");

        Assert.Equal(PracticeOutcome.Abandoned, turn.Reaction.Outcome);
        Assert.Equal(100, turn.Reaction.Emotion);
        Assert.True(session.IsOver);
        Assert.Throws<InvalidOperationException>(() => session.Reply("抱歉"));
    }

    [Fact]
    public void AtTheEscalationMark_TheCustomerDemandsASupervisor_AndStillUpsetNextTime_IsEscalated()
    {
        var session = Start(TestScenarios.LateParcel.Replace("emotion: 60", "emotion: 85", StringComparison.Ordinal));

        var demand = session.Reply("嗯");
        var escalated = session.Reply("请稍等");

        Assert.Equal(93, demand.Reaction.Emotion);
        Assert.Null(demand.Reaction.Outcome);
        Assert.Equal(CustomerReactions.Default.Escalation[0], demand.Line);
        Assert.Equal(PracticeOutcome.Escalated, escalated.Reaction.Outcome);
    }

    [Fact]
    public void ATransferBeforeTheCaseIsSolved_EndsAsEscalated()
    {
        var session = Start();

        var turn = session.Reply("抱歉，我帮您转接给售后专员");

        Assert.Equal(PracticeOutcome.Escalated, turn.Reaction.Outcome);
        Assert.Equal(CustomerReactions.Default.Transferred[0], turn.Line);
    }

    [Fact]
    public void TheLastReply_EndsAtTheTurnLimit()
    {
        var session = Start();

        PracticeTurn? last = null;
        for (var i = 0; i < 6; i++)
        {
            last = session.Reply("请稍等");
        }

        Assert.Equal(PracticeOutcome.TurnLimit, last!.Reaction.Outcome);
        Assert.Equal(0, session.RepliesLeft);
    }

    [Fact]
    public void ABeat_AnswersItsCue_OnceOnly()
    {
        var session = Start();

        var first = session.Reply("请提供订单号");
        var second = session.Reply("请再提供一下订单号");

        Assert.Equal("订单号是 123。", first.Line);
        Assert.NotEqual("订单号是 123。", second.Line);
    }

    [Fact]
    public void TheSameRepliesAndSeed_GiveTheSameConversation()
    {
        string[] replies = ["嗯", "非常抱歉让您久等了", "您必须等", "我马上为您补发"];

        var a = PracticeSession.Play(TestScenarios.Load(), replies, new PracticeOptions { Seed = 7 });
        var b = PracticeSession.Play(TestScenarios.Load(), replies, new PracticeOptions { Seed = 7 });

        Assert.Equal(a.Transcript.Turns, b.Transcript.Turns);
        Assert.Equal(a.Emotion, b.Emotion);
        Assert.Equal(a.Score, b.Score);
    }

    [Fact]
    public void TheSeed_ChangesWhichVariantIsSaid_NeverWhatTheCustomerFeels()
    {
        string[] replies = ["嗯", "嗯", "非常抱歉"];
        var results = Enumerable.Range(0, 8).Select(seed => PracticeSession.Play(TestScenarios.Load(), replies, new PracticeOptions { Seed = seed })).ToArray();

        Assert.All(results, r => Assert.Equal(results[0].Emotion, r.Emotion));
        Assert.All(results, r => Assert.Equal(results[0].Outcome, r.Outcome));
        Assert.True(results.Select(r => string.Join("|", r.Transcript.Turns.Select(t => t.Text))).Distinct().Count() > 1);
    }

    [Fact]
    public void ASentenceLongerThanMaxSentenceChars_IsHeardAsLongSentences_AndTheCustomerAsksForShortOnes()
    {
        var yaml = TestScenarios.LateParcel.Replace("maxTurns: 6", "maxTurns: 6\nmaxSentenceChars: 10", StringComparison.Ordinal);
        var longOne = Start(yaml).Reply("非常抱歉让您久等了这件事真的非常抱歉");
        var shortOnes = Start(yaml).Reply("非常抱歉让您久等了。这件事真的非常抱歉。");
        var noLimit = Start().Reply("非常抱歉让您久等了这件事真的非常抱歉");

        Assert.Contains(new EmotionEffect("long-sentences", 8), longOne.Reaction.Effects);
        Assert.StartsWith("你说得太快太长了", longOne.Line, StringComparison.Ordinal);
        Assert.DoesNotContain(shortOnes.Reaction.Effects, e => e.Signal == "long-sentences");
        Assert.DoesNotContain(noLimit.Reaction.Effects, e => e.Signal == "long-sentences");
    }
}
