using System.Globalization;
using System.Text;
using ServiceCoach.Text;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Text;

/// <summary>
/// Traditional script is scored exactly like simplified: every sample and every real dev chat,
/// written in traditional script by ICU and by OpenCC (s2t, s2tw, s2hk), gets the same tags,
/// outcomes, points, score and risk as the original, with evidence at the same places.
/// </summary>
public sealed class ScriptParityTests
{
    private static readonly QualityEngine Engine = new(ShippedStandards.Default);

    public static TheoryData<string> Conversions => ["icu", .. ScriptConverters.OpenCcTargets];

    [Fact]
    public void TheTestsOpenCcConverter_WritesWhatOpenCcJsWrites()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Text", "OpenCC", "golden-samples.tsv"));
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var fields = line.Split('\t');
            Assert.Equal(fields[1], ScriptConverters.OpenCcConvert("s2t", fields[0]));
            Assert.Equal(fields[2], ScriptConverters.OpenCcConvert("s2tw", fields[0]));
            Assert.Equal(fields[3], ScriptConverters.OpenCcConvert("s2hk", fields[0]));
        }
    }

    [Theory]
    [InlineData("甚麼時候發貨", "什么时候发货")] // ICU
    [InlineData("為甚麼還沒到", "为什么还没到")] // ICU
    [InlineData("請問您諮詢的是哪個訂單", "请问您咨询的是哪个订单")] // OpenCC
    [InlineData("這裡面", "这里面")] // Taiwan
    [InlineData("這裏面", "这里面")] // OpenCC standard, Hong Kong
    [InlineData("我很著急", "我很着急")]
    public void Normalize_TraditionalWrittenByIcuOrOpenCc_FoldsToTheSimplifiedOriginal(string traditional, string simplified) =>
        Assert.Equal(TextNormalizer.Normalize(simplified), TextNormalizer.Normalize(traditional));

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Samples_ScoreTheSameInTraditionalScript(string conversion) =>
        AssertSameScorecards(ConversationReader.Read(RepositoryPaths.Samples("conversations.jsonl")).Select(i => i.Conversation!), conversion);

    [Theory]
    [MemberData(nameof(Conversions))]
    public void RealDialogues_ScoreTheSameInTraditionalScript(string conversion)
    {
        RepositoryPaths.SkipUnlessRealDialogues();
        AssertSameScorecards(ConversationReader.Read(RepositoryPaths.RealDialogues).Select(i => i.Conversation!), conversion);
    }

    private static void AssertSameScorecards(IEnumerable<Conversation> conversations, string conversion)
    {
        var differences = new List<string>();
        var count = 0;
        foreach (var original in conversations)
        {
            count++;
            var converted = Convert(original, conversion);
            var expected = Signature(Engine.Score(original), original, converted);
            var actual = Signature(Engine.Score(converted), original, converted);
            if (expected != actual)
            {
                differences.Add($"{original.Id}: {FirstDifference(expected, actual)}");
            }
        }

        Assert.True(count > 0);
        Assert.True(differences.Count == 0, $"{differences.Count} of {count} conversations score differently after {conversion}:\n{string.Join('\n', differences.Take(20))}");
    }

    private static Conversation Convert(Conversation conversation, string conversion) => conversation with
    {
        Turns = [.. conversation.Turns.Select(t => t with { Text = conversion == "icu" ? IcuOrSkip(t.Text) : ScriptConverters.OpenCcConvert(conversion, t.Text) })],
    };

    private static string IcuOrSkip(string text)
    {
        var converted = ScriptConverters.Icu(text);
        if (converted is null)
        {
            Assert.Skip(ScriptConverters.IcuUnavailable);
        }

        return converted;
    }

    /// <summary>Everything a scorecard decides, without the quoted text; evidence places only where the conversion kept a turn's length.</summary>
    private static string Signature(Scorecard card, Conversation original, Conversation converted)
    {
        string Places(IEnumerable<EvidenceSpan> evidence) => string.Join(",", evidence
            .Where(e => original.Turns[e.Turn].Text.Length == converted.Turns[e.Turn].Text.Length)
            .Select(e => $"{e.Turn}:{e.Start}+{e.Length}"));

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"score={card.Score} grade={card.Grade} fatal={card.Fatal} risk={card.DissatisfactionRisk}\n");
        foreach (var tag in card.Tags)
        {
            text.Append(CultureInfo.InvariantCulture, $"tag {tag.Id} [{Places(tag.Evidence)}]\n");
        }

        foreach (var reason in card.RiskReasons)
        {
            text.Append(CultureInfo.InvariantCulture, $"risk {reason.Id}\n");
        }

        foreach (var check in card.Checks)
        {
            text.Append(CultureInfo.InvariantCulture, $"check {check.Id} {check.Outcome} {check.Points} [{Places(check.Evidence)}]\n");
        }

        return text.ToString();
    }

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return $"simplified «{a[i]}» vs traditional «{b[i]}»";
            }
        }

        return "different number of lines";
    }
}
