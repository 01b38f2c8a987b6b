using IpcGen.Runtime.TestPeer;

namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
[CancelAfter(60_000)]
public sealed class CallTests
{
    [Test]
    public void Post_OneWay_IsDispatched()
    {
        using var pair = new ConnectionPair();

        pair.Host.Peer.Record(0);

        Assert.That(pair.Host.Peer.RecordedInOrder(), Is.EqualTo(1));
    }

    [Test]
    public void Send_Sync_ReturnsResponse()
    {
        using var pair = new ConnectionPair();

        Assert.That(pair.Host.Peer.Add(2, 3), Is.EqualTo(5));
    }

    [Test]
    public void SendAsync_Task_ReturnsResponse()
    {
        using var pair = new ConnectionPair();

        int result = Wait.Result(pair.Host.Peer.DelayAsync(1, CancellationToken.None), Wait.Long);

        Assert.That(result, Is.EqualTo(1));
    }

    [Test]
    public void Send_HandlerThrows_RemoteException()
    {
        using var pair = new ConnectionPair();

        var exception = Assert.Throws<IpcRemoteException>(() => pair.Host.Peer.Fail("bad input"));

        Assert.That(exception.RemoteType, Is.EqualTo(typeof(InvalidOperationException).FullName));
        Assert.That(exception.RemoteMessage, Is.EqualTo("bad input"));
        Assert.That(exception.Message, Does.Contain("ITestWorker.Fail"));
        Assert.That(pair.Host.Peer.Add(1, 1), Is.EqualTo(2), "the connection stays up");
    }

    [Test]
    public void SendAsync_HandlerThrows_RemoteException()
    {
        using var pair = new ConnectionPair();
        var task = pair.Host.Peer.DelayAsync(-1, CancellationToken.None);

        Wait.ForEnd(task, Wait.Long);

        var exception = task.Exception!.InnerException as IpcRemoteException;
        Assert.That(exception, Is.Not.Null);
        Assert.That(exception!.RemoteType, Is.EqualTo(typeof(ArgumentOutOfRangeException).FullName));
        Assert.That(exception.Message, Does.Contain("ITestWorker.DelayAsync"));
        Assert.That(pair.Host.Peer.Add(1, 1), Is.EqualTo(2), "the connection stays up");
    }

