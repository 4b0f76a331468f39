using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class SimilarityOperatorTests
{
    private const string Empathy = "similarity: {examples: [我理解您现在的心情]}";

    [Fact]
    public void Similarity_ParaphraseOfExample_Hits()
    {
        // Bigrams shared: 理解 解您 您现 现在 在的 的心 心情 = 7; 2·7 ÷ (15 + 8) = 0.61 ≥ 0.6.
        var conversation = Conversation(
            Customer("你们的快递都一个礼拜了还没到！"),
            Agent("我非常理解您现在的心情，请您别着急"));

        var check = Run(Empathy, conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 1, "与示例「我理解您现在的心情」相似度 0.61")], check.Evidence);
    }

    [Fact]
    public void Similarity_UnrelatedReply_DoesNotHit()
    {
        var conversation = Conversation(
            Customer("我的快递到哪了？"),
            Agent("您的订单已经发货了，预计明天送达"));

        var check = Run(Empathy, conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Empty(check.Evidence);
    }

    [Fact]
    public void Similarity_ExactlyAtThreshold_Hits()
    {
        // 6 shared bigrams of 11 + 9: 12 ÷ 20 = 0.6 exactly, which must reach threshold 0.6.
        var conversation = Conversation(Agent("请问还有其他可以帮您的吗？"));

        var check = Run("similarity: {examples: [请问还有什么可以帮您], threshold: 0.6}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal("与示例「请问还有什么可以帮您」相似度 0.60", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void Similarity_EditMethod_ScoresByLevenshtein()
    {
        // 什么→其他 (2 substitutions) + 的吗 (2 insertions) over 12 characters: 1 − 4/12 = 0.67.
        var conversation = Conversation(Agent("请问还有其他可以帮您的吗？"));

        var hit = Run("similarity: {examples: [请问还有什么可以帮您], method: edit, threshold: 0.65}", conversation);
        var miss = Run("similarity: {examples: [请问还有什么可以帮您], method: edit, threshold: 0.7}", conversation);

        Assert.Equal(CheckOutcome.Pass, hit.Outcome);
        Assert.Equal("与示例「请问还有什么可以帮您」相似度 0.67", Assert.Single(hit.Evidence).Note);
        Assert.Equal(CheckOutcome.Fail, miss.Outcome);
    }

    [Fact]
    public void Similarity_PunctuationAndSpaces_AreIgnored()
    {
        var conversation = Conversation(Agent("请问 还有什么，可以帮您？？"));

        var check = Run("similarity: {examples: [请问还有什么可以帮您], threshold: 1}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal("与示例「请问还有什么可以帮您」相似度 1.00", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void Similarity_OutsideRole_DoesNotCount()
    {
        var conversation = Conversation(
            Customer("我理解您现在的心情"),
            Agent("好的，请稍等"));

        var check = Run(Empathy, conversation, role: "agent");

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void Similarity_TraditionalTurn_MatchesSimplifiedExampleAndQuotesOriginal()
    {
        var conversation = Conversation(
            Customer("你們的快遞都一個禮拜了還沒到！"),
            Agent("我非常理解您現在的心情，請您別著急"));

        var check = Run(Empathy, conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        var evidence = Assert.Single(check.Evidence);
        Assert.Equal(new EvidenceSpan(1, 0, 17, "我非常理解您現在的心情，請您別著急", null, "与示例「我理解您现在的心情」相似度 0.61"), evidence);
    }

    [Fact]
    public void Similarity_LongExample_IsShortenedInTheNote()
    {
        const string example = "非常抱歉给您带来了不好的购物体验我们一定会认真改进";
        var conversation = Conversation(Agent(example));

        var check = Run($"similarity: {{examples: [{example}]}}", conversation);

        Assert.Equal("与示例「非常抱歉给您带来了不好的购物体验我们一…」相似度 1.00", Assert.Single(check.Evidence).Note);
    }

    [Fact]
    public void Similarity_MissingExamples_IsAProblem()
    {
        var problem = SingleProblemOnOperatorLine("similarity: {threshold: 0.8}", "needs 'examples'");
        Assert.Equal(ColumnOf("similarity: {threshold: 0.8}", "{"), problem.Location.Column);
    }

    [Fact]
    public void Similarity_ThresholdOutOfRange_IsAProblemAtTheValue()
    {
        const string text = "similarity: {examples: [您好], threshold: 1.5}";
        var problem = SingleProblemOnOperatorLine(text, "'threshold'", "between 0 and 1", "found 1.5");
        Assert.Equal(ColumnOf(text, "1.5"), problem.Location.Column);
    }

    [Fact]
    public void Similarity_ThresholdNotANumber_IsAProblem()
    {
        SingleProblemOnOperatorLine("similarity: {examples: [您好], threshold: high}", "'threshold'", "must be a number", "'high'");
    }

    [Fact]
    public void Similarity_UnknownMethod_ListsTheMethods()
    {
        SingleProblemOnOperatorLine("similarity: {examples: [您好], method: cosine}", "'method'", "ngram, edit", "'cosine'");
    }

    [Fact]
    public void Similarity_MisspeltArgument_SuggestsTheRightOne()
    {
        const string text = "similarity: {examples: [您好], treshold: 0.8}";
        var problem = SingleProblemOnOperatorLine(text, "Unknown key 'treshold'", "Did you mean 'threshold'?");
        Assert.Equal(ColumnOf(text, "treshold"), problem.Location.Column);
    }

    [Fact]
    public void Similarity_ExampleWithoutLetters_IsAProblem()
    {
        SingleProblemOnOperatorLine("similarity: {examples: [您好, '？！']}", "the example '？！' has no letters or digits");
    }

    [Fact]
    public void Similarity_ExampleLongerThanTheLimit_IsAProblemAtTheExample()
    {
        var example = new string('好', 2_001);
        var text = $"similarity: {{examples: [您好, {example}]}}";

        var problem = SingleProblemOnOperatorLine(text, "at most 2,000 characters", "this one has 2,001");

        Assert.Equal(ColumnOf(text, example), problem.Location.Column);
    }

    [Fact]
    public void Similarity_ExampleAtTheLimit_Loads()
    {
        Assert.True(Load($"similarity: {{examples: [{new string('好', 2_000)}]}}").Succeeded);
    }

    [Fact]
    public void Similarity_EditMethodOnAHugeTurn_StaysWithinAFewUnitsPerCharacter()
    {
        // 150,000 characters against a 2,000-character example: the full edit table would be 300 million cells.
        var example = string.Concat(Enumerable.Repeat("请问还有什么可以帮您", 200));
        var conversation = Conversation(Agent(string.Concat(Enumerable.Repeat("我们会尽快为您处理", 16_667))[..150_000]));

        var check = Run($"similarity: {{examples: [{example}], method: edit, threshold: 0.6}}", conversation);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.InRange(check.Scorecard.WorkUnits, 1, 4 * 150_000);
    }

    [Fact]
    public void Similarity_EditMethodBeyondTheAllowedDistance_StopsEarlyWithTheSameAnswer()
    {
        // Same length, nothing in common: the row minimum passes the allowed distance after a few rows.
        var example = new string('甲', 1_000);
        var conversation = Conversation(Agent(new string('乙', 1_000)), Agent(example));

        var check = Run($"similarity: {{examples: [{example}], method: edit, threshold: 0.9}}", conversation);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal([WholeTurn(conversation, 1, $"与示例「{example[..19]}…」相似度 1.00")], check.Evidence);
        // The second turn fills its whole table (a million cells); the first stops after about a tenth of it.
        Assert.InRange(check.Scorecard.WorkUnits, 1_001_001, 1_300_000);
    }
}
