using IpcGen;
using IpcGen.Runtime.TestPeer;
using IpcGen.Unix;

// The peer process of the connection tests: adopts the UnixTransport socket inherited from the parent
// ("--inherited") or connects a SocketTransport to a socket path, implements ITestWorker on its main thread's
// event loop, and exits when the connection ends. With "mismatched" as the second argument it implements an
// endpoint with the same name and magic as ITestWorker but a different shape hash.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: IpcGen.Runtime.TestPeer (--inherited | <socket path>) [mismatched]");
    return 2;
}

var loop = new IpcEventLoop(ConnectionOptions.DefaultSyncSpinDuration);
var options = new ConnectionOptions { SynchronizationContext = loop };
Transport transport = args[0] == "--inherited"
    ? UnixTransport.FromInheritedDescriptor()
    : SocketTransport.Connect(args[0]);
string? ended = null;
if (args.Length > 1 && args[1] == "mismatched")
{
    using var mismatched = new Connection<IMismatchedWorker, ITestHost>(transport, new MismatchedService(), options);
    mismatched.Disconnected += (_, e) =>
    {
        ended = e.Detail;
        loop.Stop();
    };
    mismatched.Start();
    loop.Run();
}
else
{
    var worker = new WorkerService();
    using var connection = new Connection<ITestWorker, ITestHost>(transport, worker, options);
    worker.Host = connection.Peer;
    connection.Disconnected += (_, e) =>
    {
        ended = e.Detail;
        loop.Stop();
    };
    connection.Start();
    loop.Run();
}

Console.Error.WriteLine($"peer: disconnected: {ended}");
return 0;

/// <summary>Implementation of the mismatched endpoint.</summary>
internal sealed class MismatchedService : IMismatchedWorker
{
    public int Add(int a, int b) => a + b;
}
