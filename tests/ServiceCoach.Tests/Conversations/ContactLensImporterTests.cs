using System.Text;
using ServiceCoach.Conversations;

namespace ServiceCoach.Tests.Conversations;

public sealed class ContactLensImporterTests
{
    /// <summary>A post-call analysis file in the shape Contact Lens writes (fields it has that we do not read are kept, to prove they are ignored).</summary>
    private const string PostCall = """
        {
            "Version": "1.1.0",
            "AccountId": "123456789012",
            "Channel": "VOICE",
            "ContentMetadata": { "Output": "Raw" },
            "JobStatus": "COMPLETED",
            "LanguageCode": "zh-CN",
            "CustomerMetadata": {
                "ContactId": "3f6a9c1e-2b7d-4e58-a0c4-9d1b2e3f4a5b",
                "InstanceId": "7c1d2e3f-0000-4abc-9def-123456789abc",
                "InputS3Uri": "s3://bucket/connect/recordings/call.wav"
            },
            "Participants": [
                { "ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER" },
                { "ParticipantId": "AGENT", "ParticipantRole": "AGENT" }
            ],
            "Categories": { "MatchedCategories": ["换货"], "MatchedDetails": {} },
            "ConversationCharacteristics": {
                "TotalConversationDurationMillis": 9800,
                "Sentiment": { "OverallSentiment": { "AGENT": 1.5, "CUSTOMER": -0.5 } },
                "TalkTime": { "TotalTimeMillis": 9200 }
            },
            "Transcript": [
                {
                    "BeginOffsetMillis": 0,
                    "EndOffsetMillis": 2300,
                    "Content": "您好，这里是客服中心，请问有什么可以帮您？",
                    "Id": "a1",
                    "ParticipantId": "AGENT",
                    "Sentiment": "NEUTRAL",
                    "LoudnessScore": [71.2, 70.8]
                },
                {
                    "BeginOffsetMillis": 2600,
                    "EndOffsetMillis": 5100,
                    "Content": "我上周买的电饭煲一直显示故障。",
                    "Id": "a2",
                    "ParticipantId": "CUSTOMER",
                    "Sentiment": "NEGATIVE",
                    "IssuesDetected": [{ "CharacterOffsets": { "BeginOffsetChar": 0, "EndOffsetChar": 15 } }]
                },
                {
                    "BeginOffsetMillis": 5400,
                    "EndOffsetMillis": 9800,
                    "Content": "非常抱歉给您添麻烦了，我马上帮您登记换货。",
                    "Id": "a3",
                    "ParticipantId": "AGENT",
                    "Sentiment": "POSITIVE"
                }
            ]
        }
        """;

