using System.Collections.Concurrent;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Quality;

/// <summary>
/// Runs uploaded files' imports in the background, so the upload answers at once with the
/// import's id and the page follows its progress. Counts live in the import record (committed per
/// chunk, the same on every node); only the share of the file read so far is held here, for the
/// progress bar of the node that runs it. When the server stops, running imports are cancelled
/// and their records say how far they got; when it is killed instead, the next start (of any node)
/// marks the imports that stopped moving as failed and removes the uploads they left behind.
/// </summary>
internal sealed partial class ImportRunner(ConversationImport import, DatabaseSettings settings, TimeProvider clock, ILogger<ImportRunner> logger) : IHostedService, IDisposable
{
    /// <summary>How often a node looks for imports whose server died (another node may have been killed).</summary>
    private static readonly TimeSpan StallCheckEvery = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _stallCheck;
    private readonly ConcurrentDictionary<long, Running> _running = new();
    private int _disposed;

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {ImportId} of {FileName} stopped; its record says how far it got.")]
    private static partial void ImportFailed(ILogger logger, long importId, string fileName, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} import(s) stopped moving (their server was stopped abruptly) and are marked failed; {Files} abandoned upload(s) removed.")]
    private static partial void StalledImportsFailed(ILogger logger, int count, int files);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for stalled imports failed; the next check tries again.")]
    private static partial void StallCheckFailed(ILogger logger, Exception error);

    /// <summary>
    /// Starts importing <paramref name="path"/> (an upload saved in the data folder, deleted
    /// afterwards) and returns the import's id once its record exists.
    /// </summary>
    public async Task<long> StartAsync(string path, string fileName, ConversationFormat? format, Viewer viewer, int? defaultTeamId, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan | FileOptions.DeleteOnClose);
        long importId;
        try
        {
            importId = await import.BeginAsync(fileName, viewer, defaultTeamId, cancellationToken);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        var running = new Running(file);
        _running[importId] = running;
        running.Task = Task.Run(() => RunAsync(importId, viewer, running, fileName, format), CancellationToken.None);
        return importId;
    }

    /// <summary>The share (0–1) of the file read so far, when this node is running the import.</summary>
    public double? Fraction(long importId) =>
        _running.TryGetValue(importId, out var running) && running.Length > 0 ? Math.Min(1, (double)Interlocked.Read(ref running.Position) / running.Length) : null;

    /// <summary>Waits for an import this node runs (tests and the benchmark use it); returns at once for any other.</summary>
    public Task WaitAsync(long importId) => _running.TryGetValue(importId, out var running) && running.Task is { } task ? task : Task.CompletedTask;

    private async Task RunAsync(long importId, Viewer viewer, Running running, string fileName, ConversationFormat? format)
    {
        try
        {
            var progress = new Progress(running);
            await import.RunAsync(importId, viewer, running.File, fileName, format, progress, _stopping.Token);
        }
        catch (Exception e)
        {
            ImportFailed(logger, importId, fileName, e);
        }
        finally
        {
            _running.TryRemove(importId, out _);
            await running.File.DisposeAsync();
        }
    }

    async Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync(removeUploads: true, cancellationToken);

        // The token is taken now: the timer may still fire while the host disposes this service.
        var stopping = _stopping.Token;
        _stallCheck = clock.CreateTimer(_ => _ = RecoverAsync(removeUploads: false, stopping), null, StallCheckEvery, StallCheckEvery);
    }

    /// <summary>
    /// Marks failed the imports whose server died, and at start removes uploads older than
    /// <see cref="ConversationImport.StalledAfter"/>: none of this node's imports is running yet, and an
    /// upload another node is still reading stays readable after its name is removed.
    /// </summary>
    internal async Task RecoverAsync(bool removeUploads, CancellationToken cancellationToken)
    {
        try
        {
            var failed = await import.FailStalledAsync(cancellationToken);
            var removed = removeUploads ? Uploads.RemoveAbandoned(settings, clock.GetUtcNow().UtcDateTime - ConversationImport.StalledAfter) : 0;
            if (failed + removed > 0)
            {
                StalledImportsFailed(logger, failed, removed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            StallCheckFailed(logger, e);
        }
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped twice, the second time after it has disposed its services
        // (WebApplicationFactory stops a minimal-hosting app that already ran its own shutdown).
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _stallCheck?.Dispose();
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while this (second) stop was on its way: the first one already cancelled and waited.
            return;
        }

        await Task.WhenAll(_running.Values.Select(r => r.Task ?? Task.CompletedTask)).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stallCheck?.Dispose();
            _stopping.Dispose();
        }
    }

    /// <summary>An import in progress. Other threads read only <see cref="Length"/> and <see cref="Position"/>, never the stream.</summary>
    private sealed class Running(FileStream file)
    {
        public FileStream File { get; } = file;

        public long Length { get; } = file.Length;

        public Task? Task { get; set; }

        /// <summary>Bytes read as of the last committed chunk.</summary>
        public long Position;
    }

    /// <summary>Notes the file position at each committed chunk (reported on the importing thread, so reading Position there is safe).</summary>
    private sealed class Progress(Running running) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => Interlocked.Exchange(ref running.Position, running.File.Position);
    }
}
