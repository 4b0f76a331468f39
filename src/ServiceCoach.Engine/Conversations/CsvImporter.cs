using System.Globalization;
using System.Text.Unicode;
using CsvHelper;

namespace ServiceCoach.Conversations;

/// <summary>
/// Reads conversations from CSV: a header row, then one row per turn, the rows of a conversation
/// next to each other (schema in docs/formats.md). Streams: only the current conversation's rows
/// are held, plus the ids seen so far, which are needed to notice a conversation split in two.
/// </summary>
public static class CsvImporter
{
    private enum Column
    {
        ConversationId,
        Channel,
        AgentId,
        Team,
        CustomerId,
        CustomerTier,
        StartTime,
        Category,
        Csat,
        Speaker,
        Text,
        StartMs,
        EndMs,
        Time,
        EndTime,
    }

    /// <summary>Header names as documented; matching ignores case, spaces, dashes and underscores.</summary>
    private static readonly string[] ColumnNames =
    [
        "conversation_id", "channel", "agent_id", "team", "customer_id", "customer_tier", "start_time",
        "category", "csat", "speaker", "text", "start_ms", "end_ms", "time", "end_time",
    ];

    private static readonly Column[] Required = [Column.ConversationId, Column.Speaker, Column.Text];

    /// <summary>Conversation-level columns: taken from the first row that fills them, and every other row must agree.</summary>
    private static readonly Column[] ConversationColumns =
    [
        Column.Channel, Column.AgentId, Column.Team, Column.CustomerId, Column.CustomerTier,
        Column.StartTime, Column.Category, Column.Csat,
    ];

    /// <summary>
    /// Reads every conversation of <paramref name="stream"/> lazily. The stream is read as it is
    /// enumerated and is not disposed. Throws only when the stream itself fails (an I/O error).
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
        CsvMalformedRecord? malformed = null;
        var options = new CsvReaderOptions
        {
            // Fixed, not detected: a file of Chinese text with a few semicolons must not be split on them.
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MaxRecordSize = Utf8LineReader.DefaultMaxLineBytes,
            OnMalformedRecord = record => malformed = record,
        };
        using var csv = CsvReader.Create(stream, options, leaveOpen: true);

        var header = ReadHeader(csv, sourceName, out var columns);
        if (header is not null)
        {
            yield return header;
            yield break;
        }

        if (columns is null)
        {
            yield break;
        }

        var headerCount = csv.Headers.Count;
        var block = new Block(sourceName, columns);
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            malformed = null;
            var failure = TryRead(csv, out var hasRow);
            if (failure is not null)
            {
                if (block.Finish() is { } last)
                {
                    yield return last;
                }

                yield return new ImportItem(new ImportError(sourceName, failure.Line, null, null, failure.Message));
                yield break;
            }

            if (!hasRow)
            {
                break;
            }

            var line = int.CreateSaturating(csv.LineNumber);
            if (IsBlank(csv))
            {
                continue;
            }

            var rowProblem = CheckRow(csv, headerCount, malformed);
            var idIndex = columns[(int)Column.ConversationId];
            var id = rowProblem is null ? csv.GetString(idIndex).Trim() : TryGetId(csv, idIndex);
            if (string.IsNullOrEmpty(id))
            {
                // A row that belongs to no conversation is its own rejected record. It does not end
                // the conversation around it, so the rows after it still count as contiguous.
                yield return new ImportItem(new ImportError(sourceName, line, null, null, rowProblem ?? "conversation_id is empty: every row needs the id of its conversation"));
                continue;
            }

            if (!block.Owns(id))
            {
                if (block.Finish() is { } previous)
                {
                    yield return previous;
                }

                if (firstLineOfId.TryGetValue(id, out var firstLine))
                {
                    block.StartRejected(id, line, $"rows of conversation {ImportVocabulary.Quote(id)} are not contiguous (first seen on line {firstLine}); keep all rows of a conversation together");
                    continue;
                }

                firstLineOfId.Add(id, line);
                block.Start(id, line);
            }

