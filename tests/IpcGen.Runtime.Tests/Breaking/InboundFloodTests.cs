using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class InboundFloodTests
{
    [Test]
    public void OneWayFlood_BlockedDispatch_DisconnectsPeer()
    {
        var logger = new ListLogger();
        using var pair = new ConnectionPair(
            workerOptions: new ConnectionOptions { MaxQueuedInboundBytes = 64 * 1024, Logger = logger });
        var ended = new TaskCompletionSource<DisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Worker.Disconnected += (_, e) => ended.TrySetResult(e.Reason);

        // Delay blocks the worker's dispatch thread, so everything the host sends meanwhile stays queued.
        var blocked = Task.Factory.StartNew(() => pair.Host.Peer.Delay(1000), TaskCreationOptions.LongRunning);
        Thread.Sleep(100);
        int sent = 0;
        try
        {
            for (; sent < 100_000; sent++)
            {
                pair.Host.Peer.Record(sent);
            }
        }
        catch (IpcDisconnectedException)
        {
            // The worker dropped the connection, as expected.
        }

        Wait.ForEnd(blocked, Wait.Long);

        Assert.That(Wait.Result(ended.Task, Wait.Long), Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(logger.Lines, Has.Some.Contains("MaxQueuedInboundBytes"));
        Assert.That(sent, Is.LessThan(100_000));
    }
}
