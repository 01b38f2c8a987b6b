using System.Text;
using IpcGen.Unix.Tests.Interop;

namespace IpcGen.Unix.Tests;

public sealed class LifetimeTests
{
    [Test]
    public void Dispose_InsideOnMessage_StopsDelivery()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var __ = peer;
        var receiver = new RecordingReceiver { Hook = (payload, attachments) => transport.Dispose() };
        transport.Start(receiver);

        peer.Write([.. RawPeer.Frame("1"u8), .. RawPeer.Frame("2"u8), .. RawPeer.Frame("3"u8)]);
        var disconnect = receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.LocalClosed));
        Assert.That(receiver.PendingCount, Is.EqualTo(1));
        Assert.That(receiver.MessagesAfterDisconnect, Is.Zero);
        Assert.That(peer.WaitForEndOfStream(), Is.True);
    }

    [Test]
    public void Dispose_Twice_ReportsOnce()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = second;
        var receiver = new RecordingReceiver();
        first.Start(receiver);

        first.Dispose();
        first.Dispose();
        var disconnect = receiver.WaitForDisconnect();
        Thread.Sleep(50);

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.LocalClosed));
        Assert.That(receiver.DisconnectCount, Is.EqualTo(1));
    }

    [Test]
    public void Dispose_FromManyThreads_ReportsOnce()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = second;
        var receiver = new RecordingReceiver();
        first.Start(receiver);

        Parallel.For(0, 8, i => first.Dispose());
        receiver.WaitForDisconnect();
        Thread.Sleep(50);

        Assert.That(receiver.DisconnectCount, Is.EqualTo(1));
    }

    [Test]
    public void Dispose_BeforeStart_ClosesSocket()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = peer;

        transport.Dispose();

        Assert.That(peer.WaitForEndOfStream(), Is.True);
        Assert.Throws<ObjectDisposedException>(() => transport.Start(new RecordingReceiver()));
    }

    [Test]
    public void Dispose_WritesWhatSocketTakes()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = peer;
        transport.Start(new RecordingReceiver());

        transport.Send("last words"u8, []);
        transport.Dispose();
        var (_, payload, _) = peer.ReadFrame();

        Assert.That(payload, Is.EqualTo("last words"u8.ToArray()));
    }

    [Test]
    public void PeerClose_DeliversEarlierMessagesThenPeerClosed()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);

        peer.Write([.. RawPeer.Frame("a"u8), .. RawPeer.Frame("b"u8)]);
        peer.Dispose();
        var disconnect = receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(receiver.PendingCount, Is.EqualTo(2));
        Assert.That(receiver.DisconnectCount, Is.EqualTo(1));
    }

    [Test]
    public void Send_AfterPeerClosed_Throws()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        peer.Dispose();
        receiver.WaitForDisconnect();

        var exception = Assert.Throws<IpcDisconnectedException>(() => transport.Send("x"u8, []));

        Assert.That(exception.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
    }

    [Test]
    public void SocketReplacedByPipe_ReportsTransportError()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        using var pipe = TestHelpers.PipeReadEnd();

        // The socket's number now names a pipe, so sendmsg and recvmsg fail with ENOTSOCK.
        Assert.That(TestLibc.Dup2((int)pipe.DangerousGetHandle(), transport.SocketDescriptorNumber), Is.Not.Negative);
        var exception = Assert.Catch<IpcDisconnectedException>(() => transport.Send("x"u8, []));
        var disconnect = receiver.WaitForDisconnect();

        Assert.That(exception!.Reason, Is.EqualTo(DisconnectReason.TransportError));
        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.TransportError));
        Assert.That(disconnect.Detail, Does.Contain("errno"));
    }

    [Test]
    public void SpuriousWakeup_IsIgnored()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var receiver = new RecordingReceiver();
        second.Start(receiver);
        first.Start(new RecordingReceiver());

        // The hook empties the wakeup after poll reported it readable, so the IO thread's own read gets EAGAIN.
        second.BeforeWakeupDrain = () => second.DrainWakeup();
        second.SignalWakeup();
        bool observed = TestHelpers.WaitUntil(() => second.SpuriousWakeups > 0);
        second.BeforeWakeupDrain = null;

        first.Send("still working"u8, []);

        Assert.That(observed, Is.True);
        Assert.That(receiver.Take().Payload, Is.EqualTo("still working"u8.ToArray()));
        Assert.That(second.IsConnected, Is.True);
    }

    [Test]
    public void ReleaseThenAdopt_DeliversQueuedMessages()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = second;
        var secondReceiver = new RecordingReceiver();
        second.Start(secondReceiver);
        var firstReceiver = new RecordingReceiver();
        first.Start(firstReceiver);
        var payload = new byte[64 * 1024];
        for (int i = 0; i < 100; i++)
        {
            payload[0] = (byte)i;
            first.Send(payload, []);
        }

        using var handle = first.ReleaseForTransfer();
        using var adopted = UnixTransport.Adopt(handle);
        var adoptedReceiver = new RecordingReceiver();
        adopted.Start(adoptedReceiver);
        adopted.Send("from the new owner"u8, []);
        second.Send("to the new owner"u8, []);

        Assert.That(firstReceiver.WaitForDisconnect().Reason, Is.EqualTo(DisconnectReason.Transferred));
        for (int i = 0; i < 100; i++)
        {
            Assert.That(secondReceiver.Take().Payload[0], Is.EqualTo((byte)i));
        }

        Assert.That(Encoding.UTF8.GetString(secondReceiver.Take().Payload), Is.EqualTo("from the new owner"));
        Assert.That(Encoding.UTF8.GetString(adoptedReceiver.Take().Payload), Is.EqualTo("to the new owner"));
        Assert.That(Assert.Throws<IpcDisconnectedException>(() => first.Send("x"u8, [])).Reason,
            Is.EqualTo(DisconnectReason.Transferred));
    }

    [Test]
    public void Release_WithPartialFrame_ThrowsAndKeepsRunning()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        byte[] frame = RawPeer.Frame("split"u8);
        peer.Write(frame.AsSpan(0, 10));
        Thread.Sleep(100);

        var exception = Assert.Throws<InvalidOperationException>(() => transport.ReleaseForTransfer());
        peer.Write(frame.AsSpan(10));

        Assert.That(exception.Message, Does.Contain("partial incoming frame"));
        Assert.That(receiver.Take().Payload, Is.EqualTo("split"u8.ToArray()));
        Assert.That(transport.IsConnected, Is.True);
    }

    [Test]
    public void Release_FromOnMessage_Throws()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        Exception? thrown = null;
        var receiver = new RecordingReceiver
        {
            Hook = (payload, attachments) => thrown = Assert.Catch(() => second.ReleaseForTransfer()),
        };
        second.Start(receiver);

        first.Send("x"u8, []);
        receiver.Take();

        Assert.That(thrown, Is.TypeOf<InvalidOperationException>());
        Assert.That(second.IsConnected, Is.True);
    }
}
