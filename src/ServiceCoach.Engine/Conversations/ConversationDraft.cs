using System.Buffers;
using System.Globalization;
using System.Text;

namespace ServiceCoach.Conversations;

/// <summary>
/// Where a value came from: a 1-based line and, for JSON, the byte offset of the value within that
/// line (-1 when unknown). Bytes are turned into an editor column only when an error is reported,
/// because counting characters for every field would cost a pass over the line per field.
/// </summary>
internal readonly record struct SourceSpot(int Line, int ByteInLine = -1);

/// <summary>A problem that rejects the record being read. Caught by the importer and turned into an <see cref="ImportError"/>.</summary>
internal sealed class ImportProblemException : Exception
{
    public ImportProblemException()
    {
    }

    public ImportProblemException(string message)
        : base(message)
    {
    }

    public ImportProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ImportProblemException(SourceSpot spot, string message)
        : base(message)
    {
        Spot = spot;
    }

    public SourceSpot Spot { get; }
}

/// <summary>How a format names its fields (timing, metadata, text), so shared validation can name them in messages.</summary>
/// <param name="TurnList">The name of the list of turns in messages ("turns"), or null when turns are rows named by their line (CSV).</param>
internal sealed record TimingNames(
    string? TurnList, string Start, string End, string Time, string EndTime, string StartTime,
    string Id = "id", string AgentId = "agentId", string Team = "team", string CustomerId = "customer.id", string CustomerTier = "customer.tier",
    string Category = "category", string Text = "text")
{
    public static readonly TimingNames JsonLines = new("turns", "start", "end", "time", "endTime", "startTime");

    public static readonly TimingNames Csv = new(
        null, "start_ms", "end_ms", "time", "end_time", "start_time", "conversation_id", "agent_id", "team", "customer_id", "customer_tier", "category");

    public static readonly TimingNames ContactLens = new(
        "Transcript", "BeginOffsetMillis", "EndOffsetMillis", "AbsoluteTime", "AbsoluteTime", "AbsoluteTime", "CustomerMetadata.ContactId", Text: "Content");

    /// <summary>"turns[3].start" in JSON, "start_ms" in CSV (where the line number already says which turn).</summary>
    public string Field(int turnIndex, string field) =>
        TurnList is null ? field : string.Create(CultureInfo.InvariantCulture, $"{TurnList}[{turnIndex}].{field}");

    public string Turn(int turnIndex) =>
        TurnList is null ? "this row" : string.Create(CultureInfo.InvariantCulture, $"{TurnList}[{turnIndex}]");
}

/// <summary>One turn as read, before offsets are resolved against the conversation start.</summary>
internal struct TurnDraft
{
    /// <summary>Position in the source's list of turns, for messages (Contact Lens skips events, so this is not the turn's index).</summary>
    public int Index;
    public SourceSpot At;
    public Speaker Speaker;
    public string Text;
    public long? Start;
    public SourceSpot StartAt;
    public long? End;
    public SourceSpot EndAt;
    public DateTimeOffset? Time;
    public SourceSpot TimeAt;
    public DateTimeOffset? EndTime;
    public SourceSpot EndTimeAt;
}

/// <summary>
/// A conversation as read from any format, validated and turned into a <see cref="Conversation"/>
/// by one shared set of rules, so that JSON Lines, CSV and Contact Lens agree on timing.
/// </summary>
internal sealed class ConversationDraft
{
    public ConversationDraft()
        : this([])
    {
    }

    /// <summary>A draft that collects its turns in <paramref name="turns"/> (cleared first): a reader may reuse one list for every record.</summary>
    public ConversationDraft(List<TurnDraft> turns)
    {
        turns.Clear();
        Turns = turns;
    }

    public string? Id { get; set; }

    public SourceSpot IdAt { get; set; }

    public Channel Channel { get; set; } = Channel.Chat;

    public string? AgentId { get; set; }

    public SourceSpot AgentIdAt { get; set; }

    public string? Team { get; set; }

    public SourceSpot TeamAt { get; set; }

    public string? CustomerId { get; set; }

