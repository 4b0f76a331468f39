using System.Text;
using ServiceCoach.Conversations;

namespace ServiceCoach.Tests.Conversations;

public sealed class JsonLinesImporterTests
{
    private const string Good1 = """{"id": "c-1", "turns": [{"speaker": "customer", "text": "在吗"}]}""";
    private const string Good3 = """{"id": "c-3", "turns": [{"speaker": "agent", "text": "您好"}]}""";

    private static List<ImportItem> Read(string text, bool byteOrderMark = false) =>
        [.. JsonLinesImporter.ReadAll(TestStreams.Utf8(text, byteOrderMark), "test.jsonl")];

    private static Conversation ReadOne(string line)
    {
        var item = Assert.Single(Read(line));
        Assert.False(item.IsError, item.ToString());
        return item.Conversation;
    }

    /// <summary>Reads a good line, the bad one and another good line; the bad one must be the only error, on line 2.</summary>
    private static ImportError ReadBadLine(string badLine)
    {
        var items = Read(Good1 + "\n" + badLine + "\n" + Good3 + "\n");
        Assert.Equal(3, items.Count);
        Assert.Equal("c-1", items[0].Conversation?.Id);
        Assert.Equal("c-3", items[2].Conversation?.Id);
        var error = items[1].Error;
        Assert.NotNull(error);
        Assert.Equal("test.jsonl", error.Source);
        Assert.Equal(2, error.Line);
        return error;
    }

    private static int ColumnOf(string line, string marker) => line.IndexOf(marker, StringComparison.Ordinal) + 1;

    [Fact]
    public void ReadAll_ResearchShapeWithoutTimestamps_ImportsCleanly()
    {
        var conversation = ReadOne(
            """{"id": "r-000", "channel": "chat", "source": "某数据集/test.txt", "turns": [{"speaker": "customer", "text": "请问发票怎么开"}, {"speaker": "agent", "text": "您好，可以在订单详情里申请"}]}""");

        Assert.Equal("r-000", conversation.Id);
        Assert.Equal(Channel.Chat, conversation.Channel);
        Assert.Equal([Speaker.Customer, Speaker.Agent], conversation.Turns.Select(t => t.Speaker));
        Assert.Equal("请问发票怎么开", conversation.Turns[0].Text);
        Assert.All(conversation.Turns, t => Assert.Null(t.StartMs));
        Assert.False(conversation.HasTimestamps);
        Assert.Null(conversation.StartTime);
    }

