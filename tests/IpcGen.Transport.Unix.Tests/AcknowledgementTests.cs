namespace IpcGen.Unix.Tests;

public sealed class AcknowledgementTests
{
    [Test]
    public void SentDescriptor_StaysOpenUntilAcknowledged()
    {
        var (transport, peer) = RawPeer.CreatePair(TestHelpers.Acknowledging);
        using var _ = transport;
        using var __ = peer;
        transport.Start(new RecordingReceiver());
        var attachment = TestHelpers.PipeWithContent("kept");
        int descriptor = attachment.DangerousGetFileDescriptor();
        string? target = OpenDescriptors.Target(descriptor);

        transport.Send("fd"u8, [attachment]);
        var (_, _, received) = peer.ReadFrame();
        foreach (var handle in received)
        {
            handle.Dispose();
        }

        Thread.Sleep(50);
        Assert.That(OpenDescriptors.Target(descriptor), Is.EqualTo(target));
        peer.Write(RawPeer.Header(0, 1, type: 1));
        Assert.That(TestHelpers.WaitUntil(() => OpenDescriptors.Target(descriptor) != target), Is.True);
        Assert.That(transport.IsConnected, Is.True);
    }

    [Test]
    public void SentDescriptor_WithoutProtocol_ClosesAfterSend()
    {
        var (transport, peer) = RawPeer.CreatePair(new UnixTransportOptions { AcknowledgeDescriptors = false });
        using var _ = transport;
        using var __ = peer;
        transport.Start(new RecordingReceiver());
        var attachment = TestHelpers.PipeWithContent("closed");
        int descriptor = attachment.DangerousGetFileDescriptor();
        string? target = OpenDescriptors.Target(descriptor);

        transport.Send("fd"u8, [attachment]);

        Assert.That(OpenDescriptors.Target(descriptor), Is.Not.EqualTo(target));
        var (_, _, received) = peer.ReadFrame();
        Assert.That(received, Has.Length.EqualTo(1));
        received[0].Dispose();
    }

    [Test]
    public void Receiver_AcknowledgesDescriptorCount()
    {
        var (transport, peer) = RawPeer.CreatePair(TestHelpers.Acknowledging);
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        using var first = TestHelpers.PipeWithContent("a");
        using var second = TestHelpers.PipeWithContent("b");

        peer.WriteMessage("two"u8, [first.DangerousGetFileDescriptor(), second.DangerousGetFileDescriptor()]);
        var (header, payload, descriptors) = peer.ReadFrame();

        Assert.That(header.Type, Is.EqualTo((byte)FrameType.DescriptorAcknowledgement));
        Assert.That(header.Count, Is.EqualTo(2));
        Assert.That(payload, Is.Empty);
        Assert.That(descriptors, Is.Empty);
        receiver.Take().Dispose();
    }

    [Test]
    public void BothSides_ManyDescriptors_LeaveNoDescriptorOpen()
    {
        OpenDescriptors.AssertNoLeak(() =>
        {
            var (first, second) = TestHelpers.CreatePair(TestHelpers.Acknowledging);
            var receiver = new RecordingReceiver();
            second.Start(receiver);
            var firstReceiver = new RecordingReceiver();
            first.Start(firstReceiver);
            for (int i = 0; i < 300; i++)
            {
                first.Send([(byte)i], [TestHelpers.PipeWithContent(i.ToString())]);
            }

            for (int i = 0; i < 300; i++)
            {
                using var message = receiver.Take();
                Assert.That(TestHelpers.ReadAll(message.Attachments[0]), Is.EqualTo(i.ToString()));
            }

            Assert.That(first.IsConnected, Is.True);
            Assert.That(second.IsConnected, Is.True);
            first.Dispose();
            second.Dispose();
            firstReceiver.WaitForDisconnect();
            receiver.WaitForDisconnect();
        });
    }
}
