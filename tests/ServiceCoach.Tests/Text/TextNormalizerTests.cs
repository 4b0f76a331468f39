using CsCheck;
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
    public void ScriptTables_HoldIcusCharactersOpenCcsCorrectionsAndThePhraseFixes()
    {
        _ = TextNormalizer.Normalize("a");
        Assert.InRange(TextNormalizer.ScriptMappingCount, 3000, 3200);
        Assert.InRange(TextNormalizer.ScriptPhraseCount, 200, 600);
    }

    [Theory]
    [InlineData("什么时候发货")]
    [InlineData("单干")]
    [InlineData("反复")]
    [InlineData("一万余元")]
    public void Normalize_SimplifiedText_IsNotRewrittenByThePhraseFixes(string simplified) =>
        Assert.Equal(simplified, TextNormalizer.Normalize(simplified));

    [Fact]
    public void Normalize_ARandomTextWithoutScriptPhrases_IsCharacterByCharacter()
    {
        // The phrase fixes are a few hundred two-to-eight character keys; random text does not hold them.
        Gen.String[Gen.Char['\u0020', '\uFFEF'], 0, 200].Sample(text =>
        {
            var expected = new string(text.Select(TextNormalizer.Normalize).ToArray());
            Assert.Equal(expected, TextNormalizer.Normalize(text));
            Assert.Equal(text.Length, TextNormalizer.Normalize(text).Length);
        }, iter: 500);
    }

    [Fact]
    public void ScriptTable_AgreesWithIcuWhereIcuIsInstalled()
    {
        // The committed table was generated from ICU's Traditional-Simplified transform; this
        // re-checks a sample against the live tool so a regenerated table cannot drift unnoticed.
        const string sample = "客戶服務標準化訓練課程處理投訴退貨訂單謝謝您請問髮發裡著乾";
        string? icu;
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("uconv", "-x Traditional-Simplified")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            process.StandardInput.Write(sample);
            process.StandardInput.Close();
            icu = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            icu = null;
        }

        if (icu is null)
        {
            Assert.Skip("uconv (ICU command-line tools) is not installed; the committed table is used as is.");
        }

        Assert.Equal(icu, TextNormalizer.ToSimplified(sample));
    }
}
