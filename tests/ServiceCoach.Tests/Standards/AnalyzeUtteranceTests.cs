using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Standards;

public sealed class AnalyzeUtteranceTests
{
    private static readonly CompiledStandard Standard = ShippedStandards.Default;

    [Fact]
    public void AnalyzeUtterance_FindsLexiconPhrases_InTraditionalScriptToo_AtTheirOriginalOffsets()
    {
        var analysis = Standard.AnalyzeUtterance("給您帶來不便，非常抱歉");

        var apology = Assert.Single(analysis.LexiconHits, h => h.LexiconId == "apology");
        Assert.Equal(("抱歉", 9, 2), (apology.Phrase, apology.Start, apology.Length));
        Assert.True(analysis.Hits("empathy"));
        Assert.True(analysis.HitsStep("lusaf", "apologize"));
    }

    [Fact]
    public void AnalyzeUtterance_HonoursExceptionsAndNegators_AsThePhraseOperatorDoes()
    {
        Assert.False(Standard.AnalyzeUtterance("不用抱歉").Hits("apology"));
        Assert.False(Standard.AnalyzeUtterance("这个不能退款").Hits("solution"));
        Assert.True(Standard.AnalyzeUtterance("不用担心，马上为您退款").Hits("solution"));
    }

    [Fact]
    public void AnalyzeUtterance_GivesTheRewriteOfPhrasingToAvoid()
    {
        var hit = Assert.Single(Standard.AnalyzeUtterance("您必须先登录").LexiconHits, h => h.LexiconId == "negative");

        Assert.Equal("我们建议您…", hit.Suggestion);
    }
}
