using System.Text;
using ServiceCoach.Conversations;

namespace ServiceCoach.Tests.Conversations;

/// <summary>
/// Records that a database, a TimeSpan or a web address cannot hold: each must be rejected where it
/// is (line and, in JSON, column), in every format alike, while the good records around it import.
/// </summary>
public sealed class HostileConversationsTests
{
    private const string GoodBefore = """{"id": "good-1", "turns": [{"speaker": "customer", "text": "在吗"}]}""";
    private const string GoodAfter = """{"id": "good-2", "turns": [{"speaker": "agent", "text": "您好"}]}""";

    /// <summary>The bad line between two good ones: the good ones import, the bad one is rejected on line 2.</summary>
    private static ImportError RejectedJsonLine(string badLine)
    {
        var items = JsonLinesImporter.ReadAll(TestStreams.Utf8(GoodBefore + "\n" + badLine + "\n" + GoodAfter + "\n"), "test.jsonl").ToList();
        Assert.Equal(3, items.Count);
        Assert.Equal(["good-1", "good-2"], new[] { items[0], items[2] }.Select(i => i.Conversation?.Id));
        var error = items[1].Error;
        Assert.True(error is not null, $"line 2 was imported: {items[1]}");
        Assert.Equal(2, error.Line);
        return error;
    }

    private static ImportError RejectedCsvRow(string badRow, string header = "conversation_id,agent_id,team,customer_id,customer_tier,category,speaker,text,start_ms")
    {
        var csv = string.Join("\n", header, "good-1,,,,,,customer,在吗,", badRow, "good-2,,,,,,agent,您好,") + "\n";
        var items = CsvImporter.ReadAll(TestStreams.Utf8(csv), "test.csv").ToList();
        Assert.Equal(["good-1", "good-2"], items.Where(i => !i.IsError).Select(i => i.Conversation!.Id));
        var error = Assert.Single(items, i => i.IsError).Error!;
        Assert.Equal(3, error.Line);
        return error;
    }

    [Fact]
    public void JsonLines_AnOffsetBeyondWhatATimeSpanHolds_RejectsThatLineAtTheOffset()
    {
        const string line = """{"id":"h1","turns":[{"speaker":"customer","text":"你好","start":0},{"speaker":"agent","text":"您好","start":1000000000000000}]}""";

        var error = RejectedJsonLine(line);

        Assert.Equal(line.IndexOf("1000000000000000", StringComparison.Ordinal) + 1, error.Column);
        Assert.Equal("h1", error.RecordId);
        Assert.Contains("turns[1].start (1000000000000000) is more than 366 days after the start of the conversation", error.Message);
    }

    [Fact]
    public void JsonLines_AnEndBeyondTheLimit_IsRejectedToo()
    {
        var error = RejectedJsonLine("""{"id":"h2","channel":"phone","turns":[{"speaker":"customer","text":"你好","start":0,"end":9223372036854775807}]}""");

        Assert.Contains("turns[0].end", error.Message);
    }

    [Fact]
    public void JsonLines_AbsoluteTimesMoreThanAYearApart_AreRejected()
    {
        var error = RejectedJsonLine("""{"id":"h3","turns":[{"speaker":"customer","text":"你好","time":"2026-01-01T00:00:00Z"},{"speaker":"agent","text":"您好","time":"2027-06-01T00:00:00Z"}]}""");

        Assert.Contains("turns[1].time", error.Message);
        Assert.Contains("366 days", error.Message);
    }

    [Fact]
    public void Csv_AnOffsetBeyondTheLimit_RejectsThatConversationOnItsLine()
    {
        var error = RejectedCsvRow("h1,,,,,,agent,您好,1000000000000000");

        Assert.Contains("start_ms (1000000000000000) is more than 366 days", error.Message);
    }

    [Fact]
    public void ContactLens_AnOffsetBeyondTheLimit_IsRejected()
    {
        const string contact = """{"Channel":"VOICE","CustomerMetadata":{"ContactId":"cl-1"},"Transcript":[{"ParticipantId":"AGENT","Content":"您好","BeginOffsetMillis":0},{"ParticipantId":"CUSTOMER","Content":"你好","BeginOffsetMillis":1000000000000000}]}""";

        var item = Assert.Single(ContactLensImporter.ReadAll(TestStreams.Utf8(contact), "contact.json"));

        Assert.True(item.IsError);
        Assert.Contains("BeginOffsetMillis", item.Error.Message);
    }