    /// <summary>A post-chat analysis file: ParticipantRole on each item, AbsoluteTime instead of offsets, events among the messages.</summary>
    private const string PostChat = """
        {
            "AccountId": "123456789012",
            "Channel": "CHAT",
            "ChatTranscriptVersion": "2019-08-26",
            "ContentMetadata": { "Output": "Redacted", "RedactionTypes": ["PII"] },
            "CustomerMetadata": { "ContactId": "c9d8e7f6-1111-4222-8333-444455556666" },
            "JobStatus": "COMPLETED",
            "LanguageCode": "zh-CN",
            "Participants": [
                { "DisplayName": "[PII]", "ParticipantId": "6f1e2d3c-aaaa-4bbb-8ccc-111122223333", "ParticipantRole": "CUSTOMER" },
                { "DisplayName": "SYSTEM_MESSAGE", "ParticipantId": "0a0b0c0d-aaaa-4bbb-8ccc-444455556666", "ParticipantRole": "SYSTEM" },
                { "DisplayName": "[PII]", "ParticipantId": "9e8d7c6b-aaaa-4bbb-8ccc-777788889999", "ParticipantRole": "AGENT" }
            ],
            "Transcript": [
                { "AbsoluteTime": "2026-03-02T01:15:00.000Z", "ContentType": "application/vnd.amazonaws.connect.event.participant.joined", "Id": "e1", "ParticipantId": "6f1e2d3c-aaaa-4bbb-8ccc-111122223333", "ParticipantRole": "CUSTOMER", "Type": "EVENT" },
                { "AbsoluteTime": "2026-03-02T01:15:01.500Z", "Content": "正在为您转接人工客服，请稍候。", "ContentType": "text/plain", "Id": "m1", "ParticipantId": "0a0b0c0d-aaaa-4bbb-8ccc-444455556666", "ParticipantRole": "SYSTEM", "Type": "MESSAGE" },
                { "AbsoluteTime": "2026-03-02T01:15:20.000Z", "ContentType": "application/vnd.amazonaws.connect.event.participant.joined", "Id": "e2", "ParticipantId": "9e8d7c6b-aaaa-4bbb-8ccc-777788889999", "ParticipantRole": "AGENT", "Type": "EVENT" },
                { "AbsoluteTime": "2026-03-02T01:15:25.250Z", "Content": "您好，我是客服小林，请问有什么可以帮您？", "ContentType": "text/markdown", "Id": "m2", "ParticipantId": "9e8d7c6b-aaaa-4bbb-8ccc-777788889999", "ParticipantRole": "AGENT", "Type": "MESSAGE" },
                { "AbsoluteTime": "2026-03-02T01:15:40.000Z", "Content": "我的会员续费扣了两次。", "ContentType": "text/plain", "Id": "m3", "ParticipantId": "6f1e2d3c-aaaa-4bbb-8ccc-111122223333", "ParticipantRole": "CUSTOMER", "Type": "MESSAGE" },
                { "AbsoluteTime": "2026-03-02T01:15:42.000Z", "ContentType": "image/png", "Id": "x1", "ParticipantId": "6f1e2d3c-aaaa-4bbb-8ccc-111122223333", "ParticipantRole": "CUSTOMER", "Type": "ATTACHMENT", "Attachments": [{ "AttachmentName": "截图.png" }] },
                { "AbsoluteTime": "2026-03-02T01:16:00.000Z", "ContentType": "application/vnd.amazonaws.connect.event.chat.ended", "Id": "e3", "Type": "EVENT" }
            ],
            "Version": "CHAT-2022-11-30"
        }
        """;

    private static List<ImportItem> Read(string json, string sourceName = "contact.json", bool byteOrderMark = false) =>
        [.. ContactLensImporter.ReadAll(TestStreams.Utf8(json, byteOrderMark), sourceName)];

    private static Conversation ReadOne(string json, string sourceName = "contact.json")
    {
        var item = Assert.Single(Read(json, sourceName));
        Assert.False(item.IsError, item.ToString());
        return item.Conversation;
    }

    private static ImportError ReadError(string json, string sourceName = "contact.json")
    {
        var item = Assert.Single(Read(json, sourceName));
        Assert.True(item.IsError, item.ToString());
        return item.Error;
    }

    [Fact]
    public void ReadAll_PostCallFile_MapsSpeakersAndMillisecondOffsets()
    {
        var conversation = ReadOne(PostCall);

        Assert.Equal("3f6a9c1e-2b7d-4e58-a0c4-9d1b2e3f4a5b", conversation.Id);
        Assert.Equal(Channel.Phone, conversation.Channel);
        Assert.Null(conversation.StartTime);
        Assert.Equal(
            [
                new Turn(Speaker.Agent, "您好，这里是客服中心，请问有什么可以帮您？", 0, 2300),
                new Turn(Speaker.Customer, "我上周买的电饭煲一直显示故障。", 2600, 5100),
                new Turn(Speaker.Agent, "非常抱歉给您添麻烦了，我马上帮您登记换货。", 5400, 9800),
            ],
            conversation.Turns);
        Assert.Equal(TimeSpan.FromMilliseconds(9800), conversation.Duration);
    }

    [Fact]
    public void ReadAll_ParticipantIdsListedInParticipants_TakeTheirRoles()
    {
        var json = PostCall
            .Replace("\"ParticipantId\": \"AGENT\"", "\"ParticipantId\": \"agent-7f3c\"", StringComparison.Ordinal)
            .Replace("\"ParticipantId\": \"CUSTOMER\"", "\"ParticipantId\": \"caller-18e2\"", StringComparison.Ordinal);

        var conversation = ReadOne(json);

        Assert.Equal([Speaker.Agent, Speaker.Customer, Speaker.Agent], conversation.Turns.Select(t => t.Speaker));
    }

