using System.Threading.Channels;
using ServiceCoach.Conversations;
using ServiceCoach.Quality.Reports;

namespace ServiceCoach.Quality;

/// <summary>One record of the input after scoring: the conversation and its scorecard, or why it was rejected.</summary>
public readonly record struct ScoredItem(ImportItem Item, Scorecard? Scorecard);

/// <summary>A batch after scoring, in input order; <see cref="JsonOf"/> gives each scorecard's JSON line when requested.</summary>
public sealed class ScoredBatch : IDisposable
{
    private readonly PooledBufferWriter? _json;
    private readonly int[] _jsonEnd;

    internal ScoredBatch(ScoredItem[] items, PooledBufferWriter? json, int[] jsonEnd)
    {
        Items = items;
        _json = json;
        _jsonEnd = jsonEnd;
    }

    public ScoredItem[] Items { get; }

    /// <summary>The JSON line (with its '\n') of item <paramref name="index"/>; empty when it was rejected or JSON was not requested.</summary>
    public ReadOnlySpan<byte> JsonOf(int index)
    {
        if (_json is null || Items[index].Scorecard is null)
        {
            return [];
        }

        var start = index == 0 ? 0 : _jsonEnd[index - 1];
        return _json.WrittenSpan[start.._jsonEnd[index]];
    }

    /// <summary>Returns the JSON buffer to the pool; the pipeline does this when the consumer moves on.</summary>
    public void Dispose() => _json?.Dispose();
}

/// <summary>
/// Scores a stream of import batches on several threads and yields them in INPUT order, so the
/// output bytes never depend on the thread count. A reader task only cuts the input into batches
/// (JSON Lines are split into raw lines, not parsed); workers parse, score and serialise whole
/// batches; the caller's thread receives finished batches in order and checks duplicate ids.
/// With one thread everything runs inline on the caller's thread. A yielded batch is valid until
/// the consumer asks for the next one (its buffers are then returned to the pool).
/// </summary>
public sealed class ScoringPipeline(QualityEngine engine, int threads, bool serializeJson)
{
    /// <summary>
    /// Records per batch the input should be cut into for this many threads. Everything in a batch
    /// (conversations, scorecards, JSON) lives until the consumer has written it, and a large live
    /// set makes every gen-0 collection copy it: one thread scores small batches inline; several
    /// threads take batches just large enough that handing one over costs nothing next to scoring
    /// it (~64 × 60 µs), with at most two per thread in flight.
    /// </summary>
    public int BatchSize => threads <= 1 ? 32 : 64;

    public IEnumerable<ScoredBatch> Run(IEnumerable<ImportBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return threads <= 1 ? RunInline(batches) : RunParallel(batches);
    }

    private IEnumerable<ScoredBatch> RunInline(IEnumerable<ImportBatch> batches)
    {
        foreach (var batch in batches)
        {
            using var scored = Deduplicate(batch, Process(batch));
            yield return scored;
        }
    }

    private IEnumerable<ScoredBatch> RunParallel(IEnumerable<ImportBatch> batches)
    {
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, threads).ConcurrentScheduler;
        var pending = System.Threading.Channels.Channel.CreateBounded<(ImportBatch Batch, Task<ScoredBatch> Work)>(new BoundedChannelOptions(threads * 2)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stop = new CancellationTokenSource();
        var reader = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var batch in batches)
                    {
                        var work = Task.Factory.StartNew(() => Process(batch), stop.Token, TaskCreationOptions.None, scheduler);
                        pending.Writer.WriteAsync((batch, work), stop.Token).AsTask().GetAwaiter().GetResult();
                    }

                    pending.Writer.Complete();
                }
                catch (Exception e)
                {
                    pending.Writer.TryComplete(e);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        try
        {
            while (pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (pending.Reader.TryRead(out var next))
                {
                    using var scored = Deduplicate(next.Batch, next.Work.GetAwaiter().GetResult());
                    yield return scored;
                }
            }
        }
        finally
        {
            // The consumer stopped (finished, failed or abandoned): release a reader blocked on a full channel.
            stop.Cancel();
            try
            {
                reader.Wait();
            }
            catch (AggregateException)
            {
            }
        }
    }

    private ScoredBatch Process(ImportBatch batch)
    {
        var items = new ScoredItem[batch.Count];
        var json = serializeJson ? new PooledBufferWriter(batch.Count * 8192) : null;
        var jsonEnd = new int[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch.Parse(i);
            items[i] = Score(item);
            if (json is not null && items[i].Scorecard is { } card)
            {
                ScorecardJson.Write(json, card);
                json.GetSpan(1)[0] = (byte)'\n';
                json.Advance(1);
            }

            jsonEnd[i] = json?.WrittenCount ?? 0;
        }

        batch.Release();
        return new ScoredBatch(items, json, jsonEnd);
    }

    private ScoredItem Score(ImportItem item)
    {
        if (item.IsError)
        {
            return new ScoredItem(item, null);
        }

        try
        {
            return new ScoredItem(item, engine.Score(item.Conversation));
        }
        catch (ScoringBudgetExceededException e)
        {
            // Too much work for one conversation: an error outcome for it, the run goes on.
            var error = new ImportError("engine", item.Line, null, item.Conversation.Id, $"error: {e.Message}");
            return new ScoredItem(new ImportItem(error), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An engine defect must not cost the rest of the run: report this conversation and go on.
            var error = new ImportError("engine", 0, null, item.Conversation.Id, $"internal error while scoring ({e.GetType().Name}: {e.Message}); please report it");
            return new ScoredItem(new ImportItem(error), null);
        }
    }

    /// <summary>Rejects repeated ids in input order (the first occurrence wins) — only possible after parsing.</summary>
    private static ScoredBatch Deduplicate(ImportBatch batch, ScoredBatch scored)
    {
        for (var i = 0; i < scored.Items.Length; i++)
        {
            var item = scored.Items[i].Item;
            var checkedItem = batch.CheckDuplicate(i, item);
            if (!ReferenceEquals(checkedItem, item))
            {
                scored.Items[i] = new ScoredItem(checkedItem, null);
            }
        }

        return scored;
    }
}
