using IpcGen;
using IpcGen.Integration.Peer;
using IpcGen.Unix;

// The peer process of the integration tests: adopts the socket inherited from the test process, implements
// IWorker on its main thread's event loop, and exits when the connection ends. With the argument "inline-probe"
// it serves IInlineProbe instead (see InlineProbeProgram).
if (args is [InlineProbeProgram.Mode])
{
    return InlineProbeProgram.Run();
}

var loop = new IpcEventLoop();
using var worker = new Worker();
string ended = "not started";
using (var connection = new Connection<IWorker, IHost>(
    UnixTransport.FromInheritedDescriptor(), worker, new ConnectionOptions { SynchronizationContext = loop }))
{
    worker.Host = connection.Peer;
    connection.Disconnected += (_, e) =>
    {
        ended = $"{e.Reason}: {e.Detail}";
        loop.Stop();
    };
    connection.Start();
    loop.Run();
}

Console.Error.WriteLine($"integration peer {Environment.ProcessId}: disconnected: {ended}");
return 0;
