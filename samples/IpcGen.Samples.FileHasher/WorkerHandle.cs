using System.Diagnostics;
using IpcGen.Unix;
using Microsoft.Extensions.Logging;

namespace IpcGen.Samples.FileHasher;

/// <summary>One spawned worker process and the connection to it.</summary>
internal sealed class WorkerHandle : IDisposable
{
    private readonly Process _process;
    private readonly Connection<IHashCoordinator, IHashWorker> _connection;
    private volatile bool _failed;

    private WorkerHandle(int number, Process process, Connection<IHashCoordinator, IHashWorker> connection, int pid)
    {
        Number = number;
        _process = process;
        _connection = connection;
        ProcessId = pid;
    }

    public int Number { get; }

    public int ProcessId { get; }

    public IHashWorker Peer => _connection.Peer;

    public bool IsAlive => !_failed && _connection.IsConnected;

    public static WorkerHandle Start(int number, IHashCoordinator coordinator, int crashAfter, ILogger logger)
    {
        var startInfo = WorkerCommand.Create(crashAfter);
        var (process, transport) = UnixChildProcess.Start(startInfo, new UnixTransportOptions { Logger = logger });
        var connection = new Connection<IHashCoordinator, IHashWorker>(
            transport, coordinator, new ConnectionOptions { Logger = logger });
        connection.Start();
        try
        {
            int pid = connection.Peer.Hello(number);
            return new WorkerHandle(number, process, connection, pid);
        }
        catch
        {
            connection.Dispose();
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public void MarkFailed(Exception exception) => _failed = exception is IpcDisconnectedException;

    public void Dispose()
    {
        try
        {
            if (_connection.IsConnected)
            {
                _connection.Peer.Shutdown();
            }
        }
        catch (IpcException)
        {
            // The worker is gone already; nothing is left to shut down.
        }

        _connection.Dispose();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
