using System.Buffers.Binary;
using IpcGen.Unix.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Tests;

public sealed class DescriptorTests
{
    [Test]
    public void ReceivedDescriptor_IsCloseOnExec()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        using var pipe = TestHelpers.PipeReadEnd();

        peer.WriteMessage("fd"u8, [(int)pipe.DangerousGetHandle()]);
        using var message = receiver.Take();
        using var handle = message.Attachments[0].TakeFileDescriptor();

        Assert.That(SocketCalls.IsCloseOnExec(handle), Is.True);
    }

    [Test]
    public void CreatedDescriptors_AreCloseOnExec()
    {
        var before = OpenDescriptors.Numbers();

        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var created = OpenDescriptors.Numbers().Except(before).ToArray();

        // Two sockets and two eventfds (one per transport), plus any the runtime opened meanwhile.
        Assert.That(created, Has.Length.GreaterThanOrEqualTo(4));
        foreach (int number in created)
        {
            using var handle = new SafeFileHandle(number, ownsHandle: false);
            Assert.That(SocketCalls.IsCloseOnExec(handle), Is.True, $"descriptor {number}");
        }
    }

    [Test]
    public void Descriptor_BetweenTransports_KeepsContent()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var receiver = new RecordingReceiver();
        second.Start(receiver);
        first.Start(new RecordingReceiver());

        first.Send("pipe"u8, [TestHelpers.PipeWithContent("hello through a pipe")]);
        using var message = receiver.Take();

        Assert.That(message.Attachments, Has.Length.EqualTo(1));
        Assert.That(TestHelpers.ReadAll(message.Attachments[0]), Is.EqualTo("hello through a pipe"));
    }

    [Test]
    public void MaxDescriptors_InOneMessage_ArriveInOrder()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var receiver = new RecordingReceiver();
        second.Start(receiver);
        first.Start(new RecordingReceiver());

        for (int round = 0; round < 3; round++)
        {
            var attachments = Enumerable.Range(0, IpcLimits.MaxAttachmentsPerMessage)
                .Select(i => TestHelpers.PipeWithContent($"{round}:{i}"))
                .ToArray();
            first.Send([(byte)round], attachments);
            first.Send("small"u8, []);
        }

        for (int round = 0; round < 3; round++)
        {
            using var message = receiver.Take();
            Assert.That(message.Payload, Is.EqualTo(new[] { (byte)round }));
            Assert.That(message.Attachments, Has.Length.EqualTo(IpcLimits.MaxAttachmentsPerMessage));
            var contents = message.Attachments.Select(TestHelpers.ReadAll).ToArray();
            Assert.That(contents, Is.EqualTo(Enumerable.Range(0, contents.Length).Select(i => $"{round}:{i}")));
            using var small = receiver.Take();
            Assert.That(small.Attachments, Is.Empty);
        }
    }

    [Test]
    public void MaxDescriptors_ArriveWithinFrameHeader()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        transport.Start(new RecordingReceiver());
        var attachments = Enumerable.Range(0, IpcLimits.MaxAttachmentsPerMessage)
            .Select(i => TestHelpers.PipeWithContent(i.ToString()))
            .ToArray();

        transport.Send("many"u8, attachments);
        var (header, descriptors) = peer.ReadHeader();

        Assert.That(header.Count, Is.EqualTo(IpcLimits.MaxAttachmentsPerMessage));
        Assert.That(descriptors, Has.Length.EqualTo(IpcLimits.MaxAttachmentsPerMessage));
        foreach (var descriptor in descriptors)
        {
            descriptor.Dispose();
        }
    }

    [Test]
    public void TenThousandMessages_EachKeepsOwnDescriptor()
    {
        const int count = 10_000;
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        int mismatches = 0;
        int received = 0;
        var receiver = new CallbackReceiver((payload, attachments) =>
            {
                int expected = BinaryPrimitives.ReadInt32LittleEndian(payload.Span);
                string content = attachments.Length == 1 ? TestHelpers.ReadAll(attachments[0]) : "missing";
                if (content != expected.ToString())
                {
                    Interlocked.Increment(ref mismatches);
                }

                Interlocked.Increment(ref received);
            });
        second.Start(receiver);
        first.Start(new RecordingReceiver());
        var payload = new byte[4];

        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            first.Send(payload, [TestHelpers.PipeWithContent(i.ToString())]);
            if (i % 1000 == 999)
            {
                // Bounds the descriptors in flight well below the per-user limit of descriptors in sockets.
                Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref received) > i - 500), Is.True);
            }
        }

        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref received) == count), Is.True);
        Assert.That(mismatches, Is.Zero);
        Assert.That(second.IsConnected, Is.True);
    }
}
