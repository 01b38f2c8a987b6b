namespace IpcGen.Unix.Tests;

/// <summary>Every path closes every descriptor it created or received, counted through /proc/self/fd.</summary>
public sealed class LeakTests
{
    [Test]
    public void SuccessPath_LeavesNoDescriptorOpen()
    {
        OpenDescriptors.AssertNoLeak(() =>
        {
            var (first, second) = TestHelpers.CreatePair();
            var receiver = new RecordingReceiver();
            second.Start(receiver);
            var firstReceiver = new RecordingReceiver();
            first.Start(firstReceiver);
            for (int i = 0; i < 200; i++)
            {
                first.Send([(byte)i], [TestHelpers.PipeWithContent("x"), TestHelpers.PipeWithContent("y")]);
            }

            for (int i = 0; i < 200; i++)
            {
                receiver.Take().Dispose();
            }

            first.Dispose();
            Assert.That(receiver.WaitForDisconnect().Reason, Is.EqualTo(DisconnectReason.PeerClosed));
            firstReceiver.WaitForDisconnect();
            second.Dispose();
        });
    }

    [Test]
    public void ViolationPath_LeavesNoDescriptorOpen()
    {
        OpenDescriptors.AssertNoLeak(() =>
        {
            using var pipe = TestHelpers.PipeReadEnd();
            int descriptor = (int)pipe.DangerousGetHandle();
            var (transport, peer) = RawPeer.CreatePair();
            var receiver = new RecordingReceiver();
            transport.Start(receiver);
            peer.Write(RawPeer.Frame("ok"u8, 1), [descriptor]);
            peer.Write([.. RawPeer.Header(2, 3), 1, 2], [descriptor, descriptor, descriptor]);
            peer.Write(RawPeer.Header(0, 0, type: 200), [descriptor]);

            Assert.That(receiver.WaitForDisconnect().Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
            receiver.DisposePending();
            transport.Dispose();
            peer.Dispose();
        });
    }

    [Test]
    public void UndeliveredMessages_LeaveNoDescriptorOpen()
    {
        OpenDescriptors.AssertNoLeak(() =>
        {
            using var pipe = TestHelpers.PipeReadEnd();
            int descriptor = (int)pipe.DangerousGetHandle();
            var (transport, peer) = RawPeer.CreatePair();
            var receiver = new RecordingReceiver { Hook = (payload, attachments) => transport.Dispose() };

            // All five are written before the transport starts: once the first arrives, the hook's Dispose shuts
            // the socket down and a later write would fail with EPIPE.
            for (int i = 0; i < 5; i++)
            {
                peer.Write(RawPeer.Frame("m"u8, 2), [descriptor, descriptor]);
            }

            transport.Start(receiver);

            receiver.WaitForDisconnect();
            receiver.DisposePending();
            peer.Dispose();
        });
    }

    [Test]
    public void QueuedSends_ClosedOnDispose()
    {
        OpenDescriptors.AssertNoLeak(() =>
        {
            // The peer never reads, so most messages and their descriptors stay in the send queue.
            var (transport, peer) = RawPeer.CreatePair();
            var receiver = new RecordingReceiver();
            transport.Start(receiver);
            var payload = new byte[256 * 1024];
            for (int i = 0; i < 20; i++)
            {
                transport.Send(payload, [TestHelpers.PipeWithContent("queued")]);
            }

            Assert.That(transport.QueuedSendBytes, Is.GreaterThan(0));
            transport.Dispose();
            receiver.WaitForDisconnect();
            peer.Dispose();
        });
    }
}
