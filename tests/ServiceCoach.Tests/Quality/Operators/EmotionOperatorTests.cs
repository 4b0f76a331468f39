using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class EmotionOperatorTests
{
    private const string Lexicons = """
        anger:
          name: 愤怒
          phrases: [气死我了, 太慢了, 什么破服务]
        complaint:
          name: 投诉意向
          phrases: [投诉, 我要投诉]
        """;

    private static readonly ServiceCoach.Conversations.Conversation Calmed = Conversation(
        Customer("气死我了，快递一个礼拜都没到"),
        Agent("非常抱歉，我马上帮您催促"),
        Customer("那你们什么时候能送到"),
        Agent("明天中午前送达"),
        Customer("好的，那我再等等"),
        Agent("感谢您的理解"),
        Customer("谢谢你"));

    private static OperatorResult RunEmotion(string operatorText, ServiceCoach.Conversations.Conversation conversation) =>
        Run(operatorText, conversation, role: "customer", lexicons: Lexicons);

    [Fact]
    public void Emotion_AngerAnywhere_HitsWithTheSpans()
    {
        var conversation = Conversation(
            Customer("你们这是什么破服务"),
            Agent("非常抱歉给您带来不好的体验"));

        var check = RunEmotion("emotion", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([Span(conversation, 0, "什么破服务")], check.Evidence);
    }

    [Fact]
    public void Emotion_CalmCustomer_DoesNotHit()
    {
        var conversation = Conversation(Customer("请问发票怎么开"), Agent("在订单详情页就可以申请"));

        var check = RunEmotion("emotion", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Empty(check.Evidence);
    }

    [Fact]
    public void Emotion_NestedPhrase_IsReportedOnce()
    {
        var conversation = Conversation(Customer("我要投诉你们"));

        var check = RunEmotion("emotion", conversation);

        Assert.Equal([Span(conversation, 0, "我要投诉")], check.Evidence);
    }

    [Fact]
    public void Emotion_AngryAtStartCalmAtEnd_IsCalmed()
    {
        var calmed = RunEmotion("emotion: {trajectory: calmed}", Calmed);
        var persisted = RunEmotion("emotion: {trajectory: persisted}", Calmed);
        var rose = RunEmotion("emotion: {trajectory: rose}", Calmed);

        Assert.Equal(CheckOutcome.Pass, calmed.Outcome);
        Assert.Equal([Span(Calmed, 0, "气死我了")], calmed.Evidence);
        Assert.Equal("前 2 轮有负面情绪，后 2 轮无负面情绪", persisted.Reason);
        Assert.Equal(CheckOutcome.Fail, persisted.Outcome);
        Assert.Equal(CheckOutcome.Fail, rose.Outcome);
    }

    [Fact]
    public void Emotion_AngerOnlyAtTheEnd_Rose()
    {
        var conversation = Conversation(
            Customer("我想问一下退款进度"),
            Agent("退款需要七到十五个工作日"),
            Customer("这么久？"),
            Agent("是的，这是银行的处理时间"),
            Customer("太慢了，我要投诉"));

        Assert.Equal(CheckOutcome.Pass, RunEmotion("emotion: {trajectory: rose}", conversation).Outcome);
        Assert.Equal(CheckOutcome.Pass, RunEmotion("emotion: {trajectory: late}", conversation).Outcome);
        Assert.Equal(CheckOutcome.Fail, RunEmotion("emotion: {trajectory: early}", conversation).Outcome);
    }

    [Fact]
    public void Emotion_AngryThroughout_Persisted()
    {
        var conversation = Conversation(
            Customer("气死我了，快递一个礼拜都没到"),
            Customer("你们这效率太慢了"),
            Customer("我要投诉"));

        // Three customer turns, window 2: early = turn 1, late = turn 3 (the parts never overlap).
        var check = RunEmotion("emotion: {trajectory: persisted}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([Span(conversation, 0, "气死我了"), Span(conversation, 2, "我要投诉")], check.Evidence);
    }

    [Fact]
    public void Emotion_ShortScope_MiddleTurnIsNeitherEarlyNorLate()
    {
        var conversation = Conversation(
            Customer("你好，我想查一下订单"),
            Customer("都三天了还没发货，太慢了"),
            Customer("好吧我再等等"));

        Assert.Equal(CheckOutcome.Pass, RunEmotion("emotion", conversation).Outcome);
        Assert.Equal(CheckOutcome.Fail, RunEmotion("emotion: {trajectory: early}", conversation).Outcome);
        Assert.Equal(CheckOutcome.Fail, RunEmotion("emotion: {trajectory: late}", conversation).Outcome);
        Assert.Equal(CheckOutcome.Fail, RunEmotion("emotion: {trajectory: persisted}", conversation).Outcome);
    }

    [Fact]
    public void Emotion_TrajectoryWithOneTurn_IsNa()
    {
        var conversation = Conversation(Customer("气死我了"), Agent("非常抱歉"));

        var check = RunEmotion("emotion: {trajectory: calmed}", conversation);

        Assert.Equal(CheckOutcome.Na, check.Outcome);
        Assert.Equal("发言不足 2 轮，无法判断情绪变化", check.Reason);
    }

    [Fact]
    public void Emotion_WindowOne_LooksAtTheFirstAndLastTurnOnly()
    {
        Assert.Equal(CheckOutcome.Pass, RunEmotion("emotion: {trajectory: calmed, window: 1}", Calmed).Outcome);
    }

    [Fact]
    public void Emotion_DefaultsToTheConventionalLexiconsThatExist()
    {
        var conversation = Conversation(Customer("快递太慢了"));

        var check = Run("emotion", conversation, lexicons: "anger: {phrases: [太慢了]}");

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
    }

    [Fact]
    public void Emotion_TraditionalScript_EvidencePointsIntoTheOriginal()
    {
        var conversation = Conversation(Customer("氣死我了，快遞一個禮拜都沒到"), Customer("我要投訴"));

        var check = RunEmotion("emotion", conversation);

        Assert.Equal([new EvidenceSpan(0, 0, 4, "氣死我了", null, null), new EvidenceSpan(1, 0, 4, "我要投訴", null, null)], check.Evidence);
    }

    [Fact]
    public void Emotion_NoConventionalLexicon_IsAProblem()
    {
        SingleProblemOnOperatorLine("emotion: {trajectory: rose}", "needs 'lexicons' or 'phrases'", "no lexicon 'anger' or 'complaint'");
    }

    [Fact]
    public void Emotion_UnknownTrajectory_ListsTheChoices()
    {
        const string text = "emotion: {trajectory: worse}";
        var problem = SingleProblem(Problems(text, lexicons: Lexicons), OperatorLine, "'trajectory'", "any, early, late, persisted, rose, calmed", "'worse'");
        Assert.Equal(ColumnOf(text, "worse"), problem.Location.Column);
    }

    [Fact]
    public void Emotion_WindowZero_IsAProblem()
    {
        SingleProblem(Problems("emotion: {window: 0}", lexicons: Lexicons), OperatorLine, "'window'", "between 1 and 1000");
    }
}
