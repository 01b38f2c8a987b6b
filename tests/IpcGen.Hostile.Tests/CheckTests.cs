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
            int count = server.WaitForDescriptorsAtMost(SharedServer.Baseline, TimeSpan.FromMilliseconds(500));
            Assert.That(count, Is.GreaterThanOrEqualTo(SharedServer.Baseline + 4));
        }

        ServerChecks.AssertNoDescriptorLeak(server);
    }
}
