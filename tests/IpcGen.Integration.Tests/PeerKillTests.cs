using System.Diagnostics;

namespace IpcGen.Integration.Tests;

/// <summary>A peer process killed with SIGKILL in the middle of a call.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class PeerKillTests
{
    private static readonly TimeSpan s_failFast = TimeSpan.FromSeconds(1);

    [Test]
    public void SyncCall_PeerKilled_ThrowsWithinOneSecond()
    {
        using var peer = PeerProcess.Start();
        Assert.That(peer.Worker.Int32(1), Is.EqualTo(1));
        var call = Task.Factory.StartNew(() => peer.Worker.Block(30_000), TaskCreationOptions.LongRunning);
        Thread.Sleep(300);
        Assert.That(call.IsCompleted, Is.False, "the call is still waiting for the peer");

        var stopwatch = Stopwatch.StartNew();
        peer.Kill();
        Wait.ForEnd(call, s_failFast * 5);
        var elapsed = stopwatch.Elapsed;

        Assert.That(call.Exception?.InnerException, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(((IpcDisconnectedException)call.Exception!.InnerException!).Reason,
            Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(elapsed, Is.LessThan(s_failFast));
    }

    [Test]
    public void TaskRequest_PeerKilled_FaultsWithinOneSecond()
    {
        using var peer = PeerProcess.Start();
        var blocked = Task.Factory.StartNew(() => peer.Worker.Block(30_000), TaskCreationOptions.LongRunning);
        Thread.Sleep(300);
        var queued = peer.Worker.SumAsync([1], CancellationToken.None);

        var stopwatch = Stopwatch.StartNew();
        peer.Kill();
        Wait.ForEnd(queued, s_failFast * 5);
        var elapsed = stopwatch.Elapsed;
        Wait.ForEnd(blocked, Wait.Long);

        Assert.That(queued.Exception?.InnerException, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(elapsed, Is.LessThan(s_failFast));
    }

    [Test]
    public void CallAfterKill_ThrowsAtOnce()
    {
        using var peer = PeerProcess.Start();
        Assert.That(peer.Worker.Int32(1), Is.EqualTo(1));
        var ended = new TaskCompletionSource();
        peer.Connection.Disconnected += (_, _) => ended.TrySetResult();

        peer.Kill();
        Wait.ForEnd(ended.Task, Wait.Long);

        var exception = Assert.Throws<IpcDisconnectedException>(() => peer.Worker.Int32(2));
        Assert.That(exception.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
    }
}
