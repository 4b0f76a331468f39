using System.Buffers;

namespace ServiceCoach.Conversations;

/// <summary>
/// Splits a UTF-8 stream into lines without decoding it, holding only the current line in a pooled
/// buffer, so a file of any size is read in constant memory. A leading byte order mark is dropped,
/// CR LF and LF both end a line, and a line longer than the limit is reported instead of buffered.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    /// <summary>A conversation of a few hundred turns is tens of kilobytes; a line this long is not one.</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _endOfStream;
    private bool _tooLong;

    public Utf8LineReader(Stream stream, int maxLineBytes = DefaultMaxLineBytes, int initialBufferBytes = 64 * 1024)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialBufferBytes, maxLineBytes));
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>
    /// Reads the next line, without its line break. The memory is valid until the next call.
    /// <paramref name="tooLong"/> is true when the line exceeded the limit; its content is then lost.
    /// </summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line, out bool tooLong)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scanned + newline;
                line = Complete(lineEnd, lineEnd + 1, out tooLong);
                return true;
            }

            _scanned = _end;
            if (_endOfStream)
            {
                if (_start < _end || _tooLong)
                {
                    line = Complete(_end, _end, out tooLong);
                    return true;
                }

                line = default;
                tooLong = false;
                return false;
            }

            MakeRoom();
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private ReadOnlyMemory<byte> Complete(int lineEnd, int next, out bool tooLong)
    {
        LineNumber++;
        tooLong = _tooLong;
        _tooLong = false;
        var line = _buffer.AsMemory(_start, lineEnd - _start);
        if (!line.IsEmpty && line.Span[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (LineNumber == 1 && line.Span.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        _start = next;
        _scanned = next;
        return tooLong ? ReadOnlyMemory<byte>.Empty : line;
    }

    private void MakeRoom()
    {
        if (_end < _buffer.Length)
        {
            return;
        }

        var pending = _end - _start;
        if (_start > 0)
        {
            // Move the unfinished line to the front instead of growing.
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
            _scanned = pending;
            return;
        }

        if (_buffer.Length >= _maxLineBytes)
        {
            // The line is over the limit: drop what we have and keep dropping until its end.
            _tooLong = true;
            _start = 0;
            _end = 0;
            _scanned = 0;
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, _maxLineBytes));
        _buffer.AsSpan(0, _end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