    public SourceSpot CustomerIdAt { get; set; }

    public string? CustomerTier { get; set; }

    public SourceSpot CustomerTierAt { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public string? Category { get; set; }

    public SourceSpot CategoryAt { get; set; }

    public int? Csat { get; set; }

    public SourceSpot TurnsAt { get; set; }

    public List<TurnDraft> Turns { get; }

    /// <summary>
    /// Resolves timing and builds the conversation. Absolute timestamps become millisecond offsets
    /// from <see cref="StartTime"/>, or from the first timed turn when no start time was given. A
    /// turn without an end gets end = start in chat and email (a message has only a send time) and
    /// no end on the phone.
    /// </summary>
    /// <exception cref="ImportProblemException">The record breaks a rule; the message names the field.</exception>
    public Conversation Build(TimingNames names)
    {
        if (Turns.Count == 0)
        {
            throw new ImportProblemException(TurnsAt, $"{names.TurnList ?? "turns"} is empty: a conversation needs at least one turn");
        }

        CheckFields(names);
        var origin = StartTime;
        if (origin is null)
        {
            foreach (var draft in Turns)
            {
                if (draft.Time is not null)
                {
                    origin = draft.Time;
                    break;
                }
            }
        }

        var endsAtStart = Channel != Channel.Phone;
        var turns = new Turn[Turns.Count];
        var previousTimed = -1;
        for (var i = 0; i < turns.Length; i++)
        {
            var draft = Turns[i];
            if (ConversationLimits.TextProblem(draft.Text) is { } textProblem)
            {
                throw new ImportProblemException(draft.At, $"{names.Field(draft.Index, names.Text)} {textProblem}");
            }

            if (previousTimed >= 0 && draft.Time is { } time && Turns[previousTimed].Time is { } previousTime && time < previousTime)
            {
                // Said before the start time only when one was given; otherwise the turns are simply out of order.
                throw OutOfOrder(draft, Turns[previousTimed], names);
            }

            var (start, end) = ResolveTiming(draft, origin, names);
            if (end is null && start is not null && endsAtStart)
            {
                end = start;
            }

            if (start is { } s)
            {
                if (previousTimed >= 0 && s < turns[previousTimed].StartMs)
                {
                    throw OutOfOrder(draft, Turns[previousTimed], names, s, turns[previousTimed].StartMs!.Value);
                }

                previousTimed = i;
            }

            turns[i] = new Turn(draft.Speaker, draft.Text, start, end);
        }

        return new Conversation
        {
            Id = Id!,
            Channel = Channel,
            AgentId = AgentId,
            Team = Team,
            Customer = CustomerId is null && CustomerTier is null ? null : new CustomerInfo(CustomerId, CustomerTier),
            StartTime = origin,
            Category = Category,
            Csat = Csat,
            Turns = turns,
        };
    }

    /// <summary>Rejects ids no web address can reach and fields longer than the database holds, at the field.</summary>
    private void CheckFields(TimingNames names)
    {
        if (ConversationLimits.IdProblem(Id!) is { } idProblem)
        {
            throw new ImportProblemException(IdAt, $"{names.Id} {ImportVocabulary.Quote(Id!)} {idProblem}");
        }

        Check(AgentId, AgentIdAt, names.AgentId, ConversationLimits.MaxAgentIdLength);
        Check(Team, TeamAt, names.Team, ConversationLimits.MaxTeamLength);
        Check(CustomerId, CustomerIdAt, names.CustomerId, ConversationLimits.MaxCustomerIdLength);
        Check(CustomerTier, CustomerTierAt, names.CustomerTier, ConversationLimits.MaxCustomerTierLength);
        Check(Category, CategoryAt, names.Category, ConversationLimits.MaxCategoryLength);

        static void Check(string? value, SourceSpot at, string name, int maxLength)
        {
            if (value is not null && ConversationLimits.FieldProblem(value, maxLength) is { } problem)
            {
                throw new ImportProblemException(at, $"{name} {ImportVocabulary.Quote(value)} {problem}");
            }
        }
    }

    /// <summary>A turn said before the turn in front of it: the importer cannot tell which order is right.</summary>
    private static ImportProblemException OutOfOrder(in TurnDraft draft, in TurnDraft previous, TimingNames names, long start = 0, long previousStart = 0)
    {
        var (field, at, value) = draft.Time is { } time
            ? (names.Time, draft.TimeAt, Iso(time))
            : (names.Start, draft.StartAt, Invariant($"({start})"));
        var (previousField, previousValue) = previous.Time is { } previousTime
            ? (names.Time, Iso(previousTime))
            : (names.Start, Invariant($"({previousStart})"));
        var where = names.TurnList is null ? Invariant($" on line {previous.At.Line}") : "";
        return new ImportProblemException(
            at,
            $"{names.Field(draft.Index, field)} {value} is before {names.Field(previous.Index, previousField)} {previousValue}{where}: turns must be in the order they were said");
    }

    private static (long? Start, long? End) ResolveTiming(in TurnDraft draft, DateTimeOffset? origin, TimingNames names)
    {
        var hasOffsets = draft.Start is not null || draft.End is not null;
        var hasTimestamps = draft.Time is not null || draft.EndTime is not null;
        if (hasOffsets && hasTimestamps)
        {
            throw new ImportProblemException(
                draft.At,
                $"{names.Turn(draft.Index)} has both offsets ({names.Start}/{names.End}, in milliseconds) and timestamps ({names.Time}/{names.EndTime}): give one or the other");
        }

        if (hasTimestamps)
        {
            if (draft.Time is not { } time)
            {
                throw new ImportProblemException(draft.EndTimeAt, $"{names.Field(draft.Index, names.EndTime)} is given without {names.Field(draft.Index, names.Time)}");
            }

            // origin is never null here: without a start time the first timed turn is the origin.
            var start = Milliseconds(time - origin!.Value);
            if (start < 0)
            {
                throw new ImportProblemException(
                    draft.TimeAt,
                    $"{names.Field(draft.Index, names.Time)} {Iso(time)} is before the conversation's {names.StartTime} {Iso(origin.Value)}");
            }

            CheckLimit(start, draft.TimeAt, names.Field(draft.Index, names.Time), Iso(time));
            if (draft.EndTime is not { } endTime)
            {
                return (start, null);
            }

            if (endTime < time)
            {
                throw new ImportProblemException(
                    draft.EndTimeAt,
                    $"{names.Field(draft.Index, names.EndTime)} {Iso(endTime)} is before {names.Field(draft.Index, names.Time)} {Iso(time)}");
            }

            var end = Milliseconds(endTime - origin.Value);
            CheckLimit(end, draft.EndTimeAt, names.Field(draft.Index, names.EndTime), Iso(endTime));
            return (start, end);
        }

        if (draft.Start is not { } startMs)
        {
            if (draft.End is not null)
            {
                throw new ImportProblemException(draft.EndAt, $"{names.Field(draft.Index, names.End)} is given without {names.Field(draft.Index, names.Start)}");
            }

            return (null, null);
        }

        if (startMs < 0)
        {
            throw new ImportProblemException(
                draft.StartAt,
                Invariant($"{names.Field(draft.Index, names.Start)} ({startMs}) is negative: offsets are milliseconds from the start of the conversation"));
        }

        CheckLimit(startMs, draft.StartAt, names.Field(draft.Index, names.Start), Invariant($"({startMs})"));
        if (draft.End is { } endMs && endMs < startMs)
        {
            throw new ImportProblemException(
                draft.EndAt,
                Invariant($"{names.Field(draft.Index, names.End)} ({endMs}) is before {names.Field(draft.Index, names.Start)} ({startMs})"));
        }

        if (draft.End is { } checkedEnd)
        {
            CheckLimit(checkedEnd, draft.EndAt, names.Field(draft.Index, names.End), Invariant($"({checkedEnd})"));
        }

        return (startMs, draft.End);
    }

    /// <summary>Offsets past <see cref="ConversationLimits.MaxOffsetMs"/> are typing mistakes (seconds for milliseconds, an epoch time), and overflow durations.</summary>
    private static void CheckLimit(long offsetMs, SourceSpot at, string field, string shown)
    {
        if (offsetMs > ConversationLimits.MaxOffsetMs)
        {
            throw new ImportProblemException(
                at,
                $"{field} {shown} is more than 366 days after the start of the conversation; offsets are milliseconds from the start (3.2 seconds is 3200)");
        }
    }

    // Ticks to whole milliseconds, truncating sub-millisecond precision that the model cannot hold.
    private static long Milliseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMillisecond;

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFzzz", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The words importers accept for channels, speakers and timestamps, shared by every format.</summary>
internal static class ImportVocabulary
{
    private static readonly Dictionary<string, Channel> ChannelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chat"] = Channel.Chat,
        ["在线"] = Channel.Chat,
        ["文字"] = Channel.Chat,
        ["phone"] = Channel.Phone,
        ["voice"] = Channel.Phone,
        ["电话"] = Channel.Phone,
        ["email"] = Channel.Email,
        ["邮件"] = Channel.Email,
    };

    private static readonly Dictionary<string, Speaker> SpeakerNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["agent"] = Speaker.Agent,
        ["staff"] = Speaker.Agent,
        ["客服"] = Speaker.Agent,
        ["坐席"] = Speaker.Agent,
        ["customer"] = Speaker.Customer,
        ["user"] = Speaker.Customer,
        ["客户"] = Speaker.Customer,
        ["用户"] = Speaker.Customer,
        ["顾客"] = Speaker.Customer,
        ["system"] = Speaker.System,
        ["系统"] = Speaker.System,
        ["bot"] = Speaker.System,
        ["机器人"] = Speaker.System,
    };

