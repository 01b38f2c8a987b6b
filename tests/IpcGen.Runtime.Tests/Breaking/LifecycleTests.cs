using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class LifecycleTests
{
    [Test]
    public void Dispose_FromHandlerAndEvent_RaisesOnce()
    {
        var (hostSocket, workerSocket) = SocketTransport.CreatePair();
        var service = new DisposingHost();
        var host = new Connection<ITestHost, ITestWorker>(hostSocket, service);
        service.Connection = host;
        using var worker = new Connection<ITestWorker, ITestHost>(workerSocket, new WorkerService());
        int raised = 0;
        var hostEnded = new TaskCompletionSource<DisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        var workerEnded =
            new TaskCompletionSource<DisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Disconnected += (_, e) =>
        {
            Interlocked.Increment(ref raised);
            host.Dispose();
            hostEnded.TrySetResult(e.Reason);
        };
        worker.Disconnected += (_, e) => workerEnded.TrySetResult(e.Reason);
        host.Start();
        worker.Start();

        // The host's Record handler disposes its own connection.
        worker.Peer.Record(0);

        Assert.That(Wait.Result(hostEnded.Task, Wait.Long), Is.EqualTo(DisconnectReason.LocalClosed));
        Assert.That(Wait.Result(workerEnded.Task, Wait.Long), Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.DoesNotThrow(host.Dispose);
        Thread.Sleep(50);
        Assert.That(raised, Is.EqualTo(1));
    }

    [Test]
    public void SharedLoop_OneConnectionEnds_OthersKeepWorking()
    {
        var loop = new IpcEventLoop();
        var loopThread = new Thread(() => loop.Run());
        loopThread.Start();
        var pairs = new List<(Connection<ITestHost, ITestWorker> Host, Connection<ITestWorker, ITestHost> Worker)>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                var (hostSocket, workerSocket) = SocketTransport.CreatePair();
                var hostService = new HostService();
                var workerService = new WorkerService();
                var host = new Connection<ITestHost, ITestWorker>(hostSocket, hostService,
                    new ConnectionOptions { SynchronizationContext = loop });
                var worker = new Connection<ITestWorker, ITestHost>(workerSocket, workerService);
                hostService.Worker = host.Peer;
                workerService.Host = worker.Peer;
                host.Start();
                worker.Start();
                pairs.Add((host, worker));
            }

            // Worker 0 calls back into host 0 through the shared loop, which then ends connection 0.
            Assert.That(pairs[0].Worker.Peer.Nested(4), Is.EqualTo(4));
            pairs[0].Host.Dispose();

            for (int i = 1; i < pairs.Count; i++)
            {
                Assert.That(pairs[i].Worker.Peer.Nested(3), Is.EqualTo(3));
                Assert.That(pairs[i].Host.Peer.Add(i, 1), Is.EqualTo(i + 1));
            }

            Assert.That(loop.IsRunning, Is.True);
        }
        finally
        {
            foreach (var (host, worker) in pairs)
            {
                host.Dispose();
                worker.Dispose();
            }

            loop.Stop();
            Assert.That(loopThread.Join(Wait.Long), Is.True, "The loop thread did not stop.");
        }
    }

    /// <summary>A host whose <see cref="Record"/> handler disposes its own connection.</summary>
    private sealed class DisposingHost : ITestHost
    {
        public Connection<ITestHost, ITestWorker>? Connection { get; set; }

        public void Record(int sequence) => Connection!.Dispose();

        public int Add(int a, int b) => a + b;

        public int Nested(int depth) => depth;

        public void Cancelled(int milliseconds)
        {
        }

        public void CallsDone(int completed)
        {
        }
    }
}