            if (rowProblem is not null)
            {
                block.Reject(line, rowProblem);
            }
            else
            {
                block.AddRow(csv, line);
            }
        }

        if (block.Finish() is { } final)
        {
            yield return final;
        }
    }

    /// <returns>An error that stops the import (the header is unusable), or null; <paramref name="columns"/> is null for an empty file.</returns>
    private static ImportItem? ReadHeader(CsvReader csv, string sourceName, out int[]? columns)
    {
        columns = null;
        var failure = TryReadHeader(csv);
        if (failure is not null)
        {
            return new ImportItem(new ImportError(sourceName, failure.Line, null, null, failure.Message));
        }

        var headers = csv.Headers;
        if (headers.Count == 0)
        {
            return null;
        }

        var found = new int[ColumnNames.Length];
        Array.Fill(found, -1);
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i].Contains('\uFFFD', StringComparison.Ordinal))
            {
                return HeaderError(sourceName, "the header is not valid UTF-8 text; " + ImportVocabulary.SaveAsUtf8);
            }

            var column = FindColumn(headers[i]);
            if (column < 0)
            {
                // Extra columns (a ticket number, a note) are allowed and not imported.
                continue;
            }

            if (found[column] >= 0)
            {
                return HeaderError(sourceName, $"the header has the column {ColumnNames[column]} twice (columns {found[column] + 1} and {i + 1})");
            }

            found[column] = i;
        }

        var missing = Required.Where(c => found[(int)c] < 0).Select(c => ColumnNames[(int)c]).ToList();
        if (missing.Count > 0)
        {
            return HeaderError(
                sourceName,
                $"the header has no {string.Join(", ", missing)} column; the first row must name the columns, at least conversation_id, speaker and text (found: {string.Join(", ", headers)})");
        }

        columns = found;
        return null;
    }

    private static ImportItem HeaderError(string sourceName, string message) => new(new ImportError(sourceName, 1, null, null, message));

    /// <summary>conversation_id, Conversation ID and ConversationId all name the same column.</summary>
    private static int FindColumn(string header)
    {
        var key = new string(header.Where(c => c is not ('_' or ' ' or '-' or '\t')).ToArray());
        for (var i = 0; i < ColumnNames.Length; i++)
        {
            if (string.Equals(key, ColumnNames[i].Replace("_", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record ReadFailure(int Line, string Message);

    private static ReadFailure? TryReadHeader(CsvReader csv)
    {
        try
        {
            csv.ReadHeader();
            return null;
        }
        catch (CsvFormatException e)
        {
            return new ReadFailure(Math.Max(1, int.CreateSaturating(e.LineNumber)), "the header row cannot be read: " + e.Message);
        }
    }

    private static ReadFailure? TryRead(CsvReader csv, out bool hasRow)
    {
        try
        {
            hasRow = csv.Read();
            return null;
        }
        catch (CsvFormatException e)
        {
            // Only a record larger than the limit gets here (malformed quoting is recovered and reported per row).
            hasRow = false;
            return new ReadFailure(
                int.CreateSaturating(e.LineNumber),
                $"a row is longer than {Utf8LineReader.DefaultMaxLineBytes / (1024 * 1024)} MB, usually because a quote (\") opened a field that never closes; the rest of the file was not read");
        }
    }

    private static bool IsBlank(CsvReader csv)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (csv.GetSpan(i).IndexOfAnyExcept(" \t"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Problems that make a row unreadable as a whole: broken quoting, a wrong field count, bytes that are not UTF-8.</summary>
    private static string? CheckRow(CsvReader csv, int headerCount, CsvMalformedRecord? malformed)
    {
        if (malformed is { } bad)
        {
            return bad.Reason switch
            {
                CsvMalformedReason.StrayQuote =>
                    "a quote (\") inside a field that does not start with one; put the whole field in quotes and double the quotes inside it (\"他说\"\"好的\"\"\")",
                CsvMalformedReason.TextAfterClosingQuote =>
                    "text after the closing quote of a field; put the whole field in quotes and double the quotes inside it",
                CsvMalformedReason.UnterminatedQuote =>
                    "a quoted field is never closed, so the rest of the file was read into it; add the closing quote (\")",
                _ => "the row's quoting is broken (" + bad.Reason + ")",
            };
        }

        if (csv.FieldCount != headerCount)
        {
            return Invariant($"the row has {csv.FieldCount} fields but the header has {headerCount}; a comma inside a text must be in a quoted field (\"好的,谢谢\")");
        }

        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (!Utf8.IsValid(csv.GetSpan(i)))
            {
                return Invariant($"field {i + 1} is not valid UTF-8 text; {ImportVocabulary.SaveAsUtf8}");
            }
        }

        return null;
    }

    private static string? TryGetId(CsvReader csv, int idIndex) =>
        idIndex < csv.FieldCount && Utf8.IsValid(csv.GetSpan(idIndex)) ? csv.GetString(idIndex).Trim() : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The rows of the conversation being read. Only one block is alive at a time.</summary>
    private sealed class Block(string sourceName, int[] columns)
    {
        private readonly string?[] _values = new string?[ColumnNames.Length];
        private readonly int[] _valueLines = new int[ColumnNames.Length];
        private ConversationDraft? _draft;
        private string? _id;
        private ImportError? _error;
        private int _line;
        private long _characters;

        public bool Owns(string id) => _id is not null && string.Equals(_id, id, StringComparison.Ordinal);

        public void Start(string id, int line)
        {
            _id = id;
            _error = null;
            Array.Clear(_values);
            _draft = new ConversationDraft { Id = id, IdAt = new SourceSpot(line), TurnsAt = new SourceSpot(line) };
            _line = line;
            _characters = 0;
        }

        /// <summary>Starts a block whose rows are all skipped, reported once with <paramref name="message"/>.</summary>
        public void StartRejected(string id, int line, string message)
        {
            Start(id, line);
            Reject(line, message);
        }

        /// <summary>Rejects the conversation; only the first problem is reported, its other rows are skipped.</summary>
        public void Reject(int line, string message)
        {
            _error ??= new ImportError(sourceName, line, null, _id, message);
            _draft = null;
        }

        public void AddRow(CsvReader csv, int line)
        {
            if (_draft is null)
            {
                return;
            }

            try
            {
                foreach (var column in ConversationColumns)
                {
                    MergeConversationValue(csv, column, line);
                }

                var turn = ReadTurn(csv, line, _draft.Turns.Count);
                _characters += turn.Text.Length;
                if (_characters > ConversationLimits.MaxTextCharacters)
                {
                    // One JSON line may hold 16 MB; a CSV conversation gets no more, or a file of one id would fill the memory.
                    throw new ImportProblemException(
                        new SourceSpot(line),
                        Invariant($"the conversation's text is more than 16 MB ({ConversationLimits.MaxTextCharacters} characters), the most one conversation may hold; split it into several conversations"));
                }

                _draft.Turns.Add(turn);
            }
            catch (ImportProblemException e)
            {
                Reject(e.Spot.Line, e.Message);
            }
        }

        /// <summary>Ends the block: its conversation or its error; null when no block was open.</summary>
        public ImportItem? Finish()
        {
            if (_id is null)
            {
                return null;
            }

            ImportItem item;
            if (_error is not null || _draft is null)
            {
                item = new ImportItem(_error!);
            }
            else
            {
                try
                {
                    item = new ImportItem(_draft.Build(TimingNames.Csv)) { Line = _line };
                }
                catch (ImportProblemException e)
                {
                    item = new ImportItem(new ImportError(sourceName, e.Spot.Line, null, _id, e.Message));
                }
            }

            _id = null;
            _draft = null;
            _error = null;
            return item;
        }

        private string? Get(CsvReader csv, Column column)
        {
            var index = columns[(int)column];
            if (index < 0)
            {
                return null;
            }

            var value = csv.GetString(index);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        private void MergeConversationValue(CsvReader csv, Column column, int line)
        {
            var raw = Get(csv, column)?.Trim();
            if (raw is null)
            {
                return;
            }

            var name = ColumnNames[(int)column];
            var first = _values[(int)column];
            if (first is null)
            {
                Apply(column, raw, line, name);
                _values[(int)column] = raw;
                _valueLines[(int)column] = line;
                return;
            }

            if (string.Equals(first, raw, StringComparison.Ordinal))
            {
                return;
            }

            // Different spellings of one value (电话 and phone, 5 and 05) agree; different values do not.
            var probe = new ConversationDraft();
            Apply(column, raw, line, name, probe);
            if (!SameValue(column, probe, _draft!))
            {
                throw new ImportProblemException(
                    new SourceSpot(line),
                    $"{name} {ImportVocabulary.Quote(raw)} conflicts with {ImportVocabulary.Quote(first)} on line {_valueLines[(int)column]}; conversation-level columns must agree on every row of a conversation (or be left empty)");
            }
        }

        private void Apply(Column column, string raw, int line, string name, ConversationDraft? target = null)
        {
            target ??= _draft!;
            switch (column)
            {
                case Column.Channel:
                    target.Channel = ImportVocabulary.TryParseChannel(raw, out var channel)
                        ? channel
                        : throw new ImportProblemException(new SourceSpot(line), $"channel {ImportVocabulary.Quote(raw)} is not {ImportVocabulary.ChannelChoices}");
                    break;
                case Column.AgentId:
                    target.AgentId = raw;
                    target.AgentIdAt = new SourceSpot(line);
                    break;
                case Column.Team:
                    target.Team = raw;
                    target.TeamAt = new SourceSpot(line);
                    break;
                case Column.CustomerId:
                    target.CustomerId = raw;
                    target.CustomerIdAt = new SourceSpot(line);
                    break;
                case Column.CustomerTier:
                    target.CustomerTier = raw;
                    target.CustomerTierAt = new SourceSpot(line);
                    break;
                case Column.Category:
                    target.Category = raw;
                    target.CategoryAt = new SourceSpot(line);
                    break;
                case Column.StartTime:
                    target.StartTime = ParseTimestamp(raw, line, name);
                    break;
                case Column.Csat:
                    target.Csat = int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var csat)
                        ? csat is >= 1 and <= 5
                            ? csat
                            : throw new ImportProblemException(new SourceSpot(line), Invariant($"csat {csat} is outside 1..5 (1 = very dissatisfied, 5 = very satisfied)"))
                        : throw new ImportProblemException(new SourceSpot(line), $"csat {ImportVocabulary.Quote(raw)} is not a whole number from 1 to 5");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(column), column, "not a conversation-level column");
            }
        }

        private static bool SameValue(Column column, ConversationDraft a, ConversationDraft b) => column switch
        {
            Column.Channel => a.Channel == b.Channel,
            Column.StartTime => a.StartTime == b.StartTime,
            Column.Csat => a.Csat == b.Csat,
            _ => false,
        };

        private TurnDraft ReadTurn(CsvReader csv, int line, int index)
        {
            var spot = new SourceSpot(line);
            var speakerText = Get(csv, Column.Speaker)
                ?? throw new ImportProblemException(spot, $"speaker is empty; it must be {ImportVocabulary.SpeakerChoices}");
            var turn = new TurnDraft
            {
                Index = index,
                At = spot,
                StartAt = spot,
                EndAt = spot,
                TimeAt = spot,
                EndTimeAt = spot,
                Speaker = ImportVocabulary.TryParseSpeaker(speakerText, out var speaker)
                    ? speaker
                    : throw new ImportProblemException(spot, $"speaker {ImportVocabulary.Quote(speakerText.Trim())} is not {ImportVocabulary.SpeakerChoices}"),

                // Text is kept byte for byte, spaces included: evidence offsets point into it.
                Text = csv.GetString(columns[(int)Column.Text]) ?? string.Empty,
                Start = ParseMilliseconds(Get(csv, Column.StartMs), line, "start_ms"),
                End = ParseMilliseconds(Get(csv, Column.EndMs), line, "end_ms"),
            };

            if (Get(csv, Column.Time) is { } time)
            {
                turn.Time = ParseTimestamp(time, line, "time");
            }

            if (Get(csv, Column.EndTime) is { } endTime)
            {
                turn.EndTime = ParseTimestamp(endTime, line, "end_time");
            }

            return turn;
        }

        private static long? ParseMilliseconds(string? raw, int line, string name)
        {
            if (raw is null)
            {
                return null;
            }

            return long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ImportProblemException(
                    new SourceSpot(line),
                    $"{name} {ImportVocabulary.Quote(raw.Trim())} is not a whole number of milliseconds (offsets are in milliseconds: 3.2 seconds is 3200)");
        }

        private static DateTimeOffset ParseTimestamp(string raw, int line, string name) =>
            ImportVocabulary.TryParseTimestamp(raw, out var value)
                ? value
                : throw new ImportProblemException(
                    new SourceSpot(line),
                    $"{name} {ImportVocabulary.Quote(raw.Trim())} is not a timestamp such as {ImportVocabulary.TimestampExample}");
    }
}
