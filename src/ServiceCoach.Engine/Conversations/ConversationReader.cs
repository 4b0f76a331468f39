namespace ServiceCoach.Conversations;

/// <summary>The conversation file formats ServiceCoach imports (docs/formats.md).</summary>
public enum ConversationFormat
{
    /// <summary>ServiceCoach JSON Lines: one conversation per line (.jsonl, .ndjson).</summary>
    JsonLines,

    /// <summary>CSV with a header row and one row per turn (.csv).</summary>
    Csv,

    /// <summary>Amazon Connect Contact Lens analysis output, one contact per file (.json).</summary>
    ContactLens,
}

/// <summary>
/// The one entry point for importing conversations: picks the format from the file name, or from
/// the content when the name does not tell, and streams the conversations and errors.
/// </summary>
public static class ConversationReader
{
    /// <summary>How much of the start of a source is looked at to guess its format.</summary>
    private const int HeadBytes = 4096;

    /// <summary>
    /// Reads a file. A file that cannot be opened, or whose format cannot be told, gives one error
    /// (line 0) rather than an exception; an I/O error while reading still throws.
    /// </summary>
    public static IEnumerable<ImportItem> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadFileIterator(path);
    }

    /// <summary>Reads a stream whose format is told by <paramref name="sourceName"/>'s extension, else by its content. The stream is not disposed.</summary>
    /// <param name="sourceName">The file name the stream came from (an upload's name), used for the format and in errors.</param>
    public static IEnumerable<ImportItem> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        return ReadDetectedIterator(stream, sourceName);
    }

    /// <summary>Reads a stream in a known format. The stream is not disposed.</summary>
    public static IEnumerable<ImportItem> Read(Stream stream, ConversationFormat format, string sourceName) => format switch
    {
        ConversationFormat.JsonLines => JsonLinesImporter.ReadAll(stream, sourceName),
        ConversationFormat.Csv => CsvImporter.ReadAll(stream, sourceName),
        ConversationFormat.ContactLens => ContactLensImporter.ReadAll(stream, sourceName),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown conversation format"),
    };

    /// <summary>
    /// The format of a source: by extension (.jsonl/.ndjson, .csv, .json), else by its first bytes
    /// (<paramref name="head"/>): a JSON list or a multi-line object is Contact Lens, one object per
    /// line is JSON Lines unless it has Contact Lens fields, and comma-separated text is CSV.
    /// </summary>
    /// <returns>The format, or null when neither the name nor the content tells.</returns>
    public static ConversationFormat? DetectFormat(string sourceName, ReadOnlySpan<byte> head)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        switch (Path.GetExtension(sourceName).ToUpperInvariant())
        {
            case ".JSONL" or ".NDJSON":
                return ConversationFormat.JsonLines;
            case ".CSV":
                return ConversationFormat.Csv;
            case ".JSON":
                return ConversationFormat.ContactLens;
        }

        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        var start = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            return null;
        }

        head = head[start..];
        var newline = head.IndexOf((byte)'\n');
        var firstLine = (newline < 0 ? head : head[..newline]).TrimEnd(" \t\r"u8);
        switch (head[0])
        {
            case (byte)'[':
                return ConversationFormat.ContactLens;
            case (byte)'{':
                if (head.IndexOf("\"Transcript\""u8) >= 0 || head.IndexOf("\"Participants\""u8) >= 0
                    || head.IndexOf("\"ConversationCharacteristics\""u8) >= 0 || head.IndexOf("\"AccountId\""u8) >= 0)
                {
                    return ConversationFormat.ContactLens;
                }

                // One object per line, or a first line too long to see the end of: JSON Lines.
                // An object spread over several lines is a pretty-printed single document.
                return newline < 0 || firstLine.EndsWith("}"u8) ? ConversationFormat.JsonLines : ConversationFormat.ContactLens;
            default:
                return firstLine.Contains((byte)',') ? ConversationFormat.Csv : null;
        }
    }

    private static IEnumerable<ImportItem> ReadFileIterator(string path)
    {
        FileStream? file = null;
        string? failure = null;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            failure = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : "the file cannot be opened: " + e.Message;
        }

        if (file is null)
        {
            yield return new ImportItem(new ImportError(path, 0, null, null, failure!));
            yield break;
        }

        using (file)
        {
            foreach (var item in ReadDetectedIterator(file, path))
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<ImportItem> ReadDetectedIterator(Stream stream, string sourceName)
    {
        var (format, replay, hasContent) = Detect(stream, sourceName);
        if (format is null)
        {
            if (hasContent)
            {
                yield return UnknownFormat(sourceName);
            }

            yield break;
        }

        foreach (var item in Read(replay, format.Value, sourceName))
        {
            yield return item;
        }
    }

    internal static ImportItem UnknownFormat(string sourceName) => new(new ImportError(
        sourceName,
        0,
        null,
        null,
        "cannot tell the format of this file: name it .jsonl (ServiceCoach JSON Lines), .csv or .json (Contact Lens)"));

    /// <summary>
    /// Tells a stream's format from its name, else from its first bytes; <c>Replay</c> is the
    /// stream to read from afterwards (the bytes looked at, then the rest). <c>HasContent</c> is
    /// false for an empty or blank source.
    /// </summary>
    internal static (ConversationFormat? Format, Stream Replay, bool HasContent) Detect(Stream stream, string sourceName)
    {
        var format = DetectFormat(sourceName, []);
        if (format is not null)
        {
            return (format, stream, true);
        }

        var head = new byte[HeadBytes];
        var length = ReadHead(stream, head);
        format = DetectFormat(sourceName, head.AsSpan(0, length));
        var hasContent = head.AsSpan(0, length).IndexOfAnyExcept(" \t\r\n"u8) >= 0;

        // The bytes looked at are read again by the importer, in front of the rest of the stream.
        return (format, length == 0 ? stream : new ReplayStream(head.AsMemory(0, length), stream), hasContent);
    }

    private static int ReadHead(Stream stream, byte[] head)
    {
        var length = 0;
        int read;
        while (length < head.Length && (read = stream.Read(head, length, head.Length - length)) > 0)
        {
            length += read;
        }

        return length;
    }

    /// <summary>A stream that returns some bytes already read and then the rest of another stream (which it does not dispose).</summary>
    private sealed class ReplayStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return rest.Read(buffer);
            }

            var count = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..count].CopyTo(buffer);
            _prefix = _prefix[count..];
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
