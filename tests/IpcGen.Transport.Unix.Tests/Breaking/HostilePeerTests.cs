using IpcGen.Unix.Interop;

namespace IpcGen.Unix.Tests.Breaking;

/// <summary>Attacks by a peer that writes raw bytes, and by a receiver that breaks its contract.</summary>
public sealed class HostilePeerTests
{
    [Test]
    public void DeclaredPayload_DoesNotReserveBuffer()
    {
        const int declared = 8 * 1024 * 1024;
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        var frame = RawPeer.Frame(new byte[declared]);
        frame[^1] = 7;

        // Eight header bytes and a few payload bytes must not make the receiver allocate the declared 8 MiB.
        peer.Write([.. RawPeer.Frame("first"u8), .. frame.AsSpan(0, 100)]);
        receiver.Take();
        Thread.Sleep(100);
        int capacityAfterHeader = transport.ReceiveBufferCapacity;
        peer.Write(frame.AsSpan(100));
        var message = receiver.Take();

        Assert.That(capacityAfterHeader, Is.LessThan(1024 * 1024));
        Assert.That(message.Payload, Has.Length.EqualTo(declared));
        Assert.That(message.Payload[^1], Is.EqualTo(7));
    }

    [Test]
    public void PeerStopsReading_ReportsDisconnect()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);

        // The peer shuts down only its reading side and keeps the socket open, so no end of stream arrives.
        Assert.That(Libc.Shutdown(peer.Socket, 0), Is.Zero);
        var exception = Assert.Catch<IpcDisconnectedException>(() => transport.Send("x"u8, []));
        var disconnect = receiver.WaitForDisconnect();

        Assert.That(exception!.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(transport.IsConnected, Is.False);
    }

    [Test]
    public void ReceiverNullsAttachment_OthersStillClosed()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        using var pipe = TestHelpers.PipeReadEnd();
        Attachment[]? seen = null;
        var receiver = new CallbackReceiver((payload, attachments) =>
        {
            seen = [.. attachments];
            attachments[0].Dispose();
            attachments[0] = null!;
            throw new IpcProtocolException("the payload is not a valid message");
        });
        transport.Start(receiver);
        int descriptor = (int)pipe.DangerousGetHandle();

        peer.WriteMessage("bad"u8, [descriptor, descriptor]);
        var disconnect = receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("not a valid message"));
        Assert.That(seen![1].IsOwned, Is.False);
    }
}
