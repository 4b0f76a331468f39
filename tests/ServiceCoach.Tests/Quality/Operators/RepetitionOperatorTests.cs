using CsCheck;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Operators;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class RepetitionOperatorTests
{
    private static readonly ServiceCoach.Conversations.Conversation CannedReplies = Conversation(
        Customer("我的快递三天没动了，能帮我看看吗"),
        Agent("您好，您的问题我已经记录，会尽快为您处理"),
        Customer("那到底什么时候能到？"),
        Agent("您好，您的问题我已经记录了，会尽快为您处理"));

    [Fact]
    public void Repetition_AgentRepeatsCannedReply_HitsOnTheLaterTurn()
    {
        // 16 of 17 and 18 bigrams shared: 32 ÷ 35 = 0.91 ≥ 0.9.
        var check = Run("repetition", CannedReplies);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(CannedReplies, 3, "与第 2 轮内容重复")], check.Evidence);
    }

    [Fact]
    public void Repetition_FartherApartThanWindow_DoesNotHit()
    {
        var check = Run("repetition: {window: 1}", CannedReplies);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Empty(check.Evidence);
    }

    [Fact]
    public void Repetition_DifferentAnswers_DoNotHit()
    {
        var conversation = Conversation(
            Customer("我的快递三天没动了"),
            Agent("您好，我这边帮您查询一下物流信息"),
            Customer("好"),
            Agent("查到了，包裹目前在杭州转运中心，预计后天送达"));

        var check = Run("repetition", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void Repetition_CustomerEchoingTheAgent_IsNotARepeat()
    {
        var conversation = Conversation(
            Agent("请您提供一下下单时使用的手机号码"),
            Customer("请您提供一下下单时使用的手机号码？什么意思"));

        var check = Run("repetition: {threshold: 0.7}", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void Repetition_ShortAcknowledgements_AreIgnored()
    {
        var conversation = Conversation(
            Agent("好的，明白了"),
            Customer("还有一个问题想问一下"),
            Agent("好的，明白了"));

        Assert.Equal(CheckOutcome.Fail, Run("repetition", conversation).Outcome);
        Assert.Equal(CheckOutcome.Pass, Run("repetition: {minChars: 4}", conversation).Outcome);
    }

    [Fact]
    public void Repetition_OutsideScope_DoesNotCount()
    {
        var check = Run("repetition", CannedReplies, role: "customer");

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void Repetition_TraditionalScript_QuotesTheOriginalTurn()
    {
        var conversation = Conversation(
            Customer("我的快遞三天沒動了，能幫我看看嗎"),
            Agent("您好，您的問題我已經記錄，會盡快為您處理"),
            Customer("那到底什麼時候能到？"),
            Agent("您好，您的問題我已經記錄了，會盡快為您處理"));

        var check = Run("repetition", conversation);

        Assert.Equal([new EvidenceSpan(3, 0, 21, "您好，您的問題我已經記錄了，會盡快為您處理", null, "与第 2 轮内容重复")], check.Evidence);
    }

    [Fact]
    public void Repetition_ZeroWindow_IsAProblem()
    {
        const string text = "repetition: {window: 0}";
        var problem = SingleProblemOnOperatorLine(text, "'window'", "between 1 and 1000", "found 0");
        Assert.Equal(ColumnOf(text, "0}"), problem.Location.Column);
    }

    [Fact]
    public void Repetition_ThresholdNotANumber_IsAProblem()
    {
        SingleProblemOnOperatorLine("repetition: {threshold: [0.9]}", "'threshold'", "must be a number", "a list");
    }

    [Fact]
    public void Repetition_UnknownArgument_ListsKnownOnes()
    {
        SingleProblemOnOperatorLine("repetition: {speaker: agent}", "Unknown key 'speaker'", "minChars, threshold, window");
    }

    [Fact]
    public void Repetition_AgreesWithDiceOverPreparedTexts()
    {
        // The operator keeps turns in pooled buffers, builds bigrams only when a pair needs them
        // and stops a merge once the threshold is out of reach; it must answer exactly as the
        // plain Dice coefficient over the two prepared texts does.
        var texts = Gen.Char["ab您好谢，"].Array[0, 14].Select(chars => new string(chars));
        Gen.Select(texts, texts, Gen.Int[1, 10]).Sample((a, b, tenths) =>
        {
            var threshold = tenths / 10.0;
            var (x, y) = (SimilarityText.FromOriginal(a), SimilarityText.FromOriginal(b));
            var expected = x.Length >= 2 && y.Length >= 2 && TextSimilarity.Dice(x, y) + TextSimilarity.Tolerance >= threshold;
            var check = Run($"repetition: {{window: 1, minChars: 2, threshold: {tenths / 10m}}}", Conversation(Agent(a), Agent(b)));
            return (check.Outcome == CheckOutcome.Pass) == expected;
        }, iter: 300);
    }
}
