using System.Reflection;
using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class RequestIdTests
{
    private static readonly FieldInfo s_lastRequestId = typeof(Connection<ITestHost, ITestWorker>)
        .GetField("_lastRequestId", BindingFlags.NonPublic | BindingFlags.Instance)!;

    [Test]
    public void Send_AcrossIdWrap_ReturnsOwnResponses()
    {
        using var pair = new ConnectionPair();
        s_lastRequestId.SetValue(pair.Host, uint.MaxValue - 2);

        for (int i = 0; i < 5; i++)
        {
            Assert.That(pair.Host.Peer.Add(i, 1), Is.EqualTo(i + 1));
        }

        Assert.That((uint)s_lastRequestId.GetValue(pair.Host)!, Is.EqualTo(3u), "Id 0 was not skipped.");
    }

    [Test]
    public void LateResponse_AfterIdWrap_Dropped()
    {
        using var pair = new ConnectionPair();
        s_lastRequestId.SetValue(pair.Host, uint.MaxValue - 1);
        using (IpcCall.WithTimeout(TimeSpan.FromMilliseconds(50)))
        {
            Assert.Throws<TimeoutException>(() => pair.Host.Peer.Delay(400));
        }

        // The counter comes round to the abandoned id while its response is still on the way.
        s_lastRequestId.SetValue(pair.Host, uint.MaxValue - 1);
        int result = pair.Host.Peer.Delay(10);

        Assert.That(result, Is.EqualTo(10));
        Assert.That(pair.Host.IsConnected, Is.True);
    }
}
