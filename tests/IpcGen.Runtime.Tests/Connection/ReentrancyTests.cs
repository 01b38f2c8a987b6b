namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
[CancelAfter(60_000)]
public sealed class ReentrancyTests
{
    [Test]
    public void Nested_FromOtherThread_Completes()
    {
        using var pair = new ConnectionPair();

        Assert.That(pair.Host.Peer.Nested(20), Is.EqualTo(20));
    }

    [Test]
    public void Nested_FromDispatchThread_Completes()
    {
        using var pair = new ConnectionPair();
        var result = new TaskCompletionSource<int>();

        pair.Host.SynchronizationContext.Post(_ => result.SetResult(pair.Host.Peer.Nested(20)), null);

        Assert.That(Wait.Result(result.Task, Wait.Long), Is.EqualTo(20));
    }

    [Test]
    public void Nested_TooDeepForStack_FailsWithoutCrash()
    {
        using var pair = new ConnectionPair();

        // Every level adds a wait and a handler to the dispatch threads' stacks. Far past what they hold, the
        // innermost call must fail and the failure travel back up as error responses, instead of a stack
        // overflow that would end the test process. Each level wraps the message of the level below, and error
        // responses cut messages to a bounded length, so the innermost exception's name is not checked here.
        var exception = Assert.Catch<IpcRemoteException>(() => pair.Host.Peer.Nested(1_000_000));

        Assert.That(exception!.Message, Does.StartWith("ITestWorker.Nested failed in the peer process"));
        Assert.That(pair.Host.Peer.Nested(5), Is.EqualTo(5), "the connection stays usable");
    }

    [Test]
    public void SyncWait_HoldsOneWayMessages()
    {
        using var pair = new ConnectionPair();
        pair.HostService.ProbeHeldMessages = true;
        var seenDuringWait = new TaskCompletionSource<int>();

        // The host's handler posts a record to the worker, then sends a sync request for the worker's record count.
        // The worker's dispatch thread handles that request while it waits, so the record is still queued.
        pair.Worker.SynchronizationContext.Post(_ => seenDuringWait.SetResult(pair.Worker.Peer.Nested(1)), null);

        Assert.That(Wait.Result(seenDuringWait.Task, Wait.Long), Is.Zero);
        Assert.That(pair.Host.Peer.RecordedInOrder(), Is.EqualTo(1), "the held record is dispatched afterwards");
    }

    [Test]
    public void CrossCalls_DispatchThreads_NoDeadlock()
    {
        using var pair = new ConnectionPair();
        var hostDone = new TaskCompletionSource<int>();
        const int count = 2000;

        pair.Host.Peer.StartCalls(count);
        pair.Host.SynchronizationContext.Post(_ =>
        {
            int correct = 0;
            for (int i = 0; i < count; i++)
            {
                correct += pair.Host.Peer.Add(i, 2) == i + 2 ? 1 : 0;
            }

            hostDone.SetResult(correct);
        }, null);

        Assert.That(Wait.Result(hostDone.Task, Wait.Long), Is.EqualTo(count));
        Assert.That(Wait.Result(pair.HostService.CallsCompleted.Task, Wait.Long), Is.EqualTo(count));
    }

    [Test]
    public void Deadlock_OtherThreadCall_FailsWithinBound()
    {
        var options = new ConnectionOptions { DeadlockDetectionDelay = TimeSpan.FromMilliseconds(300) };
        using var pair = new ConnectionPair(hostOptions: options);
        var outcome = new TaskCompletionSource<Exception?>();

        // The host's dispatch thread blocks on a thread-pool thread whose sync call makes the worker call back
        // into the host, which needs the blocked dispatch thread.
        pair.Host.SynchronizationContext.Post(_ =>
        {
            var call = Task.Run(() => pair.Host.Peer.Nested(1));
            try
            {
                call.Wait(TimeSpan.FromSeconds(20));
                outcome.SetResult(null);
            }
            catch (AggregateException exception)
            {
                outcome.SetResult(exception.InnerException);
            }
        }, null);

        var started = DateTime.UtcNow;
        var error = Wait.Result(outcome.Task, Wait.Long);

        Assert.That(error, Is.TypeOf<IpcDeadlockException>());
        Assert.That(error!.Message, Does.Contain("ITestWorker.Nested").And.Contain("ITestHost.Nested"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(pair.Host.Peer.Add(1, 1), Is.EqualTo(2), "the connection stays up");
    }
}
