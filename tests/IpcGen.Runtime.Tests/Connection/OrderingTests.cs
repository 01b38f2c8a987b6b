namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
[CancelAfter(60_000)]
public sealed class OrderingTests
{
    [Test]
    public void Post_OneThread_DispatchedInOrder()
    {
        using var pair = new ConnectionPair();

        for (int i = 0; i < 10_000; i++)
        {
            pair.Host.Peer.Record(i);
        }

        Assert.That(pair.Host.Peer.RecordedInOrder(), Is.EqualTo(10_000));
    }

    [Test]
    public void Post_ManyThreads_RandomDelays_InOrder()
    {
        using var pair = new ConnectionPair();
        pair.WorkerService.MaxRecordDelayMilliseconds = 1;
        const int threads = 4;
        const int perThread = 150;

        var senders = Enumerable.Range(1, threads).Select(stream => Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < perThread; i++)
            {
                pair.Host.Peer.Record(stream * 1_000_000 + i);
                if (i % 16 == 0)
                {
                    Thread.Sleep(Random.Shared.Next(0, 2));
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        Wait.ForEnd(Task.WhenAll(senders), Wait.Long);

        Assert.That(pair.Host.Peer.RecordedInOrder(), Is.EqualTo(threads * perThread));
    }

    [Test]
    public void Send_EightThreads_OwnResponses()
    {
        using var pair = new ConnectionPair();
        const int threads = 8;
        const int calls = 1500;
        int wrong = 0;

        var callers = Enumerable.Range(0, threads).Select(thread => Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < calls; i++)
            {
                int a = thread * 100_000 + i;
                switch (i % 3)
                {
                    case 0:
                        if (pair.Host.Peer.Add(a, 7) != a + 7)
                        {
                            Interlocked.Increment(ref wrong);
                        }

                        break;
                    case 1:
                        if (pair.Host.Peer.DelayAsync(i % 2, CancellationToken.None).Result != i % 2)
                        {
                            Interlocked.Increment(ref wrong);
                        }

                        break;
                    default:
                        pair.Host.Peer.Record((thread + 1) * 1_000_000 + i / 3);
                        break;
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        Wait.ForEnd(Task.WhenAll(callers), Wait.Long);

        Assert.That(wrong, Is.Zero);
        Assert.That(pair.Host.Peer.RecordedInOrder(), Is.EqualTo(threads * (calls / 3)));
    }
}
