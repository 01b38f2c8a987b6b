using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class SendAsyncDisconnectRaceTests
{
    private const string Detail = "closed by the test during the send";

    [Test]
    public void SendAsync_DisconnectMidSend_ErrorObserved()
    {
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.InnerException?.Message.Contains("ITestHost to ITestWorker") == true)
            {
                unobserved.Enqueue(e.Exception);
            }
        };

        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            var error = SendWhileDisconnecting();
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.That(error, Is.InstanceOf<IpcDisconnectedException>());
            Assert.That(unobserved, Is.Empty);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }
    }

    /// <summary>Sends a Task request whose send runs into a local dispose; returns the error the caller sees.
    /// Not inlined, so that nothing of the call stays reachable from the test's frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception? SendWhileDisconnecting()
    {
        var (hostSocket, workerSocket) = SocketTransport.CreatePair();
        var hooked = new HookedTransport(hostSocket);
        var host = new Connection<ITestHost, ITestWorker>(hooked, new HostService());
        using var worker = new Connection<ITestWorker, ITestHost>(workerSocket, new WorkerService());
        host.Start();
        worker.Start();

        // The disconnect fails the pending call first; then the send itself fails, as when the IO thread
        // reports the peer's end while a caller is inside Send.
        hooked.BeforeSend = () =>
        {
            hooked.BeforeSend = null;
            host.Dispose();
            throw new IpcDisconnectedException(DisconnectReason.LocalClosed, Detail);
        };

        var task = host.Peer.DelayAsync(1, CancellationToken.None);
        Wait.ForEnd(task, Wait.Long);
        return task.Exception?.InnerException;
    }
}