    public static TheoryData<string, string, string> TooLongJsonFields => new()
    {
        { "agentId", "\"agentId\":\"" + new string('a', 65) + "\"", "agentId" },
        { "id", null!, "id" },
        { "team", "\"team\":\"" + new string('组', 101) + "\"", "team" },
        { "customer tier", "\"customer\":{\"id\":\"u1\",\"tier\":\"" + new string('P', 33) + "\"}", "customer.tier" },
        { "customer id", "\"customer\":{\"id\":\"" + new string('u', 129) + "\"}", "customer.id" },
        { "category", "\"category\":\"" + new string('类', 101) + "\"", "category" },
    };

    [Theory]
    [MemberData(nameof(TooLongJsonFields))]
    public void JsonLines_AFieldLongerThanItsLimit_RejectsThatLineAtTheField(string field, string? member, string name)
    {
        var line = member is null
            ? "{\"id\":\"" + new string('i', 201) + "\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"您好\"}]}"
            : "{\"id\":\"long-" + field.Replace(' ', '-') + "\"," + member + ",\"turns\":[{\"speaker\":\"agent\",\"text\":\"您好\"}]}";

        var error = RejectedJsonLine(line);

        Assert.StartsWith(name + " ", error.Message);
        Assert.Contains("characters long; at most", error.Message);
        Assert.NotNull(error.Column);
        Assert.True(error.Column > 1, field);
    }

    [Theory]
    [InlineData("agent_id", "h,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,,,,,agent,您好,")]
    [InlineData("customer_tier", "h,,,,PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP,,agent,您好,")]
    public void Csv_AFieldLongerThanItsLimit_RejectsThatConversation(string name, string row)
    {
        var error = RejectedCsvRow(row);

        Assert.StartsWith(name + " ", error.Message);
    }

    public static TheoryData<string, string, string> UnstorableText => new()
    {
        { "NUL in the id", "{\"id\":\"a\\u0000b\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"您好\"}]}", "id" },
        { "NUL in a turn", "{\"id\":\"nul-text\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"您\\u0000好\"}]}", "turns[0].text" },
        { "half a surrogate pair in a turn", "{\"id\":\"lone\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"\\ud800\"}]}", "turns[0].text" },
        { "NUL in the agent", "{\"id\":\"nul-agent\",\"agentId\":\"a\\u0000\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"您好\"}]}", "agentId" },
        { "NUL in the category", "{\"id\":\"nul-cat\",\"category\":\"\\u0000\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"您好\"}]}", "category" },
    };

    [Theory]
    [MemberData(nameof(UnstorableText))]
    public void JsonLines_TextNoDatabaseCanHold_RejectsThatLine(string what, string line, string name)
    {
        var error = RejectedJsonLine(line);

        Assert.StartsWith(name + " ", error.Message);
        Assert.True(error.Message.Contains("NUL", StringComparison.Ordinal) || error.Message.Contains("surrogate", StringComparison.Ordinal), what);
    }

    [Fact]
    public void Csv_ANulCharacterInATurn_RejectsThatConversation()
    {
        var error = RejectedCsvRow("h,,,,,,agent,您\0好,");

        Assert.StartsWith("text ", error.Message);
        Assert.Contains("NUL", error.Message);
    }

    public static TheoryData<string, string> IdsNoAddressCanReach => new()
    {
        { "a slash", "a/b" },
        { "a backslash", "a\\\\b" },
        { "a control character", "a\\u0001b" },
        { "a line feed", "a\\nb" },
        { "a dot", "." },
        { "two dots", ".." },
        { "a leading space", " a" },
    };

