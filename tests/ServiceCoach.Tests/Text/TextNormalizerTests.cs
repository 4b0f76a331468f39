using ServiceCoach.Text;

namespace ServiceCoach.Tests.Text;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Normalize_TraditionalScript_BecomesSimplified()
    {
        Assert.Equal("客户服务标准化", TextNormalizer.Normalize("客戶服務標準化"));
    }

    [Fact]
    public void Normalize_FullWidthAndUpperCase_FoldToHalfWidthLowerCase()
    {
        Assert.Equal("abc123,ok", TextNormalizer.Normalize("ＡＢＣ１２３，OK"));
    }

    [Fact]
    public void Normalize_KeepsLength_SoOffsetsPointIntoTheOriginal()
    {
        const string original = "您好，請問有什麼可以幫您？";
        Assert.Equal(original.Length, TextNormalizer.Normalize(original).Length);
    }

    [Fact]
    public void ScriptTable_HasTheIcuMappings()
    {
        _ = TextNormalizer.Normalize("a");
        Assert.Equal(2853, TextNormalizer.ScriptMappingCount);
    }
}
