using System.Diagnostics;
using IpcGen.Runtime.TestPeer;
using IpcGen.Unix;

namespace IpcGen.Runtime.Tests.Connection;

/// <summary>The test peer running in a child process that inherited one end of a <see cref="UnixTransport"/>
/// socket pair, connected to a host connection in this process.</summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process, Connection<ITestHost, ITestWorker> host, HostService service)
    {
        _process = process;
        Host = host;
        Service = service;
    }

    public Connection<ITestHost, ITestWorker> Host { get; }

    public HostService Service { get; }

    /// <summary>Starts the peer process; the host connection is started.</summary>
    public static PeerProcess Start(ConnectionOptions? options = null, string mode = "")
    {
        string peerDll = Path.Combine(AppContext.BaseDirectory, "IpcGen.Runtime.TestPeer.dll");
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(peerDll);
        startInfo.ArgumentList.Add("--inherited");
        if (mode.Length > 0)
        {
            startInfo.ArgumentList.Add(mode);
        }

        var (process, transport) = UnixChildProcess.Start(startInfo);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                TestContext.Progress.WriteLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var service = new HostService();
        var host = new Connection<ITestHost, ITestWorker>(transport, service, options);
        service.Worker = host.Peer;
        host.Start();
        return new PeerProcess(process, host, service);
    }

    /// <summary>Kills the peer with SIGKILL.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the peer to exit; returns false on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        Host.Dispose();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }

        _process.Dispose();
    }
}
