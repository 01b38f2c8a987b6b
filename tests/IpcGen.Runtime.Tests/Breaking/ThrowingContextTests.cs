using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class ThrowingContextTests
{
    [Test]
    public void Dispose_ContextPostThrows_ClosesTransport()
    {
        var logger = new ListLogger();
        var (hostSocket, workerSocket) = SocketTransport.CreatePair();
        var host = new Connection<ITestHost, ITestWorker>(hostSocket, new HostService(),
            new ConnectionOptions { SynchronizationContext = new ShutDownContext(), Logger = logger });
        using var worker = new Connection<ITestWorker, ITestHost>(workerSocket, new WorkerService());
        var workerEnded =
            new TaskCompletionSource<DisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Disconnected += (_, e) => workerEnded.TrySetResult(e.Reason);
        host.Start();
        worker.Start();

        Assert.DoesNotThrow(host.Dispose);
        Assert.That(Wait.Result(workerEnded.Task, Wait.Long), Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(logger.Lines, Has.Some.StartsWith("105 "));
    }

    /// <summary>A context whose loop has ended, as a UI dispatcher after shutdown: every post throws.</summary>
    private sealed class ShutDownContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) =>
            throw new InvalidOperationException("The test context has shut down.");
    }
}
