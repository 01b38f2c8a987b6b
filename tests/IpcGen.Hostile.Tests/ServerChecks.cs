namespace IpcGen.Hostile.Tests;

/// <summary>The checks every attack ends with: the server is alive, serves a well-formed client, and has no more
/// descriptors open than before the attack.</summary>
internal static class ServerChecks
{
    /// <summary>How long a closed connection's descriptors may take to be closed; covers the handlers' 2-second
    /// bound on reading an attachment.</summary>
    public static readonly TimeSpan DescriptorSettleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Asserts that the server process still runs.</summary>
    public static void AssertAlive(ServerProcess server) =>
        Assert.That(server.IsAlive, Is.True,
            $"the echo server died (exit code {ExitCode(server)}):{Environment.NewLine}{server.LogTail(20)}");

    /// <summary>Asserts that a real connection gets its echo.</summary>
    public static void AssertServes(ServerProcess server)
    {
        string? echoed;
        string? error = null;
        try
        {
            echoed = WellFormedClient.Echo(server.SocketPath, "still serving");
        }
        catch (Exception exception) when (exception is IOException or IpcException or TimeoutException)
        {
            echoed = null;
            error = exception.Message;
        }

        Assert.That(echoed, Is.EqualTo("still serving"),
            $"a well-formed client was not served: {error}{Environment.NewLine}{server.LogTail()}");
    }

    /// <summary>Asserts that the server's descriptor count drops back to the baseline in time. A leak raises the
    /// baseline afterwards, so that only the case that leaked fails.</summary>
    public static void AssertNoDescriptorLeak(ServerProcess server)
    {
        if (!server.IsAlive)
        {
            return;
        }

        int baseline = SharedServer.Baseline;
        int count = server.WaitForDescriptorsAtMost(baseline, DescriptorSettleTimeout);
        if (count > baseline)
        {
            SharedServer.Baseline = count;
        }

        Assert.That(count, Is.LessThanOrEqualTo(baseline),
            $"the server keeps {count - baseline} more descriptors open than before the case, " +
            $"{DescriptorSettleTimeout.TotalSeconds} s after it:{Environment.NewLine}" +
            string.Join(Environment.NewLine, server.DescribeDescriptors().TakeLast(count - baseline + 3)));
    }

    private static string ExitCode(ServerProcess server) => server.IsAlive ? "none" : $"{server.ExitCode}";
}
