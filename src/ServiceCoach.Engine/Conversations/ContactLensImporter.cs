using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ServiceCoach.Conversations;

/// <summary>
/// Reads Amazon Connect Contact Lens analysis output (post-call "VOICE" and post-chat "CHAT" files,
/// original or redacted). One file holds one contact; a JSON array of contacts, or several contacts
/// one after another (JSON Lines), are read too. Unlike the native formats the whole file is read
/// into memory, which is fine for one contact per file.
/// </summary>
/// <remarks>
/// Voice files give each transcript item BeginOffsetMillis/EndOffsetMillis from the start of the
/// call and name the speaker by ParticipantId (AGENT, CUSTOMER, or an id listed in Participants).
/// Chat files give an AbsoluteTime per item, a ParticipantRole, and mix messages with events
/// (participant joined, chat ended), which are skipped along with attachments and
/// non-text messages. Sentiment, categories and other analytics are not imported.
/// </remarks>
public static class ContactLensImporter
{
    /// <summary>The largest file read: the whole file is held in memory, and one contact is a few MB even for a long call.</summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Reads every contact of <paramref name="stream"/>. The stream is read to its end on the
    /// first enumeration step and is not disposed. Throws only when the stream itself fails.
    /// </summary>
    /// <param name="sourceName">The name used in errors, and the contact id when the file has no CustomerMetadata.ContactId.</param>
    public static IEnumerable<ImportItem> ReadAll(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        return ReadAllIterator(stream, sourceName);
    }

    private static IEnumerable<ImportItem> ReadAllIterator(Stream stream, string sourceName)
    {
        var data = ReadToEnd(stream);
        if (data is null)
        {
            yield return Error(
                sourceName,
                0,
                null,
                null,
                Invariant($"the file is larger than {MaxFileBytes / (1024 * 1024)} MB; a Contact Lens analysis file holds one contact (a few MB for a long call): import the contacts as separate files"));
            yield break;
        }

        if (!Utf8.IsValid(data))
        {
            // Checked up front: the JSON reader accepts such bytes and only fails when a string is read.
            var invalid = ImportVocabulary.FirstInvalidUtf8Byte(data);
            var lineStart = data.AsSpan(0, invalid).LastIndexOf((byte)'\n') + 1;
            yield return Error(
                sourceName,
                data.AsSpan(0, invalid).Count((byte)'\n') + 1,
                Encoding.UTF8.GetCharCount(data.AsSpan(lineStart, invalid - lineStart)) + 1,
                null,
                "the file is not valid UTF-8 text; " + ImportVocabulary.SaveAsUtf8);
            yield break;
        }

        var cursor = new Cursor(data);
        var fallbackId = FallbackId(sourceName);
        while (Next(data, cursor, sourceName, fallbackId) is { } item)
        {
            yield return item;
        }
    }

    /// <summary>
    /// The reader's position between items. The reader itself is a ref struct and cannot live in an
    /// iterator, so each step starts a new one from the saved offset and state.
    /// </summary>
    private sealed class Cursor(byte[] data)
    {
        public int Offset { get; set; } = data.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;

        public JsonReaderState State { get; set; } = new(new JsonReaderOptions { AllowMultipleValues = true });

        public bool InArray { get; set; }

        public bool Done { get; set; }

        public int Records { get; set; }

        // Lines are counted incrementally from the last counted position, so the whole file is scanned once.
        private int _countedTo;
        private int _linesBefore;

        public (int Line, int LineStart) LineOf(int index)
        {
            var newlines = data.AsSpan(_countedTo, index - _countedTo).Count((byte)'\n');
            _linesBefore += newlines;
            _countedTo = index;
            var lineStart = data.AsSpan(0, index).LastIndexOf((byte)'\n') + 1;
            return (_linesBefore + 1, lineStart);
        }
    }

