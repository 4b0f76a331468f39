namespace ServiceCoach.Conversations;

/// <summary>
/// A run of records from one source, cut so that parsing can happen on any thread: JSON Lines
/// records are kept as raw UTF-8 lines (parsed by <see cref="Parse"/>), other formats arrive
/// already parsed. Duplicate ids are checked afterwards, in order, by <see cref="CheckDuplicate"/>.
/// </summary>
public sealed class ImportBatch
{
    private byte[] _bytes;
    private readonly int[] _offsets;
    private readonly int[] _lines;
    private readonly ImportItem?[] _parsed;
    private readonly DuplicateIds? _duplicates;

    private ImportBatch(string source, byte[] bytes, int[] offsets, int[] lines, ImportItem?[] parsed, int count, DuplicateIds? duplicates)
    {
        Source = source;
        _bytes = bytes;
        _offsets = offsets;
        _lines = lines;
        _parsed = parsed;
        Count = count;
        _duplicates = duplicates;
    }

    public string Source { get; }

    public int Count { get; }

    /// <summary>Returns the raw lines' buffer to the pool once every record has been parsed.</summary>
    public void Release()
    {
        var bytes = _bytes;
        _bytes = [];
        if (bytes.Length > 0)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The record as a conversation or an error. Thread-safe; valid until <see cref="Release"/>.</summary>
    public ImportItem Parse(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _parsed[index] ?? JsonLinesImporter.ReadLine(_bytes.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]), Source, _lines[index]);
    }

    /// <summary>
    /// Rejects a parsed JSON Lines record whose id appeared earlier in the source. Call in source
    /// order (batch by batch, index by index) from one thread.
    /// </summary>
    public ImportItem CheckDuplicate(int index, ImportItem item) => _duplicates is null ? item : _duplicates.Check(item, _lines[index]);

    /// <summary>Already-parsed items (CSV, Contact Lens, or an unreadable file) as one batch.</summary>
    public static ImportBatch Of(string source, IReadOnlyList<ImportItem> items) =>
        new(source, [], new int[items.Count + 1], new int[items.Count], [.. items], items.Count, null);

    /// <summary>
    /// Cuts a source into batches of at most <paramref name="batchSize"/> records. JSON Lines are
    /// only split into lines here (cheap, sequential); everything else is parsed by its importer.
    /// </summary>
    public static IEnumerable<ImportBatch> Read(Stream stream, string sourceName, int batchSize = 256) => Read(stream, sourceName, null, batchSize);

    /// <summary>The same, in <paramref name="format"/> whatever the name says (a person chose it); null detects it as above.</summary>
    public static IEnumerable<ImportBatch> Read(Stream stream, string sourceName, ConversationFormat? format, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return ReadIterator(stream, sourceName, format, batchSize);
    }

    private static IEnumerable<ImportBatch> ReadIterator(Stream stream, string sourceName, ConversationFormat? chosen, int batchSize)
    {
        var (format, replay, hasContent) = chosen is { } known ? (known, stream, true) : ConversationReader.Detect(stream, sourceName);
        if (format != ConversationFormat.JsonLines)
        {
            var items = new List<ImportItem>(batchSize);
            var records = format is { } detected
                ? ConversationReader.Read(replay, detected, sourceName)
                : hasContent ? [ConversationReader.UnknownFormat(sourceName)] : [];
            foreach (var item in records)
            {
                items.Add(item);
                if (items.Count == batchSize)
                {
                    yield return Of(sourceName, items);
                    items.Clear();
                }
            }

            if (items.Count > 0)
            {
                yield return Of(sourceName, items);
            }

            yield break;
        }

        var duplicates = new DuplicateIds(sourceName);
        using var lines = new Utf8LineReader(replay);
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(256 * 1024);
        var offsets = new int[batchSize + 1];
        var lineNumbers = new int[batchSize];
        var parsed = new ImportItem?[batchSize];
        var count = 0;
        var used = 0;
        while (lines.TryReadLine(out var line, out var tooLong))
        {
            if (!tooLong && JsonLinesImporter.IsBlankLine(line.Span))
            {
                continue;
            }

            if (tooLong)
            {
                parsed[count] = JsonLinesImporter.TooLong(sourceName, lines.LineNumber);
            }
            else
            {
                if (used + line.Length > bytes.Length)
                {
                    var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length * 2, used + line.Length));
                    bytes.AsSpan(0, used).CopyTo(larger);
                    System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
                    bytes = larger;
                }

                line.Span.CopyTo(bytes.AsSpan(used));
                used += line.Length;
            }

            lineNumbers[count] = lines.LineNumber;
            offsets[++count] = used;
            if (count == batchSize)
            {
                yield return new ImportBatch(sourceName, bytes, offsets, lineNumbers, parsed, count, duplicates);
                (bytes, offsets, lineNumbers, parsed, count, used) = (System.Buffers.ArrayPool<byte>.Shared.Rent(bytes.Length), new int[batchSize + 1], new int[batchSize], new ImportItem?[batchSize], 0, 0);
            }
        }

        if (count > 0)
        {
            yield return new ImportBatch(sourceName, bytes, offsets, lineNumbers, parsed, count, duplicates);
        }
        else
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