    [Test]
    public void OneWay_HandlerThrows_LoggedAndStaysUp()
    {
        var logger = new ListLogger();
        using var pair = new ConnectionPair(workerOptions: new ConnectionOptions { Logger = logger });

        pair.Host.Peer.Record(-5);

        Assert.That(pair.Host.Peer.Add(1, 1), Is.EqualTo(2), "the connection stays up");
        Assert.That(pair.Worker.IsConnected, Is.True);
        Assert.That(logger.Lines.Count(l => l.StartsWith("102 ", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void Send_Timeout_ThrowsAndStaysUp()
    {
        using var pair = new ConnectionPair();

        using (IpcCall.WithTimeout(TimeSpan.FromMilliseconds(100)))
        {
            var exception = Assert.Throws<TimeoutException>(() => pair.Host.Peer.Delay(1000));
            Assert.That(exception.Message, Does.Contain("ITestWorker.Delay"));
        }

        Assert.That(pair.Host.Peer.Add(4, 4), Is.EqualTo(8), "the late response is dropped");
    }

    [Test]
    public void Send_Timeout_NamesSlowHandler()
    {
        using var pair = new ConnectionPair();

        using (IpcCall.WithTimeout(TimeSpan.FromMilliseconds(100)))
        {
            var exception = Assert.Throws<TimeoutException>(() => pair.Host.Peer.Delay(1000));
            Assert.That(exception.Message, Does.Contain("handler is slow or blocked"));
        }
    }

    [Test]
    public void Send_Timeout_NoPeerConnection_SaysNoHello()
    {
        // The remote end exists but no Connection was created on it, so no hello ever arrives.
        var (local, remote) = IpcGen.Unix.UnixTransport.CreatePaired();
        using var _ = remote;
        using var host = new Connection<ITestHost, ITestWorker>(local, new HostService());
        host.Start();

        using (IpcCall.WithTimeout(TimeSpan.FromMilliseconds(100)))
        {
            var exception = Assert.Throws<TimeoutException>(() => host.Peer.Add(1, 2));
            Assert.That(exception.Message, Does.Contain("No hello arrived from the peer"));
        }
    }

    [Test]
    public void Send_OptionsTimeout_Throws()
    {
        var options = new ConnectionOptions { SyncCallTimeout = TimeSpan.FromMilliseconds(100) };
        using var pair = new ConnectionPair(hostOptions: options);

        Assert.Throws<TimeoutException>(() => pair.Host.Peer.Delay(1000));
    }

    [Test]
    public void Cancel_ObservedByPeerHandler()
    {
        using var pair = new ConnectionPair();
        using var cancellation = new CancellationTokenSource();
        var task = pair.Host.Peer.DelayAsync(30_000, cancellation.Token);
        Thread.Sleep(100);

        cancellation.Cancel();
        Wait.ForEnd(task, TimeSpan.FromSeconds(1));

        Assert.That(task.IsCanceled, Is.True, "the local task is cancelled without waiting for the peer");
        Wait.Until(() => pair.HostService.Cancellations.Contains(30_000), Wait.Long, "the peer's handler to see it");
        Assert.That(pair.Host.Peer.Add(1, 2), Is.EqualTo(3), "the connection stays up");
    }

    [Test]
    public void SendAsync_CancelledToken_ReturnsCancelledTask()
    {
        using var pair = new ConnectionPair();

        var task = pair.Host.Peer.DelayAsync(1, new CancellationToken(canceled: true));

        Assert.That(task.IsCanceled, Is.True);
    }

    [Test]
    public void Send_BeforeStart_Throws()
    {
        var (first, second) = SocketTransport.CreatePair();
        using var host = new Connection<ITestHost, ITestWorker>(first, new HostService());
        second.Dispose();

        Assert.Throws<InvalidOperationException>(() => host.Peer.Add(1, 1));
    }

    [Test]
    public void Send_OverPayloadLimit_ThrowsAndStaysUp()
    {
        using var pair = new ConnectionPair();

        var exception = Assert.Throws<IpcLimitExceededException>(() => pair.Host.Peer.Fail(new string('x', 5000)));

        Assert.That(exception.Message, Does.Contain("4096"));
        Assert.That(pair.Host.Peer.Add(1, 1), Is.EqualTo(2), "nothing was sent, and the connection stays up");
    }

    [Test]
    public void ManyConnections_AllWork()
    {
        var pairs = Enumerable.Range(0, 16).Select(_ => new ConnectionPair()).ToArray();
        try
        {
            var calls = pairs.Select((pair, i) => Task.Factory.StartNew(
                () => pair.Host.Peer.Add(i, 1000), TaskCreationOptions.LongRunning)).ToArray();

            Assert.That(Wait.Result(Task.WhenAll(calls), Wait.Long), Is.EqualTo(Enumerable.Range(1000, 16)));
        }
        finally
        {
            foreach (var pair in pairs)
            {
                pair.Dispose();
            }
        }
    }

    [Test]
    public void Handlers_RunOnContext()
    {
        var loop = new IpcEventLoop();
        var loopThread = new Thread(() => loop.Run()) { IsBackground = true };
        loopThread.Start();
        var seen = new TaskCompletionSource<SynchronizationContext?>();
        var service = new ContextRecordingWorker(seen);
        var (first, second) = SocketTransport.CreatePair();
        using var host = new Connection<ITestHost, ITestWorker>(first, new HostService());
        using var worker = new Connection<ITestWorker, ITestHost>(
            second, service, new ConnectionOptions { SynchronizationContext = loop });
        host.Start();
        worker.Start();

        host.Peer.Record(0);

        Assert.That(Wait.Result(seen.Task, Wait.Long), Is.SameAs(loop));
        loop.Stop();
    }

    private sealed class ContextRecordingWorker(TaskCompletionSource<SynchronizationContext?> seen) : ITestWorker
    {
        public void Record(int sequence) => seen.TrySetResult(SynchronizationContext.Current);

        public int Add(int a, int b) => a + b;

        public int Fail(string message) => 0;

        public int Delay(int milliseconds) => milliseconds;

        public Task<int> DelayAsync(int milliseconds, CancellationToken cancellationToken) =>
            Task.FromResult(milliseconds);

        public int Nested(int depth) => depth;

        public void StartCalls(int count)
        {
        }

        public int RecordedInOrder() => 0;

        public long FileLength(Attachment file)
        {
            file.Dispose();
            return 0;
        }
    }
}