    private static ImportItem? Next(byte[] data, Cursor cursor, string sourceName, string fallbackId)
    {
        while (!cursor.Done)
        {
            var reader = new Utf8JsonReader(data.AsSpan(cursor.Offset), isFinalBlock: true, cursor.State);
            int tokenStart;
            var enclosing = false;
            JsonDocument? document = null;
            try
            {
                if (!reader.Read())
                {
                    cursor.Done = true;
                    return null;
                }

                tokenStart = cursor.Offset + (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray when !cursor.InArray:
                        // A list of contacts: its elements are read one by one, like separate files.
                        cursor.InArray = true;
                        enclosing = true;
                        break;
                    case JsonTokenType.EndArray:
                        cursor.InArray = false;
                        enclosing = true;
                        break;
                    case JsonTokenType.StartObject:
                        document = JsonDocument.ParseValue(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            catch (JsonException e)
            {
                cursor.Done = true;
                return MalformedJson(data, e, sourceName);
            }

            cursor.Offset += (int)reader.BytesConsumed;
            cursor.State = reader.CurrentState;
            if (enclosing)
            {
                continue;
            }

            cursor.Records++;
            var (line, lineStart) = cursor.LineOf(tokenStart);
            var column = Encoding.UTF8.GetCharCount(data.AsSpan(lineStart, tokenStart - lineStart)) + 1;
            if (document is null)
            {
                return Error(sourceName, line, column, null, "expected a Contact Lens analysis object {…} here");
            }

            using (document)
            {
                var id = cursor.Records == 1 ? fallbackId : string.Create(CultureInfo.InvariantCulture, $"{fallbackId}-{cursor.Records}");
                try
                {
                    return Map(document.RootElement, sourceName, line, column, id);
                }
                catch (InvalidOperationException)
                {
                    // JSON may escape half of a surrogate pair ("\ud800"); such a string is no text and cannot be read.
                    return Error(sourceName, line, column, null, "the contact holds a string with half of a surrogate pair (an escape such as \\ud800 without its partner), which is not text");
                }
            }
        }

        return null;
    }

    private static ImportItem Map(JsonElement contact, string sourceName, int line, int column, string fallbackId)
    {
        var id = fallbackId;
        if (contact.TryGetProperty("CustomerMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("ContactId", out var contactId) && contactId.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(contactId.GetString()))
        {
            id = contactId.GetString()!;
        }

        if (!contact.TryGetProperty("Transcript", out var transcript) || transcript.ValueKind != JsonValueKind.Array)
        {
            var hint = contact.TryGetProperty("turns", out _)
                ? "; this looks like a ServiceCoach conversation: save one conversation per line in a .jsonl file"
                : "; is this a Contact Lens analysis file (Analysis/Voice or Analysis/Chat)?";
            return Error(sourceName, line, column, id, "the contact has no Transcript list" + hint);
        }

        try
        {
            var draft = new ConversationDraft { Id = id, IdAt = new SourceSpot(line), TurnsAt = new SourceSpot(line) };
            draft.Channel = ReadChannel(contact, transcript, line);
            var roles = ReadParticipants(contact);
            var index = 0;
            foreach (var item in transcript.EnumerateArray())
            {
                if (ReadItem(item, index, roles, line) is { } turn)
                {
                    draft.Turns.Add(turn);
                }

                index++;
            }

            if (draft.Turns.Count == 0)
            {
                throw new ImportProblemException(new SourceSpot(line), "the contact has no messages to import (its Transcript is empty or holds only events)");
            }

            // A chat's offsets count from its first event (the customer joining), not its first message.
            draft.StartTime = EarliestTime(transcript);
            return new ImportItem(draft.Build(TimingNames.ContactLens)) { Line = line };
        }
        catch (ImportProblemException e)
        {
            return Error(sourceName, e.Spot.Line, null, id, e.Message);
        }
    }

    private static Channel ReadChannel(JsonElement contact, JsonElement transcript, int line)
    {
        if (contact.TryGetProperty("Channel", out var channel) && channel.ValueKind == JsonValueKind.String)
        {
            return channel.GetString() switch
            {
                "VOICE" => Channel.Phone,
                "CHAT" => Channel.Chat,
                "EMAIL" => Channel.Email,
                var other => throw new ImportProblemException(new SourceSpot(line), $"Channel {ImportVocabulary.Quote(other ?? string.Empty)} is not VOICE or CHAT"),
            };
        }

        // Older files may lack Channel: call transcripts have millisecond offsets, chats have times.
        foreach (var item in transcript.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("BeginOffsetMillis", out _))
            {
                return Channel.Phone;
            }
        }

        return Channel.Chat;
    }

    private static Dictionary<string, string> ReadParticipants(JsonElement contact)
    {
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (contact.TryGetProperty("Participants", out var participants) && participants.ValueKind == JsonValueKind.Array)
        {
            foreach (var participant in participants.EnumerateArray())
            {
                if (participant.ValueKind == JsonValueKind.Object
                    && String(participant, "ParticipantId") is { } participantId
                    && String(participant, "ParticipantRole") is { } role)
                {
                    roles[participantId] = role;
                }
            }
        }

        return roles;
    }

    /// <returns>The turn, or null for an item that is not a text message (an event, an attachment).</returns>
    private static TurnDraft? ReadItem(JsonElement item, int index, Dictionary<string, string> roles, int line)
    {
        var spot = new SourceSpot(line);
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new ImportProblemException(spot, Invariant($"Transcript[{index}] must be an object"));
        }

        var type = String(item, "Type");
        var contentType = String(item, "ContentType");
        var isChatItem = type is not null || contentType is not null;
        if ((type is not null && type != "MESSAGE") || (contentType is not null && !contentType.StartsWith("text/", StringComparison.Ordinal)))
        {
            return null;
        }

        var content = String(item, "Content");
        if (content is null)
        {
            // A chat message without text is an attachment or a card; a call turn always has text.
            return isChatItem ? null : throw new ImportProblemException(spot, Invariant($"Transcript[{index}].Content is missing"));
        }

        var participantId = String(item, "ParticipantId");
        var role = String(item, "ParticipantRole")
            ?? (participantId is not null && roles.TryGetValue(participantId, out var listed) ? listed : participantId)
            ?? throw new ImportProblemException(spot, Invariant($"Transcript[{index}] has no ParticipantId, so its speaker is unknown"));

        var turn = new TurnDraft
        {
            Index = index,
            At = spot,
            StartAt = spot,
            EndAt = spot,
            TimeAt = spot,
            EndTimeAt = spot,
            Speaker = role.ToUpperInvariant() switch
            {
                "AGENT" => Speaker.Agent,
                "CUSTOMER" => Speaker.Customer,

                // SYSTEM messages, CUSTOM_BOT, SUPERVISOR barge-ins: not the agent being inspected, not the customer.
                _ => Speaker.System,
            },
            Text = content,
        };

        if (item.TryGetProperty("BeginOffsetMillis", out var begin))
        {
            turn.Start = Milliseconds(begin, index, "BeginOffsetMillis", line);
            if (item.TryGetProperty("EndOffsetMillis", out var end))
            {
                turn.End = Milliseconds(end, index, "EndOffsetMillis", line);
            }
        }
        else if (String(item, "AbsoluteTime") is { } time)
        {
            turn.Time = ImportVocabulary.TryParseTimestamp(time, out var value)
                ? value
                : throw new ImportProblemException(spot, Invariant($"Transcript[{index}].AbsoluteTime {ImportVocabulary.Quote(time)} is not a timestamp"));
        }

        return turn;
    }

    private static long Milliseconds(JsonElement value, int index, string name, int line)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var whole))
            {
                return whole;
            }

            if (value.TryGetDouble(out var fractional) && double.IsFinite(fractional) && Math.Abs(fractional) < long.MaxValue / 2)
            {
                return (long)Math.Round(fractional, MidpointRounding.AwayFromZero);
            }
        }

