using System.Collections.Concurrent;
using System.Diagnostics;

namespace IpcGen.Hostile.Tests;

/// <summary>
/// The real echo server, started as a child process (<c>dotnet IpcGen.Samples.EchoServer.dll serve PATH</c>) on a
/// socket path in a new temporary folder. Its stderr log is kept for failure messages, and its open descriptors
/// are counted through <c>/proc/PID/fd</c>.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private ServerProcess(string folder, Process process)
    {
        Folder = folder;
        SocketPath = Path.Combine(folder, "echo.sock");
        _process = process;
    }

    /// <summary>Temporary folder that contains the socket file.</summary>
    public string Folder { get; }

    /// <summary>Path of the server's listening socket.</summary>
    public string SocketPath { get; }

    /// <summary>Process id of the server.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the server process is still running.</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>Exit code, once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Log lines the server wrote to stderr so far.</summary>
    public IReadOnlyCollection<string> Log => _log;

    /// <summary>Start information for the sample program with <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo SampleStartInfo(params string[] arguments)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var startInfo = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IpcGen.Samples.EchoServer.dll"));
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <summary>Starts a server in a new temporary folder and waits until a well-formed client gets an echo.
    /// </summary>
    /// <exception cref="TimeoutException">The server sent no echo within 30 seconds.</exception>
    public static ServerProcess Start()
    {
        string folder = Directory.CreateTempSubdirectory("ipcgen-hostile-").FullName;
        var startInfo = SampleStartInfo("serve", Path.Combine(folder, "echo.sock"));
        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(folder, process);
        process.ErrorDataReceived += (_, e) => server.AddLogLine(e.Data);
        process.OutputDataReceived += (_, e) => server.AddLogLine(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        server.WaitUntilServing();
        return server;
    }

    /// <summary>Number of descriptors the server has open now.</summary>
    public int CountDescriptors() => Directory.GetFiles($"/proc/{ProcessId}/fd").Length;

    /// <summary>Each open descriptor of the server with what it refers to, such as "12 -> socket:[4567]".</summary>
    public SortedSet<string> DescribeDescriptors()
    {
        var result = new SortedSet<string>();
        foreach (string path in Directory.GetFiles($"/proc/{ProcessId}/fd"))
        {
            try
            {
                result.Add($"{Path.GetFileName(path)} -> {new FileInfo(path).LinkTarget}");
            }
            catch (IOException)
            {
                // Closed between the listing and the read.
            }
        }

        return result;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the descriptor count to drop to
    /// <paramref name="expected"/> or below and returns the last count.</summary>
    public int WaitForDescriptorsAtMost(int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int count = CountDescriptors();
        while (count > expected && DateTime.UtcNow < deadline && IsAlive)
        {
            Thread.Sleep(10);
            count = CountDescriptors();
        }

        return count;
    }

    /// <summary>Waits until the descriptor count stays the same for 300 ms (at most 5 s) and returns it.</summary>
    public int SettleDescriptors()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        int count = CountDescriptors();
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline && DateTime.UtcNow - stableSince < TimeSpan.FromMilliseconds(300))
        {
            Thread.Sleep(25);
            int next = CountDescriptors();
            if (next != count)
            {
                count = next;
                stableSince = DateTime.UtcNow;
            }
        }

        return count;
    }

    /// <summary>The last <paramref name="count"/> log lines, for failure messages.</summary>
    public string LogTail(int count = 10) => string.Join(Environment.NewLine, _log.TakeLast(count));

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Kills the server if it still runs and removes its folder.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A socket file still being removed; the temporary folder is cleaned by the system later.
        }
    }

    private void AddLogLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 10_000 && _log.TryDequeue(out _))
        {
        }
    }

    private void WaitUntilServing()
    {
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The echo server exited with code {_process.ExitCode} at start:{Environment.NewLine}{LogTail()}");
            }

            if (File.Exists(SocketPath))
            {
                try
                {
                    WellFormedClient.Echo(SocketPath, "ready");
                    return;
                }
                catch (Exception exception) when (exception is IOException or IpcException)
                {
                    // Bound but not accepting yet.
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The echo server did not serve on {SocketPath} within {s_startTimeout.TotalSeconds} s:" +
                    $"{Environment.NewLine}{LogTail()}");
            }

            Thread.Sleep(50);
        }
    }
}
