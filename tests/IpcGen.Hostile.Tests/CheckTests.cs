namespace IpcGen.Hostile.Tests;

/// <summary>Proves that the checks every hostile case ends with can fail: a connection the server keeps open is
/// seen as open, and its descriptors are counted above the baseline.</summary>
[TestFixture]
public sealed class CheckTests
{
    [Test]
    public void EndOfStreamCheck_ValidClient_StaysOpen()
    {
        var server = SharedServer.EnsureRunning();
        using var client = RawClient.Connect(server.SocketPath);
        client.Write(Wire.HelloFrame());

        Assert.That(client.WaitForEndOfStream(TimeSpan.FromMilliseconds(300)), Is.False);
    }

    [Test]
    public void DescriptorCheck_OpenConnection_CountsAboveBaseline()
    {
        var server = SharedServer.EnsureRunning();
        ServerChecks.AssertNoDescriptorLeak(server);
        using (var client = RawClient.Connect(server.SocketPath))
        {
            client.Write(Wire.HelloFrame());
            client.Write(Wire.Header(64, 3)[..1], Cases.TestDescriptors.DevNull(3));

            // The server keeps open the connection's socket, its wakeup descriptor and the three received descriptors.
            // It needs a moment to accept and read, so the count is polled until it rises, for at most 5 seconds.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            int count = server.CountDescriptors();
            while (count < SharedServer.Baseline + 4 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
                count = server.CountDescriptors();
            }

            Assert.That(count, Is.GreaterThanOrEqualTo(SharedServer.Baseline + 4));
        }

        ServerChecks.AssertNoDescriptorLeak(server);
    }
}
