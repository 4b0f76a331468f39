using ServiceCoach.Conversations;

namespace ServiceCoach.Cli;

/// <summary>Opens the conversation files a command was given and tracks how far through them it is.</summary>
internal sealed class InputFiles
{
    private readonly List<FileInfo> _files;
    private long _finishedBytes;
    private Func<long>? _currentBytes;

    public InputFiles(IEnumerable<FileInfo> files)
    {
        _files = [.. files];
        TotalBytes = _files.Where(f => f.Exists).Sum(f => f.Length);
    }

    public long TotalBytes { get; }

    /// <summary>Bytes consumed so far over all files (for the progress bar).</summary>
    public long BytesRead => _finishedBytes + (_currentBytes?.Invoke() ?? 0);

    /// <summary>Every record of every file, in order, streamed; a file that cannot be opened is one error item.</summary>
    public IEnumerable<ImportItem> ReadAll() =>
        Sources((stream, name) => ConversationReader.Read(stream, name), error => [new ImportItem(error)]);

    /// <summary>The same records cut into batches for parallel scoring (JSON Lines stay unparsed until a worker takes them).</summary>
    public IEnumerable<ImportBatch> Batches(int batchSize = 256) =>
        Sources((stream, name) => ImportBatch.Read(stream, name, batchSize), error => [ImportBatch.Of(error.Source, [new ImportItem(error)])]);

    private IEnumerable<T> Sources<T>(Func<Stream, string, IEnumerable<T>> read, Func<ImportError, IEnumerable<T>> unreadable)
    {
        foreach (var file in _files)
        {
            var (stream, error) = Open(file);
            if (error is not null)
            {
                foreach (var item in unreadable(error))
                {
                    yield return item;
                }

                continue;
            }

            using (var counting = new CountingStream(stream!))
            {
                _currentBytes = () => counting.BytesRead;
                foreach (var item in read(counting, file.Name))
                {
                    yield return item;
                }
            }

            _currentBytes = null;
            _finishedBytes += file.Length;
        }
    }

    private static (Stream? Stream, ImportError? Error) Open(FileInfo file)
    {
        if (!file.Exists)
        {
            return (null, new ImportError(file.ToString(), 0, null, null, "The file does not exist."));
        }

        try
        {
            return (new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, new ImportError(file.ToString(), 0, null, null, $"Cannot open the file: {e.Message}"));
        }
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        private long _bytesRead;

        public long BytesRead => Interlocked.Read(ref _bytesRead);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            Interlocked.Add(ref _bytesRead, read);
            return read;
        }
    }
}
