using System.Diagnostics;
using IpcGen.Runtime.TestPeer;

namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
[CancelAfter(60_000)]
public sealed class DisconnectTests
{
    [Test]
    public void Disconnected_AfterQueuedMessages_Once()
    {
        using var pair = new ConnectionPair();
        var countAtEvent = new TaskCompletionSource<int>();
        int raised = 0;
        pair.Host.Disconnected += (_, _) =>
        {
            Interlocked.Increment(ref raised);
            countAtEvent.TrySetResult(pair.HostService.Cancellations.Count);
        };

        for (int i = 0; i < 2000; i++)
        {
            pair.Worker.Peer.Cancelled(i);
        }

        pair.Worker.Dispose();

        Assert.That(Wait.Result(countAtEvent.Task, Wait.Long), Is.EqualTo(2000));
        Thread.Sleep(50);
        Assert.That(raised, Is.EqualTo(1));
    }

    [Test]
    public void Disconnected_PeerClosed_Reason()
    {
        using var pair = new ConnectionPair();
        var reason = new TaskCompletionSource<DisconnectReason>();
        pair.Host.Disconnected += (_, e) => reason.TrySetResult(e.Reason);

        pair.Worker.Dispose();

        Assert.That(Wait.Result(reason.Task, Wait.Long), Is.EqualTo(DisconnectReason.PeerClosed));
    }

    [Test]
    public void Dispose_DuringSyncCall_FailsAtOnce()
    {
        using var pair = new ConnectionPair();
        var call = Task.Factory.StartNew(() => pair.Host.Peer.Delay(5000), TaskCreationOptions.LongRunning);
        Thread.Sleep(100);

        var stopwatch = Stopwatch.StartNew();
        pair.Host.Dispose();
        Wait.ForEnd(call, TimeSpan.FromSeconds(1));

        var exception = call.Exception!.InnerException as IpcDisconnectedException;
        Assert.That(exception, Is.Not.Null);
        Assert.That(exception!.Reason, Is.EqualTo(DisconnectReason.LocalClosed));
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void Dispose_DuringTask_FailsAtOnce()
    {
        using var pair = new ConnectionPair();
        var task = pair.Host.Peer.DelayAsync(5000, CancellationToken.None);

        pair.Host.Dispose();
        Wait.ForEnd(task, TimeSpan.FromSeconds(1));

        Assert.That(task.Exception!.InnerException, Is.TypeOf<IpcDisconnectedException>());
    }

    [Test]
    public void Post_AfterDispose_Throws()
    {
        using var pair = new ConnectionPair();
        pair.Host.Dispose();

        var exception = Assert.Throws<IpcDisconnectedException>(() => pair.Host.Peer.Record(0));

        Assert.That(exception.Reason, Is.EqualTo(DisconnectReason.LocalClosed));
    }

    [Test]
    public void Send_AfterPeerClosed_Throws()
    {
        using var pair = new ConnectionPair();
        var ended = new TaskCompletionSource();
        pair.Host.Disconnected += (_, _) => ended.TrySetResult();
        pair.Worker.Dispose();
        Wait.ForEnd(ended.Task, Wait.Long);

        var exception = Assert.Throws<IpcDisconnectedException>(() => pair.Host.Peer.Add(1, 1));

        Assert.That(exception.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
    }

    [Test]
    public void Disconnect_CancelsRunningHandlers()
    {
        using var pair = new ConnectionPair();
        _ = pair.Host.Peer.DelayAsync(30_000, CancellationToken.None);
        Assert.That(pair.Host.Peer.Add(1, 1), Is.EqualTo(2), "the async request has arrived");

        pair.Host.Dispose();

        Wait.Until(() => pair.WorkerService.CancelledHandlers == 1, Wait.Long, "the handler's token to be cancelled");
    }
}
