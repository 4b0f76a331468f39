using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ServiceCoach.Conversations;

/// <summary>
/// Reads ServiceCoach's native format: JSON Lines, one conversation per line, UTF-8 (schema and
/// examples in docs/formats.md). Streams: one line is held in memory at a time, and each line is
/// either a conversation or an error naming the line, column and field; a bad line never stops the
/// lines after it.
/// </summary>
public static class JsonLinesImporter
{
    private const int MaxNameBytes = 32;

    private enum Field
    {
        Unknown,
        Id,
        Channel,
        AgentId,
        Team,
        Customer,
        StartTime,
        Category,
        Csat,
        Turns,
        Speaker,
        Text,
        Start,
        End,
        Time,
        EndTime,
        Tier,
    }

    /// <summary>
    /// Reads every line of <paramref name="stream"/> lazily. The stream is read as it is enumerated
    /// and is not disposed. Throws only when the stream itself fails (an I/O error).
    /// </summary>
    /// <param name="sourceName">The name used in errors, usually the file name.</param>
    public static IEnumerable<ImportItem> ReadAll(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        return ReadAllIterator(stream, sourceName);
    }

    private static IEnumerable<ImportItem> ReadAllIterator(Stream stream, string sourceName)
    {
        using var lines = new Utf8LineReader(stream);

        var duplicates = new DuplicateIds(sourceName);
        while (lines.TryReadLine(out var line, out var tooLong))
        {
            if (tooLong)
            {
                yield return TooLong(sourceName, lines.LineNumber);
                continue;
            }

            if (IsBlank(line.Span))
            {
                continue;
            }

            var item = duplicates.Check(ReadLine(line.Span, sourceName, lines.LineNumber), lines.LineNumber);
            yield return item;
        }
    }

    internal static ImportItem TooLong(string sourceName, int line) => new(new ImportError(
        sourceName,
        line,
        null,
        null,
        $"the line is longer than {Utf8LineReader.DefaultMaxLineBytes / (1024 * 1024)} MB; each conversation must be one JSON object on one line"));

    internal static bool IsBlankLine(ReadOnlySpan<byte> line) => IsBlank(line);

    /// <summary>Reads one non-blank line into a conversation or an error.</summary>
    internal static ImportItem ReadLine(ReadOnlySpan<byte> line, string sourceName, int lineNumber)
    {
        if (!Utf8.IsValid(line))
        {
            return Error(
                sourceName,
                lineNumber,
                CharColumn(line, ImportVocabulary.FirstInvalidUtf8Byte(line)),
                null,
                "the line is not valid UTF-8 text; " + ImportVocabulary.SaveAsUtf8);
        }

        try
        {
            var reader = new Utf8JsonReader(line);
            var draft = ReadConversation(ref reader, lineNumber);
            return new ImportItem(draft.Build(TimingNames.JsonLines)) { Line = lineNumber };
        }
        catch (JsonException e)
        {
            var position = (int)(e.BytePositionInLine ?? 0);
            return Error(sourceName, lineNumber, CharColumn(line, position), FindId(line), JsonProblem(line, position, e));
        }
        catch (ImportProblemException e)
        {
            var column = e.Spot.ByteInLine < 0 ? (int?)null : CharColumn(line, e.Spot.ByteInLine);
            return Error(sourceName, lineNumber, column, FindId(line), e.Message);
        }
    }

    private static ImportItem Error(string sourceName, int line, int? column, string? id, string message) =>
        new(new ImportError(sourceName, line, column, id, message));

    [ThreadStatic]
    private static List<TurnDraft>? t_turns;

