using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;
using MessagePack;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class SyncRequestFloodTests
{
    private const int FloodCount = 800;

    private static readonly uint s_workerMagic = TestWorkerDescriptor.Instance.Magic;
    private static readonly uint s_nested = RawPeer.IdOf(TestWorkerDescriptor.Instance, "Nested");
    private static readonly uint s_delay = RawPeer.IdOf(TestWorkerDescriptor.Instance, "Delay");

    [Test]
    public void SyncWait_PeerFloodsSyncRequests_TimesOut()
    {
        using var peer = new RawPeer(new ConnectionOptions { SyncCallTimeout = TimeSpan.FromMilliseconds(200) });
        peer.SendHello();

        // Nested makes the worker's dispatch thread call the host synchronously; the raw host never responds.
        peer.Send(new ConnectionHeader(s_workerMagic, s_nested, 1, MessageFlags.SyncRequest), WriteOne);
        var callback = Take(peer, header => header.Flags == MessageFlags.SyncRequest);
        Assert.That(callback.Magic, Is.EqualTo(TestHostDescriptor.Instance.Magic));

        // Each 1 ms Delay request is dispatched by the waiting dispatch thread; the flood outlasts the timeout.
        for (uint id = 2; id < 2 + FloodCount; id++)
        {
            peer.Send(new ConnectionHeader(s_workerMagic, s_delay, id, MessageFlags.SyncRequest), WriteOne);
        }

        int answeredBefore = 0;
        while (true)
        {
            var header = Take(peer, _ => true);
            if (header.RequestId == 1)
            {
                Assert.That(header.Flags, Is.EqualTo(MessageFlags.Response | MessageFlags.ErrorResponse));
                break;
            }

            answeredBefore++;
        }

        // The timed-out Nested call fails while most of the flood is still queued.
        Assert.That(answeredBefore, Is.LessThan(FloodCount));
    }

    private static ConnectionHeader Take(RawPeer peer, Func<ConnectionHeader, bool> match)
    {
        while (true)
        {
            Assert.That(peer.Received.TryTake(out var header, Wait.Long), Is.True, "The worker sent nothing.");
            if (header.Flags != MessageFlags.Hello && match(header))
            {
                return header;
            }
        }
    }

    private static void WriteOne(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(1);
        writer.Write(1);
    }
}
