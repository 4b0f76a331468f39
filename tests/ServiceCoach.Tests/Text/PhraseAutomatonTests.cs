using System.Buffers;
using CsCheck;
using ServiceCoach.Text;

namespace ServiceCoach.Tests.Text;

public sealed class PhraseAutomatonTests
{
    private static List<(string Phrase, int Start)> Find(PhraseAutomaton automaton, string text) =>
        [.. automaton.FindAll(text).Select(m => (automaton.GetPattern(m.PatternId), m.Start)).OrderBy(m => m.Start).ThenBy(m => m.Item1, StringComparer.Ordinal)];

    [Fact]
    public void FindAll_ReportsOverlappingAndNestedMatches()
    {
        var automaton = PhraseAutomaton.Build(["抱歉", "非常抱歉", "给您带来不便", "不便"]);

        var matches = Find(automaton, "非常抱歉给您带来不便");

        Assert.Equal([("非常抱歉", 0), ("抱歉", 2), ("给您带来不便", 4), ("不便", 8)], matches);
    }

    [Fact]
    public void FindAll_LatinPhrase_MatchesOnlyOnWordBoundaries()
    {
        var automaton = PhraseAutomaton.Build(["sku", "ok"]);

        Assert.Equal([("sku", 1), ("ok", 5)], Find(automaton, "该sku已ok"));
        Assert.Empty(Find(automaton, "skus token"));
    }

    [Fact]
    public void FindAll_TextWithoutAnyFirstCharacter_FindsNothing()
    {
        var automaton = PhraseAutomaton.Build(["您好"]);

        Assert.Empty(automaton.FindAll("请问订单什么时候到"));
    }

    [Fact]
    public void Build_RejectsDuplicatesAndEmptyPatterns()
    {
        Assert.Throws<ArgumentException>(() => PhraseAutomaton.Build(["您好", "您好"]));
        Assert.Throws<ArgumentException>(() => PhraseAutomaton.Build([""]));
    }

    [Fact]
    public void FindAll_FindsExactlyWhatANaiveSearchFinds()
    {
        // A small alphabet makes overlaps, shared prefixes and suffix links frequent.
        var letter = Gen.Char["抱歉您好不便ab"];
        var phrase = letter.Array[1, 5].Select(a => new string(a));
        var phrases = phrase.List[1, 40].Select(l => l.Distinct().ToArray());
        var text = letter.Array[0, 300].Select(a => new string(a));

        Gen.Select(phrases, text).Sample((patterns, haystack) =>
        {
            var automaton = PhraseAutomaton.Build(patterns);
            var expected = Naive(patterns, haystack);
            var actual = automaton.FindAll(haystack).Select(m => (m.PatternId, m.Start, m.Length)).Order().ToList();
            Assert.Equal(expected, actual);
        }, iter: 2000);
    }

    private static List<(int, int, int)> Naive(string[] patterns, string text)
    {
        var result = new List<(int, int, int)>();
        for (var p = 0; p < patterns.Length; p++)
        {
            var pattern = patterns[p];
            for (var i = text.IndexOf(pattern, StringComparison.Ordinal); i >= 0; i = text.IndexOf(pattern, i + 1, StringComparison.Ordinal))
            {
                var leftOk = !char.IsAsciiLetterOrDigit(pattern[0]) || i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1]);
                var end = i + pattern.Length;
                var rightOk = !char.IsAsciiLetterOrDigit(pattern[^1]) || end == text.Length || !char.IsAsciiLetterOrDigit(text[end]);
                if (leftOk && rightOk)
                {
                    result.Add((p, i, pattern.Length));
                }
            }
        }

        result.Sort();
        return result;
    }

    [Fact]
    public void FindAll_AgreesWithSearchValuesOnFirstMatchPositions()
    {
        string[] phrases = ["您好", "很高兴为您服务", "再见", "抱歉"];
        var automaton = PhraseAutomaton.Build(phrases);
        var values = SearchValues.Create(phrases, StringComparison.Ordinal);
        const string text = "客户：你好。客服：您好，很高兴为您服务！……抱歉让您久等。再见";

        Assert.Equal(text.AsSpan().IndexOfAny(values), automaton.FindAll(text).Min(m => m.Start));
    }
}
