using System.Text;
using ServiceCoach.Conversations;

namespace ServiceCoach.Tests.Conversations;

public sealed class CsvImporterTests
{
    private const string Header = "conversation_id,channel,agent_id,team,customer_id,customer_tier,start_time,category,csat,speaker,text,start_ms,end_ms,time,end_time\n";

    private static List<ImportItem> Read(string text, bool byteOrderMark = false) =>
        [.. CsvImporter.ReadAll(TestStreams.Utf8(text, byteOrderMark), "test.csv")];

    private static Conversation Imported(ImportItem item)
    {
        Assert.False(item.IsError, item.ToString());
        return item.Conversation;
    }

    [Fact]
    public void ReadAll_TwoConversations_TakeConversationColumnsFromTheFirstRowThatFillsThem()
    {
        var items = Read(Header
            + "c-1,chat,a-017,售后一组,u-88,P1,2026-03-02T09:15:04+08:00,退换货,,customer,我想退货,0,,,\n"
            + "c-1,,,,,,,,5,agent,好的，请提供订单号,8000,,,\n"
            + "c-2,phone,a-020,,,,,,,agent,您好,0,2100,,\n"
            + "c-2,phone,,,,,,,,customer,你好,2500,,,\n");

        Assert.Equal(2, items.Count);
        var first = Imported(items[0]);
        Assert.Equal("c-1", first.Id);
        Assert.Equal(Channel.Chat, first.Channel);
        Assert.Equal("a-017", first.AgentId);
        Assert.Equal("售后一组", first.Team);
        Assert.Equal(new CustomerInfo("u-88", "P1"), first.Customer);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 4, TimeSpan.FromHours(8)), first.StartTime);
        Assert.Equal("退换货", first.Category);
        Assert.Equal(5, first.Csat);
        Assert.Equal([new Turn(Speaker.Customer, "我想退货", 0, 0), new Turn(Speaker.Agent, "好的，请提供订单号", 8000, 8000)], first.Turns);

        var second = Imported(items[1]);
        Assert.Equal(Channel.Phone, second.Channel);
        Assert.Null(second.Customer);
        Assert.Equal([new Turn(Speaker.Agent, "您好", 0, 2100), new Turn(Speaker.Customer, "你好", 2500, null)], second.Turns);
    }

    [Fact]
    public void ReadAll_OnlyRequiredColumnsInAnyCaseAndOrder_Imports()
    {
        var items = Read("Text, SPEAKER ,Conversation ID,备注\n在吗,用户,c-1,VIP\n在的,坐席,c-1,\n");

        var conversation = Imported(Assert.Single(items));
        Assert.Equal([Speaker.Customer, Speaker.Agent], conversation.Turns.Select(t => t.Speaker));
        Assert.Equal(["在吗", "在的"], conversation.Turns.Select(t => t.Text));
        Assert.False(conversation.HasTimestamps);
    }

    [Fact]
    public void ReadAll_MissingRequiredColumn_IsOneErrorOnLineOne()
    {
        var error = Assert.Single(Read("conversation_id,role,content\nc-1,agent,您好\n")).Error;

        Assert.NotNull(error);
        Assert.Equal(1, error.Line);
        Assert.Equal(
            "the header has no speaker, text column; the first row must name the columns, at least conversation_id, speaker and text (found: conversation_id, role, content)",
            error.Message);
    }

    [Fact]
    public void ReadAll_DuplicateColumn_IsOneErrorOnLineOne()
    {
        var error = Assert.Single(Read("conversation_id,speaker,text,Text\nc-1,agent,您好,您好\n")).Error;

        Assert.Equal("the header has the column text twice (columns 3 and 4)", error?.Message);
    }

    [Fact]
    public void ReadAll_QuotedFields_FollowRfc4180AndKeepLineNumbers()
    {
        var items = Read("conversation_id,speaker,text\n"
            + "c-1,customer,\"你好,我想问一下\"\n"
            + "c-1,agent,\"他说\"\"好的\"\"\n第二行\"\n"
            + "c-2,agent,\n"
            + "c-3,robot,嗯\n");

        var conversation = Imported(items[0]);
        Assert.Equal("你好,我想问一下", conversation.Turns[0].Text);
        Assert.Equal("他说\"好的\"\n第二行", conversation.Turns[1].Text);
        Assert.Equal(string.Empty, Imported(items[1]).Turns[0].Text);
        Assert.Equal(6, items[2].Error?.Line);
    }

    [Fact]
    public void ReadAll_ConflictingConversationValue_RejectsThatConversationOnly()
    {
        var items = Read(Header
            + "c-1,chat,a-017,,,,,,,customer,在吗,,,,\n"
            + "c-1,chat,a-018,,,,,,,agent,在的,,,,\n"
            + "c-2,电话,,,,,,,,agent,您好,,,,\n"
            + "c-2,phone,,,,,,,,customer,你好,,,,\n");

        Assert.Equal(2, items.Count);
        var error = items[0].Error;
        Assert.NotNull(error);
        Assert.Equal(3, error.Line);
        Assert.Equal("c-1", error.RecordId);
        Assert.Equal(
            "agent_id \"a-018\" conflicts with \"a-017\" on line 2; conversation-level columns must agree on every row of a conversation (or be left empty)",
            error.Message);
        Assert.Equal(Channel.Phone, Imported(items[1]).Channel);
    }

    [Fact]
    public void ReadAll_ConversationSplitInTwo_RejectsTheLaterBlockOnly()
    {
        var items = Read("conversation_id,speaker,text\n"
            + "c-1,customer,在吗\n"
            + "c-2,customer,你好\n"
            + "c-1,agent,在的\n"
            + "c-1,agent,请问有什么可以帮您\n"
            + "c-3,agent,您好\n");

        Assert.Equal(4, items.Count);
        Assert.Single(Imported(items[0]).Turns);
        Assert.Equal("c-2", Imported(items[1]).Id);
        var error = items[2].Error;
        Assert.NotNull(error);
        Assert.Equal(4, error.Line);
        Assert.Equal("c-1", error.RecordId);
        Assert.Equal("rows of conversation \"c-1\" are not contiguous (first seen on line 2); keep all rows of a conversation together", error.Message);
        Assert.Equal("c-3", Imported(items[3]).Id);
    }

    [Theory]
    [InlineData("c-2,,,,,,,,,cust,嗯,,,,", "speaker \"cust\" is not agent, customer or system")]
    [InlineData("c-2,,,,,,,,,,嗯,,,,", "speaker is empty; it must be agent, customer or system")]
    [InlineData("c-2,video,,,,,,,,agent,嗯,,,,", "channel \"video\" is not chat, phone or email")]
    [InlineData("c-2,,,,,,,,6,agent,嗯,,,,", "csat 6 is outside 1..5 (1 = very dissatisfied, 5 = very satisfied)")]
    [InlineData("c-2,,,,,,,,很好,agent,嗯,,,,", "csat \"很好\" is not a whole number from 1 to 5")]
    [InlineData("c-2,,,,,,,,,agent,嗯,3.2,,,", "start_ms \"3.2\" is not a whole number of milliseconds (offsets are in milliseconds: 3.2 seconds is 3200)")]
    [InlineData("c-2,,,,,,,,,agent,嗯,-1,,,", "start_ms (-1) is negative: offsets are milliseconds from the start of the conversation")]
    [InlineData("c-2,,,,,,,,,agent,嗯,3200,1200,,", "end_ms (1200) is before start_ms (3200)")]
    [InlineData("c-2,,,,,,,,,agent,嗯,,1200,,", "end_ms is given without start_ms")]
    [InlineData("c-2,,,,,,,,,agent,嗯,0,,2026-03-02T09:15:04Z,", "this row has both offsets (start_ms/end_ms, in milliseconds) and timestamps (time/end_time): give one or the other")]
    [InlineData("c-2,,,,,,,,,agent,嗯,,,下午三点,", "time \"下午三点\" is not a timestamp such as 2026-03-02T09:15:04+08:00")]
    [InlineData("c-2,,,,,,2026-03-02T09:15:04Z,,,agent,嗯,,,2026-03-02T09:00:00Z,", "time 2026-03-02T09:00:00+00:00 is before the conversation's start_time 2026-03-02T09:15:04+00:00")]
    [InlineData("c-2,,,,,,,,,agent,嗯", "the row has 11 fields but the header has 15; a comma inside a text must be in a quoted field (\"好的,谢谢\")")]
    [InlineData("c-2,,,,,,,,,agent,他说\"好\",,,,", "a quote (\") inside a field that does not start with one; put the whole field in quotes and double the quotes inside it (\"他说\"\"好的\"\"\")")]
    [InlineData("c-2,,,,,,,,,agent,\"好\"的,,,,", "text after the closing quote of a field; put the whole field in quotes and double the quotes inside it")]
    public void ReadAll_BadRow_RejectsItsConversationWithLineAndKeepsTheOthers(string row, string message)
    {
        var items = Read(Header
            + "c-1,,,,,,,,,customer,在吗,,,,\n"
            + "c-2,,,,,,,,,customer,你好,,,,\n"
            + row + "\n"
            + "c-2,,,,,,,,,agent,再见,,,,\n"
            + "c-3,,,,,,,,,agent,您好,,,,\n");

        Assert.Equal(3, items.Count);
        Assert.Equal("c-1", Imported(items[0]).Id);
        var error = items[1].Error;
        Assert.NotNull(error);
        Assert.Equal(message, error.Message);
        Assert.Equal(4, error.Line);
        Assert.Null(error.Column);
        Assert.Equal("c-2", error.RecordId);
        Assert.Equal("c-3", Imported(items[2]).Id);
    }

    [Fact]
    public void ReadAll_RowWithoutConversationId_IsItsOwnErrorAndDoesNotSplitTheConversation()
    {
        var items = Read("conversation_id,speaker,text\nc-1,customer,在吗\n,agent,在的\nc-1,agent,请讲\n");

        Assert.Equal(2, items.Count);
        Assert.Equal(3, items[0].Error?.Line);
        Assert.Equal("conversation_id is empty: every row needs the id of its conversation", items[0].Error?.Message);
        Assert.Equal(2, Imported(items[1]).Turns.Count);
    }

    [Fact]
    public void ReadAll_UnterminatedQuote_ReportsWhereItStarts()
    {
        var items = Read("conversation_id,speaker,text\nc-1,customer,在吗\nc-2,agent,\"您好\nc-3,agent,再见\n");

        Assert.Equal(2, items.Count);
        Assert.Equal("c-1", Imported(items[0]).Id);
        Assert.Equal(3, items[1].Error?.Line);
        Assert.Equal("a quoted field is never closed, so the rest of the file was read into it; add the closing quote (\")", items[1].Error?.Message);
    }

    [Fact]
    public void ReadAll_QuoteThatNeverClosesInAHugeFile_StopsWithAnErrorInsteadOfBufferingIt()
    {
        var stream = new GeneratedLinesStream(200_000, i => i switch
        {
            0 => "conversation_id,speaker,text\n",
            1 => "c-1,customer,在吗\n",
            2 => "c-2,agent,\"您好\n",
            _ => "这一行在引号里面，永远不会结束，一直读到文件末尾为止。这一行在引号里面，永远不会结束，一直读到文件末尾为止。\n",
        });

        var items = CsvImporter.ReadAll(stream, "huge.csv").ToList();

        Assert.Equal(2, items.Count);
        Assert.Equal("c-1", Imported(items[0]).Id);
        Assert.Equal(3, items[1].Error?.Line);
        Assert.Contains("a quote (\") opened a field that never closes", items[1].Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_GbkBytes_AreReportedAsNotUtf8()
    {
        byte[] gbk = [0xC4, 0xE3, 0xBA, 0xC3];
        var bytes = Encoding.UTF8.GetBytes("conversation_id,speaker,text\nc-1,customer,")
            .Concat(gbk)
            .Concat(Encoding.UTF8.GetBytes("\nc-2,agent,您好\n"))
            .ToArray();

        var items = CsvImporter.ReadAll(new MemoryStream(bytes), "gbk.csv").ToList();

        Assert.Equal(2, items.Count);
        Assert.Equal(2, items[0].Error?.Line);
        Assert.Contains("field 3 is not valid UTF-8", items[0].Error?.Message, StringComparison.Ordinal);
        Assert.Equal("c-2", Imported(items[1]).Id);
    }

    [Fact]
    public void ReadAll_AbsoluteTimes_BecomeOffsetsFromStartTime()
    {
        var items = Read("conversation_id,channel,start_time,speaker,text,time,end_time\n"
            + "c-1,phone,2026-03-02 09:15:04+08:00,agent,您好,2026-03-02 09:15:05+08:00,2026-03-02 09:15:07.5+08:00\n"
            + "c-1,,,customer,你好,2026-03-02T01:15:10Z,\n");

        var conversation = Imported(Assert.Single(items));
        Assert.Equal([new Turn(Speaker.Agent, "您好", 1000, 3500), new Turn(Speaker.Customer, "你好", 6000, null)], conversation.Turns);
    }

    [Fact]
    public void ReadAll_ByteOrderMarkAndCrLf_AreHandled()
    {
        var items = Read("conversation_id,speaker,text\r\nc-1,customer,在吗\r\n\r\nc-1,agent,在的\r\nc-2,nobody,嗯\r\n", byteOrderMark: true);

        Assert.Equal(["在吗", "在的"], Imported(items[0]).Turns.Select(t => t.Text));
        Assert.Equal(5, items[1].Error?.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("conversation_id,speaker,text\n")]
    [InlineData("conversation_id,speaker,text\n\n , , \n")]
    public void ReadAll_NoRows_YieldsNothing(string text)
    {
        Assert.Empty(Read(text));
    }

    [Fact]
    public void ReadAll_TraditionalChinese_RoundTripsExactly()
    {
        const string text = "您好，請問您的訂單編號是多少？😊 「退貨」  ";
        var items = Read("conversation_id,speaker,text\nc-1,客服,\"" + text + "\"\n");

        var turn = Imported(Assert.Single(items)).Turns[0];
        Assert.Equal(text, turn.Text);
        Assert.Equal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(turn.Text));
    }

    [Fact]
    public void ReadAll_HundredThousandRows_StreamsLazily()
    {
        const int Rows = 100_000;
        var stream = new GeneratedLinesStream(Rows + 1, i => i == 0
            ? "conversation_id,channel,speaker,text,start_ms\n"
            : $"c-{(i - 1) / 2},chat,{(i % 2 == 1 ? "customer" : "agent")},\"我的快递到哪了,能帮我查一下吗\",{((i + 1) % 2) * 1000}\n");

        using var items = CsvImporter.ReadAll(stream, "big.csv").GetEnumerator();

        Assert.True(items.MoveNext());
        Assert.Equal("c-0", items.Current.Conversation?.Id);
        Assert.True(stream.BytesRead < 1024 * 1024, $"read {stream.BytesRead} bytes before the first conversation");

        var summary = new ImportSummary();
        summary.Add(items.Current);
        while (items.MoveNext())
        {
            summary.Add(items.Current);
        }

        Assert.Equal(Rows / 2, summary.Imported);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(Rows, summary.Turns);
    }
}
