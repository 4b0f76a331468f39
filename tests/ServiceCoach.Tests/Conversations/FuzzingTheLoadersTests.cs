using System.Text;
using CsCheck;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Conversations;

/// <summary>
/// Random and mutated input for every loader: the shipped standard, the sample JSONL and CSV,
/// with characters deleted, repeated, swapped for structural ones and blocks duplicated, plus
/// plain random text. Whatever comes in, a loader answers with located problems or values — never
/// an exception — and what it accepts can be scored. The number of inputs is fixed (seeded by
/// CsCheck, so a failure prints the seed that reproduces it); the class-level timeout catches a hang.
/// </summary>
public sealed class FuzzingTheLoadersTests
{
    private const int Inputs = 250;

    /// <summary>Characters that matter to YAML, JSON and CSV, and some that hurt parsers.</summary>
    private const string Structural = "[]{}:,-\"'#&*!|>%@`\n\r\t \\\u0000\uFEFF好";

    private static readonly CompiledStandard Standard = StandardLoader.Load(File.ReadAllText(RepositoryPaths.DefaultStandard), "default.yaml").GetStandardOrThrow();

    [Fact(Timeout = 600_000)]
    public async Task StandardLoader_MutatedStandards_GiveProblemsOrAStandard_NeverAnException()
    {
        var seed = File.ReadAllText(RepositoryPaths.DefaultStandard);
        await Task.Run(() => Mutated(seed).Sample(yaml =>
        {
            var result = StandardLoader.Load(yaml, "fuzz.yaml");
            Assert.True(result.Problems.Count > 0 || result.Standard is not null);
            Assert.All(result.Problems, p => Assert.True(p.Location.Line >= 0));
        }, iter: Inputs, threads: 1), TestContext.Current.CancellationToken);
    }

    [Theory(Timeout = 600_000)]
    [InlineData("conversations.jsonl")]
    [InlineData("conversations.csv")]
    public async Task ConversationReader_MutatedFiles_GiveConversationsOrLocatedErrors_AndWhatIsReadCanBeScored(string sample)
    {
        var seed = File.ReadAllText(RepositoryPaths.Samples(sample));
        var engine = new QualityEngine(Standard);
        await Task.Run(() => Mutated(seed).Sample(text =>
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            foreach (var item in ConversationReader.Read(stream, sample).ToList())
            {
                if (item.Conversation is { } conversation)
                {
                    engine.Score(conversation);
                }
                else
                {
                    Assert.NotNull(item.Error);
                    Assert.False(string.IsNullOrWhiteSpace(item.Error.ToString()));
                }
            }
        }, iter: Inputs, threads: 1), TestContext.Current.CancellationToken);
    }

    [Theory(Timeout = 600_000)]
    [InlineData("fuzz.yaml")]
    [InlineData("fuzz.jsonl")]
    [InlineData("fuzz.csv")]
    public async Task EveryLoader_RandomBytes_NeverThrow(string name)
    {
        await Task.Run(() => Gen.Byte.Array[0, 2_000].Sample(bytes =>
        {
            if (name.EndsWith(".yaml", StringComparison.Ordinal))
            {
                StandardLoader.Load(Encoding.UTF8.GetString(bytes), name);
                return;
            }

            using var stream = new MemoryStream(bytes);
            _ = ConversationReader.Read(stream, name).ToList();
        }, iter: Inputs, threads: 1), TestContext.Current.CancellationToken);
    }

    /// <summary>A seed text with 1–8 random edits: delete a span, repeat a span, insert structural characters, or cut the text short.</summary>
    internal static Gen<string> Mutated(string seed) =>
        Gen.Select(Gen.Int[1, 8], Gen.Int[0, int.MaxValue].Array[32], (edits, dice) =>
        {
            var text = new StringBuilder(seed);
            for (var e = 0; e < edits && text.Length > 0; e++)
            {
                var at = dice[4 * e] % text.Length;
                var length = Math.Min(1 + (dice[(4 * e) + 1] % 64), text.Length - at);
                switch (dice[(4 * e) + 2] % 4)
                {
                    case 0:
                        text.Remove(at, length);
                        break;
                    case 1:
                        text.Insert(at, text.ToString(at, length), 1 + (dice[(4 * e) + 3] % 4));
                        break;
                    case 2:
                        text.Insert(at, new string(Structural[dice[(4 * e) + 3] % Structural.Length], 1 + (dice[(4 * e) + 1] % 40)));
                        break;
                    default:
                        text.Length = at;
                        break;
                }
            }

            return text.ToString();
        });
}
