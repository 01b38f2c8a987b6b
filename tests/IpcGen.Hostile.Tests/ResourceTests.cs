using System.Diagnostics;
using IpcGen.Samples.EchoServer;

namespace IpcGen.Hostile.Tests;

/// <summary>Attacks on the server's memory by a client that breaks no protocol rule. Each runs against its own
/// server process, so that what it allocates does not affect the shared server.</summary>
[TestFixture]
public sealed class ResourceTests
{
    private const long MaxGrowthBytes = 512L * 1024 * 1024;
    private const long BytesToSend = 700L * 1024 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(40);

    [Test]
    public void ResponsesNeverRead_ServerMemoryBounded()
    {
        using var server = ServerProcess.Start();
        long before = ResidentBytes(server.ProcessId);
        using var client = RawClient.Connect(server.SocketPath);
        client.Write(Wire.HelloFrame());

        // Each request is a 4000-byte echo, and the client reads none of the responses. The server must stop
        // reading (back pressure) or disconnect the client before its send queue uses the memory up.
        var batch = Wire.Concat(Enumerable.Range(1, 256).Select(i => Wire.Message(Wire.EchoMagic,
            EchoServiceMessages.Echo.Id, (uint)i, Wire.SyncRequest, Wire.Strings(new string('a', 4000)))).ToArray());
        long sent = 0;
        long growth = 0;
        int offset = 0;
        var stopwatch = Stopwatch.StartNew();
        while (sent < BytesToSend && stopwatch.Elapsed < s_timeout && growth <= MaxGrowthBytes)
        {
            int written = client.TryWrite(batch.AsSpan(offset));
            if (written < 0)
            {
                break;
            }

            sent += written;
            offset = (offset + written) % batch.Length;
            if (written == 0)
            {
                Thread.Sleep(5);
                growth = ResidentBytes(server.ProcessId) - before;
            }
        }

        growth = Math.Max(growth, ResidentBytes(server.ProcessId) - before);
        TestContext.Progress.WriteLine(
            $"Responses never read: sent {sent >> 20} MiB of requests in {stopwatch.Elapsed.TotalSeconds:F1} s; " +
            $"the server's resident memory grew by {growth >> 20} MiB");
        Assert.That(growth, Is.LessThanOrEqualTo(MaxGrowthBytes),
            $"the server buffered the responses to a client that reads none: it grew by {growth >> 20} MiB after " +
            $"{sent >> 20} MiB of requests");
        ServerChecks.AssertAlive(server);
    }

    private static long ResidentBytes(int processId)
    {
        foreach (string line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{processId}/status has no VmRSS line.");
    }
}
