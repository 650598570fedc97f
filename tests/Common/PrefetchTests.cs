using HumanClap.Common;

namespace HumanClap.Tests.Common;

public sealed class PrefetchTests
{
    [Fact]
    public void ItemsComeOutInOrderEachPreparedOnce()
    {
        int prepared = 0;
        var result = Prefetch.Ahead(Enumerable.Range(0, 200), i =>
        {
            Interlocked.Increment(ref prepared);
            return i * i;
        }).ToList();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (i, i * i)), result);
        Assert.Equal(200, prepared);
    }

    [Fact]
    public void PreparationRunsOnAnotherThreadWhileTheConsumerWorks()
    {
        var consumer = Environment.CurrentManagedThreadId;
        using var nextStarted = new ManualResetEventSlim();
        var threads = new List<int>();
        bool overlapped = false;
        foreach (var (item, _) in Prefetch.Ahead(Enumerable.Range(0, 2), i =>
                 {
                     lock (threads) threads.Add(Environment.CurrentManagedThreadId);
                     if (i == 1) nextStarted.Set();
                     return i;
                 }))
        {
            // While item 0 is "being encoded", item 1 must already be in preparation.
            if (item == 0) overlapped = nextStarted.Wait(TimeSpan.FromSeconds(20));
        }
        Assert.True(overlapped, "item 1 was not prepared while item 0 was consumed");
        Assert.DoesNotContain(consumer, threads);
    }

    [Fact]
    public void AtMostAheadItemsWaitBeyondTheOneInPreparation()
    {
        int prepared = 0;
        foreach (var (item, _) in Prefetch.Ahead(Enumerable.Range(0, 50), i => Interlocked.Increment(ref prepared),
                     ahead: 2))
        {
            Thread.Sleep(5); // a slow consumer: the producer runs into the bound
            Assert.InRange(Volatile.Read(ref prepared), item + 1, item + 1 + 2 + 1);
        }
    }

    [Fact]
    public void AFailureIsRethrownAtItsItemAfterTheItemsBeforeIt()
    {
        var seen = new List<int>();
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var (item, _) in Prefetch.Ahead(Enumerable.Range(0, 10),
                         i => i == 3 ? throw new InvalidDataException("item 3 is bad") : i))
                seen.Add(item);
        });
        Assert.Equal("item 3 is bad", e.Message);
        Assert.Equal([0, 1, 2], seen);
    }

    [Fact]
    public void StoppingEarlyStopsTheProducer()
    {
        int prepared = 0;
        foreach (var (item, _) in Prefetch.Ahead(Enumerable.Range(0, 1000), i => Interlocked.Increment(ref prepared)))
            if (item == 2) break;
        int afterBreak = Volatile.Read(ref prepared);
        Thread.Sleep(200);
        Assert.Equal(afterBreak, Volatile.Read(ref prepared));
        Assert.InRange(afterBreak, 3, 5);
    }
}
