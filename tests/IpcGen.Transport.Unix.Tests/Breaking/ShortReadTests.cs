using IpcGen.Unix.Interop;

namespace IpcGen.Unix.Tests.Breaking;

/// <summary>The IO thread may end a read round at a short read, except when that would miss a disconnect.</summary>
public sealed class ShortReadTests
{
    [Test]
    public void PeerStopsReadingAfterShortRead_Disconnects()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        using var inHook = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int calls = 0;
        var receiver = new RecordingReceiver
        {
            Hook = (_, _) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    inHook.Set();
                    release.Wait(TimeSpan.FromSeconds(10));
                }
            },
        };
        transport.Start(receiver);
        peer.WriteMessage([1]);
        Assert.That(inHook.Wait(TimeSpan.FromSeconds(10)), Is.True);

        // While the IO thread is held in the first message, the peer stops reading and sends one more message,
        // so this side's send fails and the next read round ends with a short read.
        Assert.That(Libc.Shutdown(peer.Socket, 0), Is.Zero);
        peer.WriteMessage([2]);
        try
        {
            transport.Send([3], []);
        }
        catch (IpcDisconnectedException)
        {
            // Either outcome is fine here: the send fails now, or its failure is found by the IO thread.
        }

        release.Set();

        receiver.Take();
        receiver.Take();
        var disconnect = receiver.WaitForDisconnect();
        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
    }
}