    [Fact]
    public void ReadAll_PostChatFile_SkipsEventsAndCountsFromTheFirstEvent()
    {
        var conversation = ReadOne(PostChat);

        Assert.Equal("c9d8e7f6-1111-4222-8333-444455556666", conversation.Id);
        Assert.Equal(Channel.Chat, conversation.Channel);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 1, 15, 0, TimeSpan.Zero), conversation.StartTime);
        Assert.Equal(
            [
                new Turn(Speaker.System, "正在为您转接人工客服，请稍候。", 1500, 1500),
                new Turn(Speaker.Agent, "您好，我是客服小林，请问有什么可以帮您？", 25250, 25250),
                new Turn(Speaker.Customer, "我的会员续费扣了两次。", 40000, 40000),
            ],
            conversation.Turns);
    }

    [Theory]
    [InlineData("CUSTOM_BOT")]
    [InlineData("SUPERVISOR")]
    [InlineData("SYSTEM")]
    public void ReadAll_OtherRoles_AreSystem(string role)
    {
        var json = PostChat.Replace("\"ParticipantRole\": \"SYSTEM\", \"Type\"", $"\"ParticipantRole\": \"{role}\", \"Type\"", StringComparison.Ordinal);

        Assert.Equal(Speaker.System, ReadOne(json).Turns[0].Speaker);
    }

    [Theory]
    [InlineData("3f6a9c1e_analysis_2026-03-02T01_15_20Z.json", "3f6a9c1e")]
    [InlineData("exports/3f6a9c1e_analysis_redacted_2026-03-02T01_15_20Z.json", "3f6a9c1e")]
    [InlineData("通话记录.json", "通话记录")]
    public void ReadAll_NoContactId_TakesTheIdFromTheFileName(string sourceName, string expectedId)
    {
        var json = PostCall.Replace("\"ContactId\"", "\"OtherId\"", StringComparison.Ordinal);

        Assert.Equal(expectedId, ReadOne(json, sourceName).Id);
    }

    [Fact]
    public void ReadAll_NoChannel_IsInferredFromTheTiming()
    {
        Assert.Equal(Channel.Phone, ReadOne(PostCall.Replace("\"Channel\": \"VOICE\",", string.Empty, StringComparison.Ordinal)).Channel);
        Assert.Equal(Channel.Chat, ReadOne(PostChat.Replace("\"Channel\": \"CHAT\",", string.Empty, StringComparison.Ordinal)).Channel);
    }

    [Fact]
    public void ReadAll_InvalidJson_IsOneErrorWithLineAndCharacterColumn()
    {
        const string json = "{\n  \"Channel\": \"VOICE\",\n  \"Transcript\": [\n    { \"Content\": \"您好\" \"ParticipantId\": \"AGENT\" }\n  ]\n}\n";

        var error = ReadError(json, "broken.json");

        Assert.Equal(4, error.Line);
        Assert.Equal("    { \"Content\": \"您好\" ".Length + 1, error.Column);
        Assert.StartsWith("not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_NoTranscript_IsOneErrorAtTheObject()
    {
        var error = ReadError("\n\n  {\"Channel\": \"VOICE\", \"CustomerMetadata\": {\"ContactId\": \"k-1\"}}\n");

        Assert.Equal(3, error.Line);
        Assert.Equal(3, error.Column);
        Assert.Equal("k-1", error.RecordId);
        Assert.Equal("the contact has no Transcript list; is this a Contact Lens analysis file (Analysis/Voice or Analysis/Chat)?", error.Message);
    }

    [Fact]
    public void ReadAll_NativeConversationInAJsonFile_SuggestsJsonLines()
    {
        var error = ReadError("""{"id": "c-1", "turns": [{"speaker": "agent", "text": "您好"}]}""");

        Assert.Contains("save one conversation per line in a .jsonl file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_ListOfContacts_ReadsEachAndReportsBadElementsByLine()
    {
        var json = "[\n" + PostCall + ",\n42,\n" + PostChat + "\n]\n";

        var items = Read(json, "batch.json");

        Assert.Equal(3, items.Count);
        Assert.Equal(Channel.Phone, items[0].Conversation?.Channel);
        Assert.Equal(PostCall.Split('\n').Length + 2, items[1].Error?.Line);
        Assert.Equal("expected a Contact Lens analysis object {…} here", items[1].Error?.Message);
        Assert.Equal(Channel.Chat, items[2].Conversation?.Channel);
    }

    [Fact]
    public void ReadAll_ContactsOnePerLine_AreReadInTurn()
    {
        var call = PostCall.ReplaceLineEndings(" ");
        var chat = PostChat.ReplaceLineEndings(" ");
        var broken = "{\"Channel\": \"VOICE\"}";

        var items = Read(call + "\n" + broken + "\n" + chat + "\n", "contacts.jsonl");

        Assert.Equal(3, items.Count);
        Assert.Equal("3f6a9c1e-2b7d-4e58-a0c4-9d1b2e3f4a5b", items[0].Conversation?.Id);
        Assert.Equal(2, items[1].Error?.Line);
        Assert.Equal("contacts-2", items[1].Error?.RecordId);
        Assert.Equal("c9d8e7f6-1111-4222-8333-444455556666", items[2].Conversation?.Id);
    }

    [Theory]
    [InlineData("\"BeginOffsetMillis\": 2600", "\"BeginOffsetMillis\": -1", "Transcript[1].BeginOffsetMillis (-1) is negative: offsets are milliseconds from the start of the conversation")]
    [InlineData("\"EndOffsetMillis\": 5100", "\"EndOffsetMillis\": 2000", "Transcript[1].EndOffsetMillis (2000) is before Transcript[1].BeginOffsetMillis (2600)")]
    [InlineData("\"BeginOffsetMillis\": 2600", "\"BeginOffsetMillis\": \"2600\"", "Transcript[1].BeginOffsetMillis must be a number of milliseconds")]
    [InlineData("\"Content\": \"我上周买的电饭煲一直显示故障。\",", "", "Transcript[1].Content is missing")]
    [InlineData("\"Id\": \"a2\",\n            \"ParticipantId\": \"CUSTOMER\",", "\"Id\": \"a2\",", "Transcript[1] has no ParticipantId, so its speaker is unknown")]
    [InlineData("\"Channel\": \"VOICE\"", "\"Channel\": \"TASK\"", "Channel \"TASK\" is not VOICE or CHAT")]
    public void ReadAll_BadTranscriptItem_RejectsTheContactNamingTheItem(string find, string replace, string message)
    {
        var json = PostCall.ReplaceLineEndings("\n");
        Assert.Contains(find, json, StringComparison.Ordinal);

        var error = ReadError(json.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(message, error.Message);
        Assert.Equal(1, error.Line);
        Assert.Equal("3f6a9c1e-2b7d-4e58-a0c4-9d1b2e3f4a5b", error.RecordId);
    }

    [Fact]
    public void ReadAll_OnlyEvents_IsAnError()
    {
        var json = """{"Channel": "CHAT", "Transcript": [{"AbsoluteTime": "2026-03-02T01:15:00Z", "ContentType": "application/vnd.amazonaws.connect.event.participant.joined", "Type": "EVENT", "ParticipantRole": "CUSTOMER"}]}""";

        Assert.Equal("the contact has no messages to import (its Transcript is empty or holds only events)", ReadError(json).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void ReadAll_EmptyFile_YieldsNothing(string text)
    {
        Assert.Empty(Read(text));
    }

    [Fact]
    public void ReadAll_ByteOrderMark_IsSkipped()
    {
        var item = Assert.Single(Read(PostCall, byteOrderMark: true));

        Assert.False(item.IsError, item.ToString());
    }

    [Fact]
    public void ReadAll_GbkBytes_AreOneErrorAtTheFirstBadByte()
    {
        byte[] gbk = [0xC4, 0xE3, 0xBA, 0xC3];
        byte[] data = [.. Encoding.UTF8.GetBytes("{\n  \"Transcript\": [{\"Content\": \"您"), .. gbk, .. Encoding.UTF8.GetBytes("\", \"ParticipantId\": \"AGENT\"}]\n}\n")];

        var error = Assert.Single(ContactLensImporter.ReadAll(new MemoryStream(data), "gbk.json")).Error;

        Assert.NotNull(error);
        Assert.Equal(2, error.Line);
        Assert.Equal("  \"Transcript\": [{\"Content\": \"您".Length + 1, error.Column);
        Assert.Contains("GBK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_TraditionalChinese_RoundTripsExactly()
    {
        const string text = "您好，請問您的帳戶需要協助嗎？";
        var conversation = ReadOne(PostCall.Replace("您好，这里是客服中心，请问有什么可以帮您？", text, StringComparison.Ordinal));

        Assert.Equal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(conversation.Turns[0].Text));
    }
}
