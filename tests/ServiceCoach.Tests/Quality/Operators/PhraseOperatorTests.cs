using ServiceCoach.Quality;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class PhraseOperatorTests
{
    private const string Lexicons = """
        trouble:
          phrases: [麻烦, 投诉]
          exceptions: [麻烦您, 不麻烦]
          negatedBy: negators
        negators:
          phrases: [不是, 没有]
        refusal:
          phrases: [不能, 不可以]
        alternative:
          phrases: [建议, 可以]
        """;

    [Fact]
    public void Phrase_InsideAnExceptionPhrase_DoesNotCount()
    {
        var check = Run("phrase: {lexicons: [trouble]}", Conversation(Customer("麻烦您帮我看一下")), lexicons: Lexicons);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
    }

    [Fact]
    public void Phrase_OutsideItsExceptions_Counts()
    {
        var conversation = Conversation(Customer("麻烦您看一下，这也太麻烦了"));

        var check = Run("phrase: {lexicons: [trouble]}", conversation, lexicons: Lexicons);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal(conversation.Turns[0].Text.LastIndexOf("麻烦", StringComparison.Ordinal), Assert.Single(check.Scorecard.Check("hit")!.Evidence).Start);
    }

    [Theory]
    [InlineData("我不是投诉配送员")]
    [InlineData("我没有要投诉")]
    public void Phrase_RightAfterANegatorInTheSameClause_DoesNotCount(string text) =>
        Assert.Equal(CheckOutcome.Fail, Run("phrase: {lexicons: [trouble]}", Conversation(Customer(text)), lexicons: Lexicons).Outcome);

    [Theory]
    [InlineData("不是我说，我要投诉")] // a clause break between the negator and the phrase
    [InlineData("没有人管，实在没有办法只能投诉")] // the negator is far before it
    public void Negator_InAnotherClauseOrFarAway_DoesNotCancel(string text) =>
        Assert.Equal(CheckOutcome.Pass, Run("phrase: {lexicons: [trouble]}", Conversation(Customer(text)), lexicons: Lexicons).Outcome);

    [Fact]
    public void Unless_APhraseInTheSameClause_CancelsTheHit() =>
        Assert.Equal(CheckOutcome.Fail, Run("phrase: {lexicons: [refusal], unless: [alternative]}", Conversation(Agent("不能修改建议您重新下单")), lexicons: Lexicons).Outcome);

    [Fact]
    public void Unless_InAnotherClause_DoesNotCancelByDefault() =>
        Assert.Equal(CheckOutcome.Pass, Run("phrase: {lexicons: [refusal], unless: [alternative]}", Conversation(Agent("不能修改。建议您重新下单")), lexicons: Lexicons).Outcome);

    [Fact]
    public void UnlessWithinTurn_AnywhereInTheTurn_CancelsTheHit() =>
        Assert.Equal(CheckOutcome.Fail, Run("phrase: {lexicons: [refusal], unless: [alternative], unlessWithin: turn}", Conversation(Agent("不能修改。建议您重新下单")), lexicons: Lexicons).Outcome);

    [Fact]
    public void Unless_APhraseInsideTheHitItself_DoesNotExcuseIt() =>
        Assert.Equal(CheckOutcome.Pass, Run("phrase: {lexicons: [refusal], unless: [alternative]}", Conversation(Agent("不可以哦")), lexicons: Lexicons).Outcome);

    [Fact]
    public void Unless_InAnotherTurn_DoesNotCancel() =>
        Assert.Equal(CheckOutcome.Pass, Run("phrase: {lexicons: [refusal], unless: [alternative], unlessWithin: turn}", Conversation(Agent("不能"), Agent("建议您重新下单")), lexicons: Lexicons).Outcome);

    [Fact]
    public void NegatedBy_AnUnknownLexicon_IsAProblemWithItsLocation()
    {
        var problems = Problems("phrase: {lexicons: [trouble]}", lexicons: """
            trouble:
              phrases: [麻烦]
              negatedBy: negatorz
            negators:
              phrases: [不是]
            """);

        var problem = Assert.Single(problems);
        Assert.Contains("The 'negatedBy' of lexicon 'trouble' refers to lexicon 'negatorz', which is not defined. Did you mean 'negators'?", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Location.Line > OperatorLine);
    }

    [Fact]
    public void Unless_AnUnknownLexicon_IsAProblemOnTheOperatorLine() =>
        SingleProblem(Problems("phrase: {lexicons: [trouble], unless: [alternatve]}", lexicons: Lexicons), OperatorLine, "refers to lexicon 'alternatve'", "Did you mean 'alternative'?");

    [Fact]
    public void TurnsMode_CountsTurnsWithAHit_NotDistinctPhrases()
    {
        const string nudges = "nudge:\n  phrases: [在吗, 人呢]";
        var twice = Conversation(Customer("在吗"), Customer("在吗 人呢"));
        var thrice = Conversation(Customer("在吗"), Customer("在吗"), Customer("人呢"));

        Assert.Equal(CheckOutcome.Fail, Run("phrase: {lexicons: [nudge], mode: turns, count: 3}", twice, lexicons: nudges).Outcome);
        Assert.Equal(CheckOutcome.Pass, Run("phrase: {lexicons: [nudge], mode: turns, count: 3}", thrice, lexicons: nudges).Outcome);
    }

    [Fact]
    public void TurnsMode_WithoutACount_IsAProblem() =>
        SingleProblemOnOperatorLine("phrase: {lexicons: [greeting], mode: turns}", "Mode 'turns' needs 'count: N'.");
}
