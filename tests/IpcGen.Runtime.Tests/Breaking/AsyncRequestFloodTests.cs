using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;
using MessagePack;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class AsyncRequestFloodTests
{
    private static readonly uint s_workerMagic = TestWorkerDescriptor.Instance.Magic;
    private static readonly uint s_delayAsync = RawPeer.IdOf(TestWorkerDescriptor.Instance, "DelayAsync");

    [Test]
    public void AsyncRequests_OverLimit_DisconnectsPeer()
    {
        var logger = new ListLogger();
        using var peer = new RawPeer(new ConnectionOptions { MaxConcurrentIncomingAsyncRequests = 8, Logger = logger });
        peer.SendHello();

        // Each request starts a handler that waits 10 s, so none of them finishes during the test.
        for (uint id = 1; id <= 9; id++)
        {
            peer.Send(new ConnectionHeader(s_workerMagic, s_delayAsync, id, MessageFlags.AsyncRequest),
                (ref MessagePackWriter w) =>
                {
                    w.WriteArrayHeader(1);
                    w.Write(10_000);
                });
        }

        var ended = peer.WaitForDisconnect();

        Assert.That(ended.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(ended.Exception.Message, Does.Contain("MaxConcurrentIncomingAsyncRequests"));
    }
}