    [Fact]
    public void ReadAll_EveryField_IsMapped()
    {
        var conversation = ReadOne(
            """{"id": "c-0001", "channel": "phone", "agentId": "a-017", "team": "售后一组", "customer": {"id": "u-88", "tier": "P1"}, "startTime": "2026-03-02T09:15:04+08:00", "category": "退换货", "csat": 4, "turns": [{"speaker": "agent", "text": "您好，这里是售后服务", "start": 0, "end": 3200}, {"speaker": "customer", "text": "我买的水壶漏水", "start": 3500, "end": 6100}]}""");

        Assert.Equal("c-0001", conversation.Id);
        Assert.Equal(Channel.Phone, conversation.Channel);
        Assert.Equal("a-017", conversation.AgentId);
        Assert.Equal("售后一组", conversation.Team);
        Assert.Equal(new CustomerInfo("u-88", "P1"), conversation.Customer);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 4, TimeSpan.FromHours(8)), conversation.StartTime);
        Assert.Equal("退换货", conversation.Category);
        Assert.Equal(4, conversation.Csat);
        Assert.Equal(new Turn(Speaker.Agent, "您好，这里是售后服务", 0, 3200), conversation.Turns[0]);
        Assert.Equal(new Turn(Speaker.Customer, "我买的水壶漏水", 3500, 6100), conversation.Turns[1]);
        Assert.True(conversation.HasTimestamps);
        Assert.Equal(TimeSpan.FromMilliseconds(6100), conversation.Duration);
    }

    [Fact]
    public void ReadAll_FieldNames_IgnoreCaseAndUnderscores()
    {
        var conversation = ReadOne(
            """{"ID": "c-1", "agent_id": "a-2", "Start_Time": "2026-03-02T09:00:00Z", "Turns": [{"Speaker": "agent", "TEXT": "您好", "time": "2026-03-02T09:00:05Z", "end_time": "2026-03-02T09:00:06Z"}]}""");

        Assert.Equal("a-2", conversation.AgentId);
        Assert.Equal(new Turn(Speaker.Agent, "您好", 5000, 6000), Assert.Single(conversation.Turns));
    }

    [Fact]
    public void ReadAll_RepeatedField_LastOneWins()
    {
        var conversation = ReadOne(
            """{"id": "c-1", "turns": [{"speaker": "agent", "text": "旧的"}], "turns": [{"speaker": "agent", "text": "新的"}]}""");

        Assert.Equal("新的", Assert.Single(conversation.Turns).Text);
    }

    [Fact]
    public void ReadAll_NumericIds_AreReadAsText()
    {
        var conversation = ReadOne("""{"id": 10086, "agentId": 17, "customer": {"id": 88}, "turns": [{"speaker": "agent", "text": "您好"}]}""");

        Assert.Equal("10086", conversation.Id);
        Assert.Equal("17", conversation.AgentId);
        Assert.Equal("88", conversation.Customer?.Id);
    }

    [Theory]
    [InlineData("chat", Channel.Chat)]
    [InlineData("phone", Channel.Phone)]
    [InlineData("email", Channel.Email)]
    [InlineData("VOICE", Channel.Phone)]
    [InlineData("电话", Channel.Phone)]
    [InlineData("在线", Channel.Chat)]
    [InlineData("文字", Channel.Chat)]
    [InlineData("邮件", Channel.Email)]
    public void ReadAll_ChannelNamesAndAliases_Map(string name, Channel expected)
    {
        var conversation = ReadOne($$"""{"id": "c-1", "channel": "{{name}}", "turns": [{"speaker": "agent", "text": "您好"}]}""");

        Assert.Equal(expected, conversation.Channel);
    }

    [Fact]
    public void ReadAll_NoChannel_IsChat()
    {
        Assert.Equal(Channel.Chat, ReadOne(Good1).Channel);
    }

    [Theory]
    [InlineData("agent", Speaker.Agent)]
    [InlineData("Staff", Speaker.Agent)]
    [InlineData("客服", Speaker.Agent)]
    [InlineData("坐席", Speaker.Agent)]
    [InlineData("CUSTOMER", Speaker.Customer)]
    [InlineData("user", Speaker.Customer)]
    [InlineData("客户", Speaker.Customer)]
    [InlineData("用户", Speaker.Customer)]
    [InlineData("顾客", Speaker.Customer)]
    [InlineData("system", Speaker.System)]
    [InlineData("系统", Speaker.System)]
    [InlineData("bot", Speaker.System)]
    public void ReadAll_SpeakerNamesAndAliases_Map(string name, Speaker expected)
    {
        var conversation = ReadOne($$"""{"id": "c-1", "turns": [{"speaker": "{{name}}", "text": "好的"}]}""");

        Assert.Equal(expected, conversation.Turns[0].Speaker);
    }

    [Theory]
    [InlineData("chat", 1200L)]
    [InlineData("email", 1200L)]
    [InlineData("phone", null)]
    public void ReadAll_StartWithoutEnd_EndsAtStartExceptOnThePhone(string channel, long? expectedEnd)
    {
        var conversation = ReadOne($$"""{"id": "c-1", "channel": "{{channel}}", "turns": [{"speaker": "agent", "text": "您好", "start": 1200}]}""");

        Assert.Equal(1200, conversation.Turns[0].StartMs);
        Assert.Equal(expectedEnd, conversation.Turns[0].EndMs);
    }

    [Fact]
    public void ReadAll_AbsoluteTimesInDifferentZones_BecomeMillisecondOffsetsFromStartTime()
    {
        // 09:15:20+08:00 is 01:15:20Z: zones must not shift the offsets.
        var conversation = ReadOne(
            """{"id": "c-1", "channel": "phone", "startTime": "2026-03-02T09:15:04+08:00", "turns": [{"speaker": "agent", "text": "您好", "time": "2026-03-02T09:15:04.250+08:00", "endTime": "2026-03-02T09:15:07+08:00"}, {"speaker": "customer", "text": "你好", "time": "2026-03-02T01:15:20Z"}]}""");

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 4, TimeSpan.FromHours(8)), conversation.StartTime);
        Assert.Equal(new Turn(Speaker.Agent, "您好", 250, 3000), conversation.Turns[0]);
        Assert.Equal(new Turn(Speaker.Customer, "你好", 16000, null), conversation.Turns[1]);
    }

    [Fact]
    public void ReadAll_AbsoluteTimesWithoutStartTime_CountFromTheFirstTurn()
    {
        var conversation = ReadOne(
            """{"id": "c-1", "turns": [{"speaker": "customer", "text": "在吗", "time": "2026-03-02 09:15:04+08:00"}, {"speaker": "agent", "text": "在的", "time": "2026-03-02 09:15:34+08:00"}]}""");

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 4, TimeSpan.FromHours(8)), conversation.StartTime);
        Assert.Equal([0L, 30000L], conversation.Turns.Select(t => t.StartMs!.Value));
        Assert.Equal([0L, 30000L], conversation.Turns.Select(t => t.EndMs!.Value));
    }

    [Fact]
    public void ReadAll_TimestampWithoutOffset_IsUtc()
    {
        var conversation = ReadOne("""{"id": "c-1", "startTime": "2026-03-02T09:15:04", "turns": [{"speaker": "agent", "text": "您好"}]}""");

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 4, TimeSpan.Zero), conversation.StartTime);
    }

    [Fact]
    public void ReadAll_MixedTimedAndUntimedTurns_ImportsAsUntimed()
    {
        var conversation = ReadOne(
            """{"id": "c-1", "turns": [{"speaker": "customer", "text": "在吗", "start": 0}, {"speaker": "agent", "text": "在的"}]}""");

        Assert.Equal(0, conversation.Turns[0].StartMs);
        Assert.Null(conversation.Turns[1].StartMs);
        Assert.False(conversation.HasTimestamps);
        Assert.Null(conversation.Duration);
    }

    [Fact]
    public void ReadAll_UnknownSpeaker_NamesTheTurnAndPointsAtTheValue()
    {
        const string line = """{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好"}, {"speaker": "cust", "text": "嗯"}]}""";

        var error = ReadBadLine(line);

        Assert.Equal("""turns[1].speaker "cust" is not agent, customer or system""", error.Message);
        Assert.Equal(ColumnOf(line, "\"cust\""), error.Column);
        Assert.Equal("c-2", error.RecordId);
        Assert.Equal(
            $"test.jsonl, line 2, column {ColumnOf(line, "\"cust\"")} (conversation c-2): turns[1].speaker \"cust\" is not agent, customer or system",
            error.ToString());
    }

    [Theory]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好", "start": 3200, "end": 1200}]}""", "turns[0].end (1200) is before turns[0].start (3200)", "1200}")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好", "start": -5}]}""", "turns[0].start (-5) is negative: offsets are milliseconds from the start of the conversation", "-5")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好", "start": 3.2}]}""", "turns[0].start 3.2 is not a whole number of milliseconds (offsets are in milliseconds: 3.2 seconds is 3200)", "3.2")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好", "start": "0"}]}""", "turns[0].start must be a number of milliseconds, not a string", "\"0\"")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好", "end": 500}]}""", "turns[0].end is given without turns[0].start", "500")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好", "start": 0, "time": "2026-03-02T09:15:04Z"}]}""", "turns[0] has both offsets (start/end, in milliseconds) and timestamps (time/endTime): give one or the other", "{\"speaker\"")]
    [InlineData("""{"id": "c-2", "startTime": "2026-03-02T09:15:04+08:00", "turns": [{"speaker": "agent", "text": "您好", "time": "2026-03-02T09:14:00+08:00"}]}""", "turns[0].time 2026-03-02T09:14:00+08:00 is before the conversation's startTime 2026-03-02T09:15:04+08:00", "\"2026-03-02T09:14")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好", "time": "2026-03-02T09:15:04Z", "endTime": "2026-03-02T09:15:00Z"}]}""", "turns[0].endTime 2026-03-02T09:15:00+00:00 is before turns[0].time 2026-03-02T09:15:04+00:00", "\"2026-03-02T09:15:00Z")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好", "time": "昨天下午"}]}""", "turns[0].time \"昨天下午\" is not a timestamp such as 2026-03-02T09:15:04+08:00", "\"昨天下午\"")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent"}]}""", "turns[0].text is missing", "{\"speaker\"")]
    [InlineData("""{"id": "c-2", "turns": [{"text": "您好"}]}""", "turns[0].speaker is missing; it must be agent, customer or system", "{\"text\"")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": 42}]}""", "turns[0].text must be a string, not a number", "42")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": null}]}""", "turns[0].text must be a string, not null", "null")]
    [InlineData("""{"id": "c-2", "turns": ["您好"]}""", "turns[0] must be an object such as {\"speaker\": \"agent\", \"text\": \"您好\"}, not a string", "\"您好\"")]
    [InlineData("""{"id": "c-2", "turns": []}""", "turns is empty: a conversation needs at least one turn", "[]")]
    [InlineData("""{"id": "c-2", "turns": {}}""", "turns must be a list [{…}, …] of turns, not an object", "{}")]
    [InlineData("""{"id": "c-2", "channel": "video", "turns": [{"speaker": "agent", "text": "您好"}]}""", "channel \"video\" is not chat, phone or email", "\"video\"")]
    [InlineData("""{"id": "c-2", "csat": 6, "turns": [{"speaker": "agent", "text": "您好"}]}""", "csat 6 is outside 1..5 (1 = very dissatisfied, 5 = very satisfied)", "6,")]
    [InlineData("""{"id": "c-2", "csat": 0, "turns": [{"speaker": "agent", "text": "您好"}]}""", "csat 0 is outside 1..5 (1 = very dissatisfied, 5 = very satisfied)", "0,")]
    [InlineData("""{"id": "c-2", "csat": 4.5, "turns": [{"speaker": "agent", "text": "您好"}]}""", "csat must be a whole number from 1 to 5, not 4.5", "4.5")]
    [InlineData("""{"id": "c-2", "csat": "5", "turns": [{"speaker": "agent", "text": "您好"}]}""", "csat must be a whole number from 1 to 5, not a string", "\"5\"")]
    [InlineData("""{"id": "c-2", "startTime": "03/02/2026 09:15", "turns": [{"speaker": "agent", "text": "您好"}]}""", "startTime \"03/02/2026 09:15\" is not a timestamp such as 2026-03-02T09:15:04+08:00", "\"03/02")]
    [InlineData("""{"id": "c-2", "customer": "u-88", "turns": [{"speaker": "agent", "text": "您好"}]}""", "customer must be an object such as {\"id\": \"u-88\", \"tier\": \"P1\"}, not a string", "\"u-88\"")]
    [InlineData("""{"id": "c-2", "team": 3, "turns": [{"speaker": "agent", "text": "您好"}]}""", "team must be a string, not a number", "3,")]
    public void ReadAll_BadTurnOrField_ReportsFieldAndColumnAndKeepsOtherLines(string line, string message, string columnMarker)
    {
        var error = ReadBadLine(line);

        Assert.Equal(message, error.Message);
        Assert.Equal(ColumnOf(line, columnMarker), error.Column);
        Assert.Equal("c-2", error.RecordId);
    }

    [Theory]
    [InlineData("""{"turns": [{"speaker": "agent", "text": "您好"}]}""", "id is missing: every conversation needs an id, such as \"id\": \"c-0001\"", "{")]
    [InlineData("""{"id": "  ", "turns": [{"speaker": "agent", "text": "您好"}]}""", "id is empty: every conversation needs an id, such as \"id\": \"c-0001\"", "\"  \"")]
    [InlineData("""{"id": "c-2"}""", "turns is missing: a conversation needs a list of turns, such as \"turns\": [{\"speaker\": \"customer\", \"text\": \"你好\"}]", "{")]
    [InlineData("""[{"id": "c-2"}]""", "each line must be one JSON object {…} holding one conversation, not a list", "[")]
    public void ReadAll_MissingIdOrTurns_IsAnErrorForTheLine(string line, string message, string columnMarker)
    {
        var error = ReadBadLine(line);

        Assert.Equal(message, error.Message);
        Assert.Equal(ColumnOf(line, columnMarker), error.Column);
    }

    [Fact]
    public void ReadAll_MalformedJson_ReportsLineAndCharacterColumnAndId()
    {
        // The missing comma comes after Chinese text: the column counts characters, as an editor shows it.
        const string line = """{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好，请稍等" "start": 0}]}""";

        var error = ReadBadLine(line);

        Assert.StartsWith("not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Equal(ColumnOf(line, "\"start\""), error.Column);
        Assert.Equal("c-2", error.RecordId);
    }

    [Theory]
    [InlineData("""客户说快递还没到，请尽快处理""", "not valid JSON: each line must be one JSON object {…} holding one conversation, but this line starts with \"客户说快递还没到，请尽快…\"", 1)]
    [InlineData("""  id: c-2""", "not valid JSON: each line must be one JSON object {…} holding one conversation, but this line starts with \"id: c-2\"", 3)]
    [InlineData("""{""", "not valid JSON: the line ends before its object is closed; each conversation must be on one line (a pretty-printed file is not JSON Lines)", 2)]
    [InlineData("""{"id": "c-2", "turns": [""", "not valid JSON: the line ends before its object is closed; each conversation must be on one line (a pretty-printed file is not JSON Lines)", 25)]
    public void ReadAll_CommonJsonMistakes_AreExplainedPlainly(string line, string message, int column)
    {
        var error = ReadBadLine(line);

        Assert.Equal(message, error.Message);
        Assert.Equal(column, error.Column);
    }

    [Theory]
    [InlineData("""{"id": "c-2", "turns": [""")]
    [InlineData("""{"id": "c-2", "turns": []} {"id": "c-4"}""")]
    [InlineData("""{"id": "c-2", "turns": [{"speaker": "agent", "text": "您好"}]},""")]
    [InlineData("""{'id': 'c-2'}""")]
    [InlineData("""好的""")]
    public void ReadAll_NotOneJsonObject_IsAnErrorForTheLine(string line)
    {
        var error = ReadBadLine(line);

        Assert.StartsWith("not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Column);
    }

    [Fact]
    public void ReadAll_GbkBytes_AreReportedAsNotUtf8()
    {
        // "你好" in GBK.
        byte[] gbk = [0xC4, 0xE3, 0xBA, 0xC3];
        const string Before = "{\"id\": \"c-2\", \"turns\": [{\"speaker\": \"客服\", \"text\": \"";
        var bytes = Encoding.UTF8.GetBytes(Good1 + "\n" + Before)
            .Concat(gbk)
            .Concat(Encoding.UTF8.GetBytes("\"}]}\n" + Good3 + "\n"))
            .ToArray();

        var items = JsonLinesImporter.ReadAll(new MemoryStream(bytes), "gbk.jsonl").ToList();

        Assert.Equal(3, items.Count);
        var error = items[1].Error;
        Assert.NotNull(error);
        Assert.Equal(2, error.Line);
        Assert.Equal(Before.Length + 1, error.Column);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("GBK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_DuplicateId_RejectsTheLaterLine()
    {
        var items = Read(Good1 + "\n" + Good1.Replace("在吗", "还在吗", StringComparison.Ordinal) + "\n");

        Assert.Equal("在吗", items[0].Conversation?.Turns[0].Text);
        Assert.Equal("""id "c-1" was already used on line 1; every conversation needs its own id""", items[1].Error?.Message);
        Assert.Equal(2, items[1].Error?.Line);
    }

    [Fact]
    public void ReadAll_ByteOrderMarkCrLfAndBlankLines_KeepLineNumbers()
    {
        var text = Good1 + "\r\n\r\n   \r\n" + """{"id": "c-2", "turns": []}""" + "\r\n" + Good3;

        var items = Read(text, byteOrderMark: true);

        Assert.Equal(3, items.Count);
        Assert.Equal("c-1", items[0].Conversation?.Id);
        Assert.Equal(4, items[1].Error?.Line);
        Assert.Equal("c-3", items[2].Conversation?.Id);
        Assert.Equal("在吗", items[0].Conversation?.Turns[0].Text);
    }

    [Fact]
    public void ReadAll_ByteOrderMarkOnAMalformedFirstLine_DoesNotShiftTheColumn()
    {
        var error = Assert.Single(Read("""{"id": "c-1" "turns": []}""", byteOrderMark: true)).Error;

        Assert.Equal(1, error?.Line);
        Assert.Equal(14, error?.Column);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("  \r\n\t\r\n")]
    public void ReadAll_EmptyFile_YieldsNothing(string text)
    {
        Assert.Empty(Read(text));
    }

    [Fact]
    public void ReadAll_TraditionalChineseAndEscapes_RoundTripExactly()
    {
        const string text = "您好，請問您的訂單編號是多少？😊\t「退貨」";
        var json = """{"id": "c-1", "turns": [{"speaker": "客服", "text": "您好，請問您的訂單編號是多少？😊\t「退貨」"}, {"speaker": "客戶", "text": "\u8acb\u7a0d\u7b49"}]}""";
        json = json.Replace("客戶", "客户", StringComparison.Ordinal);

        var conversation = ReadOne(json);

        Assert.Equal(text, conversation.Turns[0].Text);
        Assert.Equal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(conversation.Turns[0].Text));
        Assert.Equal("請稍等", conversation.Turns[1].Text);
    }

    [Fact]
    public void ReadAll_HundredThousandLines_StreamsLazily()
    {
        const int Lines = 100_000;
        var stream = new GeneratedLinesStream(
            Lines,
            i => $$"""{"id": "c-{{i}}", "channel": "chat", "turns": [{"speaker": "customer", "text": "我的快递到哪了", "start": 0}, {"speaker": "agent", "text": "您好，马上为您查询", "start": 15000}]}""" + "\n");

        using var items = JsonLinesImporter.ReadAll(stream, "big.jsonl").GetEnumerator();

        Assert.True(items.MoveNext());
        Assert.Equal("c-0", items.Current.Conversation?.Id);
        Assert.True(stream.BytesRead < 1024 * 1024, $"read {stream.BytesRead} bytes before the first conversation");

        var count = 1;
        while (items.MoveNext())
        {
            Assert.False(items.Current.IsError);
            count++;
        }

        Assert.Equal(Lines, count);
        Assert.True(stream.BytesRead > 15_000_000);
    }

    [Fact]
    public void ReadAll_LineOverTheLimit_IsReportedAndTheNextLineStillRead()
    {
        var hugeText = new string('长', (Utf8LineReader.DefaultMaxLineBytes / 3) + 100);
        var stream = new GeneratedLinesStream(3, i => i switch
        {
            0 => Good1 + "\n",
            1 => "{\"id\": \"c-2\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"" + hugeText + "\"}]}\n",
            _ => Good3 + "\n",
        });

        var items = JsonLinesImporter.ReadAll(stream, "huge.jsonl").ToList();

        Assert.Equal(3, items.Count);
        Assert.Equal(2, items[1].Error?.Line);
        Assert.Contains("longer than 16 MB", items[1].Error?.Message, StringComparison.Ordinal);
        Assert.Equal("c-3", items[2].Conversation?.Id);
    }

    [Fact]
    public void ReadAll_LastLineWithoutNewline_IsRead()
    {
        var items = Read(Good1 + "\n" + Good3);

        Assert.Equal(["c-1", "c-3"], items.Select(i => i.Conversation?.Id));
    }

    [Fact]
    public void ReadAll_RecordWithoutTurnsAfterOneWithTurns_IsRejected()
    {
        // The reader reuses one list of turns for every record; a record with no turns of its own
        // must not inherit the previous record's.
        var error = ReadBadLine("""{"id": "c-2"}""");

        Assert.Contains("turns is missing", error.Message, StringComparison.Ordinal);
    }
}
