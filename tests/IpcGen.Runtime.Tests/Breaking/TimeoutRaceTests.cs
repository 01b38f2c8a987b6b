using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class TimeoutRaceTests
{
    [Test]
    public void Timeouts_RacingResponses_KeepConnection()
    {
        // Timeouts of 0 to 2 ms against 1 ms handlers make responses arrive around the moment their callers give
        // up, while other threads reuse the pooled calls for requests of another type.
        using var pair = new ConnectionPair();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            for (int i = 0; i < 150; i++)
            {
                try
                {
                    using (IpcCall.WithTimeout(TimeSpan.FromMilliseconds(random.Next(0, 3))))
                    {
                        int expected = i % 2 == 0 ? 1 : i + t;
                        int actual = i % 2 == 0 ? pair.Host.Peer.Delay(1) : pair.Host.Peer.Add(i, t);
                        if (actual != expected)
                        {
                            failures.Enqueue(new InvalidOperationException($"Got {actual}, expected {expected}."));
                        }
                    }
                }
                catch (TimeoutException)
                {
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception);
                    return;
                }
            }
        })).ToList();

        threads.ForEach(thread => thread.Start());
        foreach (var thread in threads)
        {
            Assert.That(thread.Join(Wait.Long), Is.True, "A calling thread did not finish.");
        }

        Assert.That(failures, Is.Empty);
        Assert.That(pair.Host.Peer.Add(1, 2), Is.EqualTo(3));
        Assert.That(pair.Host.IsConnected, Is.True);
    }
}
