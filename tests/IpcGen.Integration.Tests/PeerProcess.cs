using System.Diagnostics;
using IpcGen.Integration.Peer;
using IpcGen.Unix;

namespace IpcGen.Integration.Tests;

/// <summary>The integration peer running in a child process that inherited one end of a
/// <see cref="UnixTransport"/> socket pair, and the started connection to it from this process.</summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process, Connection<IHost, IWorker> connection, HostService host)
    {
        _process = process;
        Connection = connection;
        Host = host;
    }

    /// <summary>Connection from this process, which implements <see cref="IHost"/>.</summary>
    public Connection<IHost, IWorker> Connection { get; }

    /// <summary>Proxy of the peer's endpoint.</summary>
    public IWorker Worker => Connection.Peer;

    /// <summary>This process's implementation of <see cref="IHost"/>.</summary>
    public HostService Host { get; }

    /// <summary>Process id of the peer.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the peer process and the connection to it. The peer's standard error stays the test
    /// host's, so no pipe of this process is involved in descriptor counts.</summary>
    public static PeerProcess Start(ConnectionOptions? options = null)
    {
        string peerDll = Path.Combine(AppContext.BaseDirectory, "IpcGen.Integration.Peer.dll");
        var startInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        startInfo.ArgumentList.Add(peerDll);

        var (process, transport) = UnixChildProcess.Start(startInfo);
        var host = new HostService();
        var connection = new Connection<IHost, IWorker>(transport, host, options);
        connection.Start();
        return new PeerProcess(process, connection, host);
    }

    /// <summary>Kills the peer with SIGKILL.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the peer to exit; returns false on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Closes the connection, which makes the peer exit, and kills the peer if it has not exited within
    /// five seconds.</summary>
    public void Dispose()
    {
        Connection.Dispose();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }

        _process.Dispose();
    }
}
