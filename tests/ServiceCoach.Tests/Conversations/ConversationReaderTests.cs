using System.Text;
using ServiceCoach.Conversations;

namespace ServiceCoach.Tests.Conversations;

public sealed class ConversationReaderTests : IDisposable
{
    private const string JsonLine = """{"id": "c-1", "turns": [{"speaker": "customer", "text": "在吗"}]}""";
    private const string CsvText = "conversation_id,speaker,text\nc-1,customer,在吗\nc-1,agent,在的\n";
    private const string ContactLensText = """
        {
          "Channel": "VOICE",
          "CustomerMetadata": { "ContactId": "k-1" },
          "Transcript": [ { "BeginOffsetMillis": 0, "EndOffsetMillis": 900, "Content": "您好", "ParticipantId": "AGENT" } ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("servicecoach-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Theory]
    [InlineData("a.jsonl", ConversationFormat.JsonLines)]
    [InlineData("A.NDJSON", ConversationFormat.JsonLines)]
    [InlineData("exports/a.csv", ConversationFormat.Csv)]
    [InlineData("a_analysis_2026-03-02T01_15_20Z.json", ConversationFormat.ContactLens)]
    public void DetectFormat_KnownExtension_DecidesWithoutContent(string name, ConversationFormat expected)
    {
        Assert.Equal(expected, ConversationReader.DetectFormat(name, "garbage"u8));
    }

    [Theory]
    [InlineData(JsonLine + "\n" + JsonLine + "\n", ConversationFormat.JsonLines)]
    [InlineData(JsonLine, ConversationFormat.JsonLines)]
    [InlineData("\uFEFF  \n" + JsonLine + "\r\n", ConversationFormat.JsonLines)]
    [InlineData(ContactLensText, ConversationFormat.ContactLens)]
    [InlineData("""{"Version": "1.1.0", "AccountId": "1", "Transcript": []}""" + "\n", ConversationFormat.ContactLens)]
    [InlineData("[\n{\"Transcript\": []}\n]", ConversationFormat.ContactLens)]
    [InlineData("{\n  \"id\": \"c-1\"\n}", ConversationFormat.ContactLens)]
    [InlineData(CsvText, ConversationFormat.Csv)]
    [InlineData("会话ID,角色,内容\n", ConversationFormat.Csv)]
    public void DetectFormat_UnknownExtension_SniffsTheContent(string content, ConversationFormat expected)
    {
        Assert.Equal(expected, ConversationReader.DetectFormat("upload.txt", Encoding.UTF8.GetBytes(content)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("你好，这是一段聊天记录\n")]
    public void DetectFormat_NothingToGoBy_IsNull(string content)
    {
        Assert.Null(ConversationReader.DetectFormat("upload", Encoding.UTF8.GetBytes(content)));
    }

    [Theory]
    [InlineData("chats.jsonl", JsonLine + "\n")]
    [InlineData("chats.csv", CsvText)]
    [InlineData("3f6a_analysis_2026.json", ContactLensText)]
    [InlineData("chats-jsonl.txt", JsonLine + "\n")]
    [InlineData("chats-csv.dat", CsvText)]
    [InlineData("contact-lens-export", ContactLensText)]
    public void Read_Path_ImportsEachFormat(string name, string content)
    {
        var path = WriteFile(name, content);

        var item = Assert.Single(ConversationReader.Read(path));

        Assert.False(item.IsError, item.ToString());
        Assert.Equal(item.Conversation.Channel == Channel.Phone ? "k-1" : "c-1", item.Conversation.Id);
    }

    [Fact]
    public void Read_MissingFile_IsOneErrorNotAnException()
    {
        var path = Path.Combine(_folder, "missing.jsonl");

        var error = Assert.Single(ConversationReader.Read(path)).Error;

        Assert.NotNull(error);
        Assert.Equal(path, error.Source);
        Assert.Equal(0, error.Line);
        Assert.Equal($"{path}: the file does not exist", error.ToString());
    }

    [Fact]
    public void Read_UnknownFormat_IsOneError()
    {
        var path = WriteFile("notes.txt", "客户说快递还没到\n");

        var error = Assert.Single(ConversationReader.Read(path)).Error;

        Assert.Equal("cannot tell the format of this file: name it .jsonl (ServiceCoach JSON Lines), .csv or .json (Contact Lens)", error?.Message);
    }

    [Fact]
    public void Read_EmptyFileOfUnknownFormat_YieldsNothing()
    {
        Assert.Empty(ConversationReader.Read(WriteFile("empty.txt", string.Empty)));
    }

    [Fact]
    public void Read_UnseekableUploadWithoutExtension_SniffsAndReadsEverything()
    {
        // More lines than the sniffed head, so the importer must see the head again and then the rest.
        var stream = new GeneratedLinesStream(500, i => JsonLine.Replace("c-1", $"c-{i}", StringComparison.Ordinal) + "\n");

        var items = ConversationReader.Read(stream, "upload").ToList();

        Assert.Equal(500, items.Count);
        Assert.All(items, item => Assert.False(item.IsError, item.ToString()));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"c-{i}"), items.Select(item => item.Conversation?.Id));
    }

    [Theory]
    [InlineData(ConversationFormat.JsonLines, JsonLine)]
    [InlineData(ConversationFormat.Csv, CsvText)]
    [InlineData(ConversationFormat.ContactLens, ContactLensText)]
    public void Read_StreamInAGivenFormat_UsesThatImporter(ConversationFormat format, string content)
    {
        var item = Assert.Single(ConversationReader.Read(TestStreams.Utf8(content), format, "upload"));

        Assert.False(item.IsError, item.ToString());
    }

    [Fact]
    public void ImportSummary_Track_CountsWhileStreaming()
    {
        var summary = new ImportSummary();
        var text = JsonLine + "\n{\"id\": \"c-2\"}\n" + JsonLine.Replace("c-1", "c-3", StringComparison.Ordinal) + "\n";

        var seen = 0;
        foreach (var item in summary.Track(JsonLinesImporter.ReadAll(TestStreams.Utf8(text), "t.jsonl")))
        {
            seen++;
            Assert.Equal(seen, summary.Read);
        }

        Assert.Equal(2, summary.Imported);
        Assert.Equal(1, summary.Rejected);
        Assert.Equal(2, summary.Turns);
        Assert.Equal("3 read, 2 imported, 1 rejected", summary.ToString());
    }

    [Fact]
    public void ImportError_ToString_LeavesOutWhatIsUnknown()
    {
        Assert.Equal("a.csv, line 4: speaker is empty", new ImportError("a.csv", 4, null, null, "speaker is empty").ToString());
        Assert.Equal(
            "a.jsonl, line 2, column 9 (conversation c-7): id is empty",
            new ImportError("a.jsonl", 2, 9, "c-7", "id is empty").ToString());
    }
}