    [Theory]
    [MemberData(nameof(IdsNoAddressCanReach))]
    public void JsonLines_AnIdNoWebAddressCanReach_RejectsThatLineAtTheId(string what, string id)
    {
        var line = "{\"id\":\"" + id + "\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"您好\"}]}";

        var error = RejectedJsonLine(line);

        Assert.StartsWith("id ", error.Message);
        Assert.Equal(line.IndexOf("\"" + id, StringComparison.Ordinal) + 1, error.Column);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void JsonLines_OffsetsOutOfOrder_AreRejectedNamingBothTurns()
    {
        const string line = """{"id":"order","turns":[{"speaker":"customer","text":"你好","start":5000},{"speaker":"agent","text":"您好","start":1000}]}""";

        var error = RejectedJsonLine(line);

        Assert.Equal(line.IndexOf("1000}", StringComparison.Ordinal) + 1, error.Column);
        Assert.Contains("turns[1].start (1000) is before turns[0].start (5000)", error.Message);
        Assert.Contains("in the order they were said", error.Message);
    }

    [Fact]
    public void JsonLines_AbsoluteTimesOutOfOrderWithoutAStartTime_NameTheTurnsNotAStartTimeThatWasNeverGiven()
    {
        var error = RejectedJsonLine("""{"id":"order-t","turns":[{"speaker":"customer","text":"你好","time":"2026-03-02T09:15:04+08:00"},{"speaker":"agent","text":"您好","time":"2026-03-02T09:15:00+08:00"}]}""");

        Assert.Contains("turns[1].time 2026-03-02T09:15:00+08:00 is before turns[0].time 2026-03-02T09:15:04+08:00", error.Message);
        Assert.DoesNotContain("startTime", error.Message);
    }

    [Fact]
    public void JsonLines_ATurnBeforeAGivenStartTime_StillSaysSo()
    {
        var error = RejectedJsonLine("""{"id":"before-start","startTime":"2026-03-02T09:15:04+08:00","turns":[{"speaker":"customer","text":"你好","time":"2026-03-02T09:15:00+08:00"}]}""");

        Assert.Contains("is before the conversation's startTime", error.Message);
    }

    [Fact]
    public void JsonLines_EqualStartsAndTurnsWithoutTiming_StayAccepted()
    {
        var items = JsonLinesImporter.ReadAll(
            TestStreams.Utf8("""{"id":"same","channel":"phone","turns":[{"speaker":"customer","text":"喂","start":1000,"end":3000},{"speaker":"agent","text":"您好","start":1000},{"speaker":"system","text":"转接"},{"speaker":"agent","text":"好的","start":2000}]}"""),
            "test.jsonl").ToList();

        Assert.False(Assert.Single(items).IsError, items[0].ToString());
    }

    [Fact]
    public void Csv_RowsOutOfOrder_AreRejectedNamingTheEarlierRowsLine()
    {
        var csv = "conversation_id,speaker,text,start_ms\norder,customer,你好,5000\norder,agent,您好,1000\n";

        var error = Assert.Single(CsvImporter.ReadAll(TestStreams.Utf8(csv), "test.csv")).Error!;

        Assert.Equal(3, error.Line);
        Assert.Contains("start_ms (1000) is before start_ms (5000) on line 2", error.Message);
    }

    [Fact]
    public void Csv_AConversationLargerThanAJsonLineMayBe_IsRejectedWithoutStoppingTheFile()
    {
        var chunk = new string('字', 1024 * 1024);
        var csv = new StringBuilder("conversation_id,speaker,text\n");
        for (var i = 0; i < 17; i++)
        {
            csv.Append("huge,agent,").Append(chunk).Append('\n');
        }

        csv.Append("small,agent,您好\n");

        var items = CsvImporter.ReadAll(TestStreams.Utf8(csv.ToString()), "test.csv").ToList();

        Assert.Equal(2, items.Count);
        Assert.Contains("more than 16 MB", items[0].Error!.Message);
        Assert.Equal("small", items[1].Conversation?.Id);
    }

    [Fact]
    public void ContactLens_AFileLargerThanTheLimit_IsOneErrorNotAnOutOfMemory()
    {
        var stream = new GeneratedLinesStream(200, _ => new string(' ', 1024 * 1024));

        var error = Assert.Single(ContactLensImporter.ReadAll(stream, "huge.json")).Error!;

        Assert.Contains("larger than", error.Message);
        Assert.True(stream.BytesRead <= ContactLensImporter.MaxFileBytes + (2 * 1024 * 1024), $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public void EveryImporter_SaysOnWhichLineEachConversationStarted()
    {
        var json = JsonLinesImporter.ReadAll(TestStreams.Utf8("\n" + GoodBefore + "\n\n" + GoodAfter + "\n"), "t.jsonl").ToList();
        var csv = CsvImporter.ReadAll(TestStreams.Utf8("conversation_id,speaker,text\na,agent,您好\na,customer,你好\nb,agent,再见\n"), "t.csv").ToList();

        Assert.Equal([2, 4], json.Select(i => i.Line));
        Assert.Equal([2, 4], csv.Select(i => i.Line));
    }
}
