using System.Buffers;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using ServiceCoach.Standards;
using ServiceCoach.Text;

namespace ServiceCoach.Benchmarks;

/// <summary>
/// Finding every occurrence of 5,000 phrases in ~60 KB of conversation text: the engine's
/// automaton against the two obvious alternatives. All three return the number of matches.
/// </summary>
[MemoryDiagnoser]
public class PhraseAutomatonBenchmarks
{
    private PhraseAutomaton _automaton = null!;
    private SearchValues<string> _searchValues = null!;
    private Dictionary<char, string[]> _byFirstChar = null!;
    private Regex _alternation = null!;
    private string _text = null!;

    [Params(5000)]
    public int Phrases { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var phrases = PhraseSet(Phrases);
        _automaton = PhraseAutomaton.Build(phrases);
        _searchValues = SearchValues.Create(phrases, StringComparison.Ordinal);
        _byFirstChar = phrases.GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.ToArray());
        _alternation = new Regex(string.Join("|", phrases.Select(Regex.Escape)), RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _text = TextNormalizer.Normalize(string.Concat(ConversationGenerator.JsonLines(60, seed: 7)));
    }

    /// <summary>The default standard's phrases plus deterministic 2–6 character phrases from common characters.</summary>
    public static string[] PhraseSet(int count)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lexicon in ShippedStandards.Default.Definition.Lexicons)
        {
            foreach (var entry in lexicon.Entries)
            {
                set.Add(TextNormalizer.Normalize(entry.Text));
            }
        }

        const string Common = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴";
        var random = new Random(5000);
        while (set.Count < count)
        {
            var length = 2 + random.Next(5);
            set.Add(string.Concat(Enumerable.Range(0, length).Select(_ => Common[random.Next(Common.Length)])));
        }

        return [.. set.Take(count)];
    }

    [Benchmark(Baseline = true, Description = "PhraseAutomaton.FindAll")]
    public int Automaton()
    {
        var sink = new CountingSink();
        _automaton.FindAll(_text, ref sink);
        return sink.Count;
    }

    [Benchmark(Description = "SearchValues<string> find-all loop")]
    public int SearchValuesLoop()
    {
        var text = _text.AsSpan();
        var count = 0;
        var position = 0;
        while (position < text.Length)
        {
            var next = text[position..].IndexOfAny(_searchValues);
            if (next < 0)
            {
                break;
            }

            position += next;
            foreach (var phrase in _byFirstChar[text[position]])
            {
                if (text[position..].StartsWith(phrase, StringComparison.Ordinal))
                {
                    count++;
                }
            }

            position++;
        }

        return count;
    }

    [Benchmark(Description = "Regex alternation (compiled)")]
    public int RegexAlternation() => _alternation.Count(_text);

    private struct CountingSink : IPhraseMatchSink
    {
        public int Count;

        public void OnMatch(int patternId, int start, int length) => Count++;
    }
}
