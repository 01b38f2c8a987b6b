using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class TimeoutOverflowTests
{
    [Test]
    public void Send_MaxValueTimeout_WaitsForResponse()
    {
        using var pair = new ConnectionPair();

        int result;
        using (IpcCall.WithTimeout(TimeSpan.MaxValue))
        {
            result = pair.Host.Peer.Delay(50);
        }

        Assert.That(result, Is.EqualTo(50));
    }

    [Test]
    public void Send_MaxValueOptionsTimeout_WaitsForResponse()
    {
        using var pair = new ConnectionPair(hostOptions: new ConnectionOptions { SyncCallTimeout = TimeSpan.MaxValue });

        Assert.That(pair.Host.Peer.Delay(50), Is.EqualTo(50));
    }
}