        throw new ImportProblemException(new SourceSpot(line), Invariant($"Transcript[{index}].{name} must be a number of milliseconds"));
    }

    private static DateTimeOffset? EarliestTime(JsonElement transcript)
    {
        DateTimeOffset? earliest = null;
        foreach (var item in transcript.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object
                && String(item, "AbsoluteTime") is { } text
                && ImportVocabulary.TryParseTimestamp(text, out var time)
                && (earliest is null || time < earliest))
            {
                earliest = time;
            }
        }

        return earliest;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ImportItem MalformedJson(byte[] data, JsonException e, string sourceName)
    {
        // The exception counts lines from 0 and columns in bytes; editors count both from 1 and columns in characters.
        var line = (int)(e.LineNumber ?? 0);
        var lineStart = 0;
        for (var i = 0; i < line && lineStart < data.Length; i++)
        {
            var next = data.AsSpan(lineStart).IndexOf((byte)'\n');
            lineStart = next < 0 ? data.Length : lineStart + next + 1;
        }

        if (line == 0 && data.AsSpan().StartsWith("\uFEFF"u8))
        {
            lineStart = 3;
        }

        var bytes = (int)Math.Clamp(e.BytePositionInLine ?? 0, 0, data.Length - lineStart);
        var column = Encoding.UTF8.GetCharCount(data.AsSpan(lineStart, bytes)) + 1;
        var message = e.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position >= 0)
        {
            message = message[..position];
        }

        return Error(sourceName, line + 1, column, null, "not valid JSON: " + message);
    }

    private static ImportItem Error(string sourceName, int line, int? column, string? id, string message) =>
        new(new ImportError(sourceName, line, column, id, message));

    /// <summary>
    /// The contact id from the file name: Contact Lens names its files
    /// "&lt;contact id&gt;_analysis_&lt;time&gt;.json" (or _analysis_redacted_), so the part before "_analysis" is the id.
    /// </summary>
    private static string FallbackId(string sourceName)
    {
        var name = Path.GetFileNameWithoutExtension(sourceName);
        var suffix = name.IndexOf("_analysis", StringComparison.OrdinalIgnoreCase);
        return suffix > 0 ? name[..suffix] : name.Length > 0 ? name : sourceName;
    }

    /// <summary>The whole stream, or null when it is longer than <see cref="MaxFileBytes"/> (then read no further).</summary>
    private static byte[]? ReadToEnd(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
