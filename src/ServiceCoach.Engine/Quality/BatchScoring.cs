namespace ServiceCoach.Quality;

/// <summary>
/// Maps a stream of work items on several threads and yields the results in INPUT order, so
/// output bytes do not depend on the thread count. With one thread it is a plain sequential map.
/// </summary>
public static class BatchScoring
{
    public static IEnumerable<TResult> Map<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, TResult> map, int threads)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        if (threads <= 1)
        {
            return source.Select(map);
        }

        return source.AsParallel()
            .AsOrdered()
            .WithDegreeOfParallelism(threads)
            .WithMergeOptions(ParallelMergeOptions.AutoBuffered)
            .Select(map);
    }
}
