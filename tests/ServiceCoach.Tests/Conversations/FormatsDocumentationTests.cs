using System.Text.RegularExpressions;
using ServiceCoach.Conversations;

namespace ServiceCoach.Tests.Conversations;

/// <summary>The examples in docs/formats.md must import as the page says, so the page cannot drift from the code.</summary>
public sealed partial class FormatsDocumentationTests
{
    private static readonly Lazy<List<(string Language, string Code)>> Blocks = new(ReadBlocks);

    [Fact]
    public void JsonLinesExample_ImportsThreeConversations()
    {
        var items = Import(Block("json", 0), ConversationFormat.JsonLines);

        Assert.Equal(["c-0001", "c-0002", "c-0003"], items.Select(i => i.Conversation?.Id));
        var call = items[1].Conversation!;
        Assert.Equal(Channel.Phone, call.Channel);
        Assert.Equal([new Turn(Speaker.Agent, "您好，这里是会员服务热线", 0, 3000), new Turn(Speaker.Customer, "我想取消自动续费", 4000, 7000)], call.Turns);
        Assert.False(items[2].Conversation!.HasTimestamps);
    }

    [Fact]
    public void CsvExample_ImportsTwoConversations()
    {
        var items = Import(Block("csv", 0), ConversationFormat.Csv);

        Assert.Equal(["c-0101", "c-0102"], items.Select(i => i.Conversation?.Id));
        Assert.Equal(3, items[0].Conversation!.Turns.Count);
        Assert.Equal("喂,你好", items[1].Conversation!.Turns[0].Text);
    }

    [Fact]
    public void ContactLensExample_ImportsOneCall()
    {
        var item = Assert.Single(Import(Block("json", 1), ConversationFormat.ContactLens));

        Assert.Equal(Channel.Phone, item.Conversation?.Channel);
        Assert.Equal(2, item.Conversation?.Turns.Count);
    }

    private static List<ImportItem> Import(string code, ConversationFormat format)
    {
        var items = ConversationReader.Read(TestStreams.Utf8(code), format, "formats.md").ToList();
        Assert.All(items, item => Assert.False(item.IsError, item.ToString()));
        return items;
    }

    private static string Block(string language, int index) =>
        Blocks.Value.Where(b => b.Language == language).Select(b => b.Code).ElementAt(index);

    private static List<(string Language, string Code)> ReadBlocks()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServiceCoach.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var markdown = File.ReadAllText(Path.Combine(directory.FullName, "docs", "formats.md"));
        return [.. CodeBlock().Matches(markdown).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];
    }

    [GeneratedRegex(@"^```(\w+)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