    private static ConversationDraft ReadConversation(ref Utf8JsonReader reader, int line)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Problem(ref reader, line, $"each line must be one JSON object {{…}} holding one conversation, not {Describe(reader.TokenType)}");
        }

        // The turn list is this thread's, reused: growing a fresh list of large drafts was most of parsing's garbage.
        var draft = new ConversationDraft(t_turns ??= new List<TurnDraft>(64));
        var hasTurns = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Classify(ref reader);
            reader.Read();
            switch (field)
            {
                case Field.Id:
                    draft.IdAt = Spot(ref reader, line);
                    draft.Id = ReadIdentifier(ref reader, line, "id");
                    if (draft.Id is not null && string.IsNullOrWhiteSpace(draft.Id))
                    {
                        throw Problem(ref reader, line, "id is empty: every conversation needs an id, such as \"id\": \"c-0001\"");
                    }

                    break;
                case Field.Channel:
                    if (ReadString(ref reader, line, "channel") is { } channelText)
                    {
                        draft.Channel = ImportVocabulary.TryParseChannel(channelText, out var channel)
                            ? channel
                            : throw Problem(ref reader, line, $"channel {ImportVocabulary.Quote(channelText)} is not {ImportVocabulary.ChannelChoices}");
                    }

                    break;
                case Field.AgentId:
                    draft.AgentIdAt = Spot(ref reader, line);
                    draft.AgentId = ReadIdentifier(ref reader, line, "agentId");
                    break;
                case Field.Team:
                    draft.TeamAt = Spot(ref reader, line);
                    draft.Team = ReadString(ref reader, line, "team");
                    break;
                case Field.Customer:
                    ReadCustomer(ref reader, line, draft);
                    break;
                case Field.StartTime:
                    draft.StartTime = ReadTimestamp(ref reader, line, "startTime");
                    break;
                case Field.Category:
                    draft.CategoryAt = Spot(ref reader, line);
                    draft.Category = ReadString(ref reader, line, "category");
                    break;
                case Field.Csat:
                    draft.Csat = ReadCsat(ref reader, line);
                    break;
                case Field.Turns:
                    hasTurns = ReadTurns(ref reader, line, draft);
                    break;
                default:
                    // Fields we do not know (such as "source") are kept out of the model, not refused.
                    reader.Skip();
                    break;
            }
        }

        // Reading past the object makes the reader reject anything after it on the line.
        reader.Read();

        if (draft.Id is null)
        {
            throw new ImportProblemException(new SourceSpot(line, 0), "id is missing: every conversation needs an id, such as \"id\": \"c-0001\"");
        }

        if (!hasTurns)
        {
            throw new ImportProblemException(new SourceSpot(line, 0), "turns is missing: a conversation needs a list of turns, such as \"turns\": [{\"speaker\": \"customer\", \"text\": \"你好\"}]");
        }

        return draft;
    }

    private static void ReadCustomer(ref Utf8JsonReader reader, int line, ConversationDraft draft)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Problem(ref reader, line, $"customer must be an object such as {{\"id\": \"u-88\", \"tier\": \"P1\"}}, not {Describe(reader.TokenType)}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Classify(ref reader);
            reader.Read();
            switch (field)
            {
                case Field.Id:
                    draft.CustomerIdAt = Spot(ref reader, line);
                    draft.CustomerId = ReadIdentifier(ref reader, line, "customer.id");
                    break;
                case Field.Tier:
                    draft.CustomerTierAt = Spot(ref reader, line);
                    draft.CustomerTier = ReadIdentifier(ref reader, line, "customer.tier");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <returns>True when the conversation has a turns array (null counts as missing).</returns>
    private static bool ReadTurns(ref Utf8JsonReader reader, int line, ConversationDraft draft)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Problem(ref reader, line, $"turns must be a list [{{…}}, …] of turns, not {Describe(reader.TokenType)}");
        }

        // A repeated "turns" key replaces the earlier list, as for every other field.
        draft.Turns.Clear();
        draft.TurnsAt = Spot(ref reader, line);
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Problem(ref reader, line, $"turns[{index}] must be an object such as {{\"speaker\": \"agent\", \"text\": \"您好\"}}, not {Describe(reader.TokenType)}");
            }

            draft.Turns.Add(ReadTurn(ref reader, line, index));
            index++;
        }

        return true;
    }

    private static TurnDraft ReadTurn(ref Utf8JsonReader reader, int line, int index)
    {
        var turn = new TurnDraft { Index = index, At = Spot(ref reader, line) };
        string? text = null;
        var hasSpeaker = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Classify(ref reader);
            reader.Read();
            switch (field)
            {
                case Field.Speaker:
                    var speakerText = ReadString(ref reader, line, "speaker", index)
                        ?? throw Problem(ref reader, line, $"{Label("speaker", index)} is null; it must be {ImportVocabulary.SpeakerChoices}");
                    turn.Speaker = ImportVocabulary.TryParseSpeaker(speakerText, out var speaker)
                        ? speaker
                        : throw Problem(ref reader, line, $"{Label("speaker", index)} {ImportVocabulary.Quote(speakerText)} is not {ImportVocabulary.SpeakerChoices}");
                    hasSpeaker = true;
                    break;
                case Field.Text:
                    text = reader.TokenType == JsonTokenType.String
                        ? GetText(ref reader, line, Label("text", index))
                        : throw Problem(ref reader, line, $"{Label("text", index)} must be a string, not {Describe(reader.TokenType)}");
                    break;
                case Field.Start:
                    turn.StartAt = Spot(ref reader, line);
                    turn.Start = ReadMilliseconds(ref reader, line, "start", index);
                    break;
                case Field.End:
                    turn.EndAt = Spot(ref reader, line);
                    turn.End = ReadMilliseconds(ref reader, line, "end", index);
                    break;
                case Field.Time:
                    turn.TimeAt = Spot(ref reader, line);
                    turn.Time = ReadTimestamp(ref reader, line, "time", index);
                    break;
                case Field.EndTime:
                    turn.EndTimeAt = Spot(ref reader, line);
                    turn.EndTime = ReadTimestamp(ref reader, line, "endTime", index);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!hasSpeaker)
        {
            throw new ImportProblemException(turn.At, $"{Label("speaker", index)} is missing; it must be {ImportVocabulary.SpeakerChoices}");
        }

        turn.Text = text ?? throw new ImportProblemException(turn.At, $"{Label("text", index)} is missing");
        return turn;
    }

    /// <summary>A string, or an integer written without quotes (ids exported from databases often are).</summary>
    private static string? ReadIdentifier(ref Utf8JsonReader reader, int line, string field) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => GetText(ref reader, line, field),
        JsonTokenType.Number when reader.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => throw Problem(ref reader, line, $"{field} must be a string, not {Describe(reader.TokenType)}"),
    };

    private static string? ReadString(ref Utf8JsonReader reader, int line, string field, int turn = -1) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => GetText(ref reader, line, Label(field, turn)),
        _ => throw Problem(ref reader, line, $"{Label(field, turn)} must be a string, not {Describe(reader.TokenType)}"),
    };

    private static long? ReadMilliseconds(ref Utf8JsonReader reader, int line, string field, int turn)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var value):
                return value;
            case JsonTokenType.Number:
                throw Problem(ref reader, line, $"{Label(field, turn)} {Raw(ref reader)} is not a whole number of milliseconds (offsets are in milliseconds: 3.2 seconds is 3200)");
            default:
                throw Problem(ref reader, line, $"{Label(field, turn)} must be a number of milliseconds, not {Describe(reader.TokenType)}");
        }
    }

    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, int line, string field, int turn = -1)
    {
        var text = ReadString(ref reader, line, field, turn);
        if (text is null)
        {
            return null;
        }

        return ImportVocabulary.TryParseTimestamp(text, out var value)
            ? value
            : throw Problem(ref reader, line, $"{Label(field, turn)} {ImportVocabulary.Quote(text)} is not a timestamp such as {ImportVocabulary.TimestampExample}");
    }

    /// <summary>The field as messages name it: "turns[3].speaker" inside a turn, the plain name outside.</summary>
    private static string Label(string field, int turn) => turn < 0 ? field : TimingNames.JsonLines.Field(turn, field);

    private static int? ReadCsat(ref Utf8JsonReader reader, int line)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var csat))
        {
            var shown = reader.TokenType == JsonTokenType.Number ? Raw(ref reader) : Describe(reader.TokenType);
            throw Problem(ref reader, line, $"csat must be a whole number from 1 to 5, not {shown}");
        }

        return csat is >= 1 and <= 5
            ? csat
            : throw Problem(ref reader, line, Invariant($"csat {csat} is outside 1..5 (1 = very dissatisfied, 5 = very satisfied)"));
    }

    /// <summary>Matches a property name ignoring case and underscores, so agent_id, agentId and AgentID are one field.</summary>
    private static Field Classify(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueSpan.Length > MaxNameBytes)
        {
            return Field.Unknown;
        }

        Span<byte> name = stackalloc byte[MaxNameBytes];
        int length;
        try
        {
            length = reader.CopyString(name);
        }
        catch (InvalidOperationException)
        {
            // An escaped half surrogate pair in a key: no field of ours is spelled that way.
            return Field.Unknown;
        }

        var folded = 0;
        foreach (var b in name[..length])
        {
            if (b != (byte)'_')
            {
                name[folded++] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
            }
        }

        ReadOnlySpan<byte> key = name[..folded];
        return key switch
        {
            _ when key.SequenceEqual("id"u8) => Field.Id,
            _ when key.SequenceEqual("channel"u8) => Field.Channel,
            _ when key.SequenceEqual("agentid"u8) => Field.AgentId,
            _ when key.SequenceEqual("team"u8) => Field.Team,
            _ when key.SequenceEqual("customer"u8) => Field.Customer,
            _ when key.SequenceEqual("starttime"u8) => Field.StartTime,
            _ when key.SequenceEqual("category"u8) => Field.Category,
            _ when key.SequenceEqual("csat"u8) => Field.Csat,
            _ when key.SequenceEqual("turns"u8) => Field.Turns,
            _ when key.SequenceEqual("speaker"u8) => Field.Speaker,
            _ when key.SequenceEqual("text"u8) => Field.Text,
            _ when key.SequenceEqual("start"u8) => Field.Start,
            _ when key.SequenceEqual("end"u8) => Field.End,
            _ when key.SequenceEqual("time"u8) => Field.Time,
            _ when key.SequenceEqual("endtime"u8) => Field.EndTime,
            _ when key.SequenceEqual("tier"u8) => Field.Tier,
            _ => Field.Unknown,
        };
    }

    /// <summary>The top-level id of a line that failed, when it can still be found, so the error can name the conversation.</summary>
    private static string? FindId(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Classify(ref reader);
                reader.Read();
                if (field == Field.Id)
                {
                    var id = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Raw(ref reader),
                        _ => null,
                    };
                    return string.IsNullOrWhiteSpace(id) ? null : id;
                }

                reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The id comes after the broken part of the line (or is not text): the error then has no id.
        }

        return null;
    }

    /// <summary>
    /// A string value. JSON may escape half of a surrogate pair ("\ud800"), which is no text at all:
    /// the reader refuses to decode it, and so does the record.
    /// </summary>
    private static string? GetText(ref Utf8JsonReader reader, int line, string field)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw Problem(ref reader, line, $"{field} holds half of a surrogate pair (an escape such as \\ud800 without its partner), which is not text");
        }
    }

    private static ImportProblemException Problem(ref Utf8JsonReader reader, int line, string message) =>
        new(Spot(ref reader, line), message);

    private static SourceSpot Spot(ref Utf8JsonReader reader, int line) => new(line, (int)reader.TokenStartIndex);

    private static string Raw(ref Utf8JsonReader reader) => Encoding.UTF8.GetString(reader.ValueSpan);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true/false",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    /// <summary>
    /// Says in plain words what the two usual mistakes are (a line of plain text, an object spread
    /// over several lines); otherwise gives the reader's message without its 0-based byte position,
    /// which the error reports properly.
    /// </summary>
    private static string JsonProblem(ReadOnlySpan<byte> line, int position, JsonException e)
    {
        var start = line.IndexOfAnyExcept(" \t"u8);
        if (start >= 0 && line[start] is not ((byte)'{' or (byte)'[' or (byte)'"'))
        {
            var text = Encoding.UTF8.GetString(line[start..]);
            return $"not valid JSON: each line must be one JSON object {{…}} holding one conversation, but this line starts with {ImportVocabulary.Quote(text.Length > 12 ? text[..12] + "…" : text)}";
        }

        if (position >= line.TrimEnd(" \t"u8).Length)
        {
            return "not valid JSON: the line ends before its object is closed; each conversation must be on one line (a pretty-printed file is not JSON Lines)";
        }

        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return "not valid JSON: " + (cut < 0 ? message : message[..cut]);
    }

    /// <summary>The 1-based editor column of a byte offset: characters before it plus one, so Chinese text does not inflate it.</summary>
    internal static int CharColumn(ReadOnlySpan<byte> line, int byteOffset) =>
        Encoding.UTF8.GetCharCount(line[..Math.Clamp(byteOffset, 0, line.Length)]) + 1;

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
