using System.Text;

namespace ServiceCoach.Tests.Conversations;

internal static class TestStreams
{
    public static MemoryStream Utf8(string text, bool byteOrderMark = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(byteOrderMark ? [.. "\uFEFF"u8, .. bytes] : bytes);
    }
}

/// <summary>
/// A read-only stream that makes its lines on demand, so a test can feed an importer far more data
/// than it holds, and see how much the importer had read when it produced its first item.
/// </summary>
internal sealed class GeneratedLinesStream(int lineCount, Func<int, string> line) : Stream
{
    private byte[] _pending = [];
    private int _pendingOffset;
    private int _next;

    public long BytesRead { get; private set; }

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
        while (_pendingOffset == _pending.Length)
        {
            if (_next == lineCount)
            {
                return 0;
            }

            _pending = Encoding.UTF8.GetBytes(line(_next++));
            _pendingOffset = 0;
        }

        var count = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsSpan(_pendingOffset, count).CopyTo(buffer);
        _pendingOffset += count;
        BytesRead += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
