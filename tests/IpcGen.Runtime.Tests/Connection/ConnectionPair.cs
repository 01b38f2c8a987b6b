using IpcGen.Runtime.TestPeer;
using IpcGen.Unix;

namespace IpcGen.Runtime.Tests.Connection;

/// <summary>A host and a worker connection in this process over a real AF_UNIX socket pair, each with its own
/// default dispatch thread. The transport is the tests' <see cref="SocketTransport"/>, or
/// <see cref="UnixTransport"/> for tests that pass attachments.</summary>
internal sealed class ConnectionPair : IDisposable
{
    public ConnectionPair(
        ConnectionOptions? hostOptions = null, ConnectionOptions? workerOptions = null, bool unixTransport = false)
    {
        var (hostTransport, workerTransport) = unixTransport ? CreateUnixPair() : SocketTransport.CreatePair();
        HostService = new HostService();
        WorkerService = new WorkerService();
        Host = new Connection<ITestHost, ITestWorker>(hostTransport, HostService, hostOptions);
        Worker = new Connection<ITestWorker, ITestHost>(workerTransport, WorkerService, workerOptions);
        HostService.Worker = Host.Peer;
        WorkerService.Host = Worker.Peer;
        Host.Start();
        Worker.Start();
    }

    public HostService HostService { get; }

    public WorkerService WorkerService { get; }

    public Connection<ITestHost, ITestWorker> Host { get; }

    public Connection<ITestWorker, ITestHost> Worker { get; }

    public static (Transport First, Transport Second) CreateUnixPair()
    {
        var (local, remote) = UnixTransport.CreatePaired();
        return (local, UnixTransport.Adopt(remote));
    }

    public void Dispose()
    {
        Host.Dispose();
        Worker.Dispose();
    }
}
