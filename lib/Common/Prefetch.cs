using System.Collections.Concurrent;

namespace HumanClap.Common;

/// <summary>
/// Runs the preparation of the next items on a background thread while the caller consumes the current one, e.g.
/// decoding the next batch of files while the model encodes this one. At most <c>ahead</c> prepared items wait, so
/// memory stays bounded. Items come out in source order and each is prepared exactly once, in order, on one thread:
/// results equal a sequential run. An exception from the source or the preparation is rethrown to the consumer at
/// the item where it happened; stopping the enumeration early (break, exception, dispose) stops the producer.
/// </summary>
internal static class Prefetch
{
    public static IEnumerable<(T Item, TPrepared Prepared)> Ahead<T, TPrepared>(IEnumerable<T> source,
        Func<T, TPrepared> prepare, int ahead = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ahead, 1);
        return Run(source, prepare, ahead);
    }

    private static IEnumerable<(T, TPrepared)> Run<T, TPrepared>(IEnumerable<T> source, Func<T, TPrepared> prepare,
        int ahead)
    {
        using var queue = new BlockingCollection<Outcome<(T, TPrepared)>>(ahead);
        using var stop = new CancellationTokenSource();
        var producer = Task.Factory.StartNew(() => Produce(source, prepare, queue, stop.Token), stop.Token,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var outcome in queue.GetConsumingEnumerable())
            {
                if (outcome.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                yield return outcome.Value;
            }
        }
        finally
        {
            stop.Cancel();
            try { producer.Wait(); }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException)) { }
        }
    }

    private static void Produce<T, TPrepared>(IEnumerable<T> source, Func<T, TPrepared> prepare,
        BlockingCollection<Outcome<(T, TPrepared)>> queue, CancellationToken stop)
    {
        try
        {
            foreach (var item in source)
            {
                stop.ThrowIfCancellationRequested();
                queue.Add(new Outcome<(T, TPrepared)>((item, prepare(item)), null), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
        catch (Exception e) { queue.Add(new Outcome<(T, TPrepared)>(default!, e), stop); }
        finally { queue.CompleteAdding(); }
    }

    private readonly record struct Outcome<TValue>(TValue Value, Exception? Error);
}
