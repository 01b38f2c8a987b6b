namespace IpcGen.Hostile.Tests;

/// <summary>
/// The one echo server that the hostile cases and the fuzz run attack, started on first use, warmed up (every
/// method called once, so the runtime's lazily opened descriptors are open) and restarted if a case killed it.
/// </summary>
internal static class SharedServer
{
    private static ServerProcess? s_server;

    /// <summary>Descriptor count of the idle server after the warm-up.</summary>
    internal static int Baseline { get; set; }

    /// <summary>How many times the server had died and was started again.</summary>
    internal static int Restarts { get; private set; }

    /// <summary>The running server, started (again) when needed.</summary>
    internal static ServerProcess EnsureRunning()
    {
        if (s_server is { IsAlive: false } dead)
        {
            TestContext.Progress.WriteLine(
                $"The echo server died (exit code {dead.ExitCode}); restarting it. Log:{Environment.NewLine}" +
                dead.LogTail(20));
            dead.Dispose();
            s_server = null;
            Restarts++;
        }

        if (s_server is null)
        {
            s_server = ServerProcess.Start();
            WellFormedClient.CallEverything(s_server.SocketPath);
            WellFormedClient.CallEverything(s_server.SocketPath);
            Baseline = s_server.SettleDescriptors();
        }

        return s_server;
    }

    /// <summary>Stops the server; the next <see cref="EnsureRunning"/> starts a new one.</summary>
    internal static void Stop()
    {
        s_server?.Dispose();
        s_server = null;
    }
}
