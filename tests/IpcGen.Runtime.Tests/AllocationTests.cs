using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests;

/// <summary>Calls with plain-value arguments allocate nothing on the calling thread in steady state, and pooled
/// messages never mix up concurrent calls. Both ends run in this process over a real socket pair; the peer's
/// threads allocate on their own counters.</summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class AllocationTests
{
    private const int WarmUpCalls = 2_000;
    private const int MeasuredCalls = 1_000;

    [TestCase(false, TestName = "SyncCall_SocketTransport_AllocatesNothing")]
    [TestCase(true, TestName = "SyncCall_UnixTransport_AllocatesNothing")]
    public void SyncCall_AllocatesNothing(bool unixTransport)
    {
        using var pair = new ConnectionPair(unixTransport: unixTransport);
        var peer = pair.Host.Peer;
        long sum = 0;
        for (int i = 0; i < WarmUpCalls; i++)
        {
            sum += peer.Add(i, 1);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < MeasuredCalls; i++)
        {
            sum += peer.Add(i, 1);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, $"{allocated} bytes in {MeasuredCalls} calls");
        long expected = Triangle(WarmUpCalls) + WarmUpCalls + Triangle(MeasuredCalls) + MeasuredCalls;
        Assert.That(sum, Is.EqualTo(expected));
    }

    [Test]
    public void OneWay_UnixTransport_AllocatesNothing()
    {
        using var pair = new ConnectionPair(unixTransport: true);
        var peer = pair.Host.Peer;
        for (int i = 0; i < WarmUpCalls; i++)
        {
            peer.Record(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = WarmUpCalls; i < WarmUpCalls + MeasuredCalls; i++)
        {
            peer.Record(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, $"{allocated} bytes in {MeasuredCalls} one-way messages");
        Assert.That(peer.RecordedInOrder(), Is.EqualTo(WarmUpCalls + MeasuredCalls));
    }

    [TestCase(false, TestName = "ConcurrentCalls_SocketTransport_GetOwnResults")]
    [TestCase(true, TestName = "ConcurrentCalls_UnixTransport_GetOwnResults")]
    public void ConcurrentCalls_GetOwnResults(bool unixTransport)
    {
        const int threadCount = 8;
        const int callsPerThread = 10_000;
        using var pair = new ConnectionPair(unixTransport: unixTransport);
        var peer = pair.Host.Peer;

        // Each thread adds its own offset, so a request or response shared with another thread gives a wrong sum.
        var tasks = Enumerable.Range(0, threadCount)
            .Select(thread => Task.Factory.StartNew(() =>
            {
                int wrong = 0;
                int offset = (thread + 1) * 100_000;
                for (int i = 0; i < callsPerThread; i++)
                {
                    if (peer.Add(offset, i) != offset + i)
                    {
                        wrong++;
                    }
                }

                return wrong;
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();

        int[] wrongResults = Wait.Result(Task.WhenAll(tasks), TimeSpan.FromSeconds(90));
        Assert.That(wrongResults, Is.All.Zero);
    }

    private static long Triangle(long count) => count * (count - 1) / 2;
}
