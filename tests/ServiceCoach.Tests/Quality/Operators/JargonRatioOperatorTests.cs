using CsCheck;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Operators;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality.Operators;

public sealed class JargonRatioOperatorTests
{
    private const string Lexicons = """
        jargon:
          name: 行业术语
          phrases:
            - {text: T+1, suggestion: 下一个工作日}
            - 风控
            - 清结算
            - 结算
            - SKU
        """;

    // 21 content characters ('+' and the comma do not count); jargon covers T,1 + 风控 + 清结算 = 7.
    private const string Heavy = "您的款项T+1到账，风控审核通过后走清结算流程";

    [Fact]
    public void JargonRatio_JargonHeavyReply_HitsWithTheRatio()
    {
        var conversation = Conversation(Agent(Heavy));

        var check = Run("jargonRatio", conversation, lexicons: Lexicons);

        Assert.Equal(CheckOutcome.Pass, check.Outcome);
        Assert.Equal("术语占比 33.3%（上限 5%）", check.Reason);
        Assert.Equal(
            [
                Span(conversation, 0, "T+1", suggestion: "下一个工作日"),
                Span(conversation, 0, "风控"),
                Span(conversation, 0, "清结算"),
            ],
            check.Evidence);
    }

    [Fact]
    public void JargonRatio_UnderTheLimit_DoesNotHitButShowsTheTerms()
    {
        // 3 of 23 characters = 13% ≤ 20%.
        var conversation = Conversation(Agent("您的订单已经进入清结算流程，预计明天到账，请您放心"));

        var check = Run("jargonRatio: {maxRatio: 0.2}", conversation, lexicons: Lexicons);

        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal([Span(conversation, 0, "清结算")], check.Evidence);
    }

    [Fact]
    public void JargonRatio_RatioIsOverAllScopedTurns()
    {
        // 7 jargon characters of 21 + 15 = 36 agent characters: 19.4% (the customer's turn is out of scope).
        var conversation = Conversation(
            Agent(Heavy),
            Customer("听不懂，你能说简单点吗"),
            Agent("就是钱明天到您的账户上，不用担心"));

        var agent = Run("jargonRatio", conversation, role: "agent", lexicons: Lexicons);

        Assert.Equal("术语占比 19.4%（上限 5%）", agent.Reason);
    }

    [Fact]
    public void JargonRatio_NoText_DoesNotHit()
    {
        var conversation = Conversation(Customer("你好"), Agent("？？"));

        Assert.Equal(CheckOutcome.Fail, Run("jargonRatio", conversation, role: "agent", lexicons: Lexicons).Outcome);
    }

    [Fact]
    public void JargonRatio_InlinePhrases_Work()
    {
        // S, K, U of 这个SKU缺货's 7 characters: 42.9%.
        var conversation = Conversation(Agent("这个SKU缺货"));

        var check = Run("jargonRatio: {phrases: [SKU], maxRatio: 0.3}", conversation);

        Assert.Equal("术语占比 42.9%（上限 30%）", check.Reason);
    }

    [Fact]
    public void JargonRatio_TraditionalScript_EvidenceQuotesTheOriginal()
    {
        var conversation = Conversation(Agent("您的款項T+1到賬，風控審核通過後走清結算流程"));

        var check = Run("jargonRatio", conversation, lexicons: Lexicons);

        Assert.Equal("术语占比 33.3%（上限 5%）", check.Reason);
        Assert.Equal(
            [
                new EvidenceSpan(0, 4, 3, "T+1", "下一个工作日", null),
                new EvidenceSpan(0, 10, 2, "風控", null, null),
                new EvidenceSpan(0, 18, 3, "清結算", null, null),
            ],
            check.Evidence);
    }

    [Fact]
    public void CoveredContent_AgreesWithMarkingEachCharacter()
    {
        var text = Gen.Char["ab风控+ ，"].Array[1, 16].Select(c => new string(c));
        var spans = Gen.Int[0, 15].Select(Gen.Int[1, 6]).List[0, 5];
        Gen.Select(text, spans).Sample((t, raw) =>
        {
            var clipped = raw.Where(s => s.Item1 < t.Length).Select(s => (s.Item1, Math.Min(s.Item2, t.Length - s.Item1))).ToList();
            var marked = new bool[t.Length];
            foreach (var (start, length) in clipped)
            {
                for (var i = start; i < start + length; i++)
                {
                    marked[i] = true;
                }
            }

            var expected = Enumerable.Range(0, t.Length).Count(i => marked[i] && char.IsLetterOrDigit(t[i]));
            return JargonRatioOperator.CoveredContent(t, clipped) == expected;
        });
    }

    [Fact]
    public void JargonRatio_NoJargonLexiconInTheStandard_IsAProblem()
    {
        SingleProblemOnOperatorLine("jargonRatio: {maxRatio: 0.05}", "needs 'lexicons' or 'phrases'", "no lexicon 'jargon'");
    }

    [Fact]
    public void JargonRatio_MaxRatioAsPercent_IsAProblem()
    {
        const string text = "jargonRatio: {maxRatio: 5}";
        var problem = SingleProblem(Problems(text, lexicons: Lexicons), OperatorLine, "'maxRatio'", "between 0 and 1", "found 5");
        Assert.Equal(ColumnOf(text, "5}"), problem.Location.Column);
    }
}