    public static bool TryParseChannel(string text, out Channel channel) => ChannelNames.TryGetValue(text.Trim(), out channel);

    public static bool TryParseSpeaker(string text, out Speaker speaker) => SpeakerNames.TryGetValue(text.Trim(), out speaker);

    /// <summary>
    /// ISO 8601 date and time, such as 2026-03-02T09:15:04+08:00; a space may stand for the T and
    /// a slash for the dash (common in Chinese exports). Without an offset the time is UTC.
    /// </summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        var trimmed = text.AsSpan().Trim();

        // Year first, so that ambiguous day/month orders such as 03/02/2026 are refused rather than guessed.
        if (trimmed.Length < 10 || !char.IsAsciiDigit(trimmed[0]) || !char.IsAsciiDigit(trimmed[1])
            || !char.IsAsciiDigit(trimmed[2]) || !char.IsAsciiDigit(trimmed[3]) || trimmed[4] is not ('-' or '/'))
        {
            value = default;
            return false;
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>A value quoted for a message, cut short so a pasted paragraph does not flood the report.</summary>
    public static string Quote(string value)
    {
        const int MaxLength = 40;
        var shown = value.Length <= MaxLength ? value : value[..MaxLength];

        // Control characters and half surrogate pairs are shown as escapes: an error report is stored and displayed as text.
        var escaped = new StringBuilder(shown.Length + 2).Append('"');
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < shown.Length && char.IsLowSurrogate(shown[i + 1]) : char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(shown[i - 1]);
            if (char.IsControl(c) || (char.IsSurrogate(c) && !paired))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.Append(value.Length <= MaxLength ? "\"" : "…\"").ToString();
    }

    /// <summary>Chinese Windows tools still save GBK by default; this is the usual cause of bytes that are not UTF-8.</summary>
    public const string SaveAsUtf8 = "the file may be saved as GBK/GB18030: save it as UTF-8 (in Excel: CSV UTF-8) and import it again";

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or the length when all of it is valid.</summary>
    public static int FirstInvalidUtf8Byte(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (offset < text.Length && Rune.DecodeFromUtf8(text[offset..], out _, out var length) == OperationStatus.Done)
        {
            offset += length;
        }

        return offset;
    }

    public const string SpeakerChoices = "agent, customer or system";

    public const string ChannelChoices = "chat, phone or email";

    public const string TimestampExample = "2026-03-02T09:15:04+08:00";
}
