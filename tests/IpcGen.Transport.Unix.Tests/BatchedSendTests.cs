using System.Buffers.Binary;

namespace IpcGen.Unix.Tests;

/// <summary>Tests of <see cref="UnixTransport.SendBatched"/>: messages held back to share one sendmsg still all
/// arrive, in order with the messages sent through <see cref="UnixTransport.Send"/>.</summary>
[TestFixture]
public sealed class BatchedSendTests
{
    [Test]
    public void Burst_MixedWithSend_ArrivesInOrder()
    {
        const int count = 20_000;
        var (sender, reader) = TestHelpers.CreatePair();
        using var _ = sender;
        using var __ = reader;
        var receiver = new RecordingReceiver();
        sender.Start(new RecordingReceiver());
        reader.Start(receiver);

        Span<byte> payload = stackalloc byte[64];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            if (i % 10 == 9)
            {
                sender.Send(payload, []);
            }
            else
            {
                sender.SendBatched(payload, []);
            }
        }

        var numbers = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            numbers.Add(BinaryPrimitives.ReadInt32LittleEndian(receiver.Take().Payload));
        }

        Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, count)));
    }

    [Test]
    public void BurstTail_WithoutLaterSend_Arrives()
    {
        var (sender, reader) = TestHelpers.CreatePair();
        using var _ = sender;
        using var __ = reader;
        var receiver = new RecordingReceiver();
        sender.Start(new RecordingReceiver());
        reader.Start(receiver);

        // Sent back to back, so all but the first are held back. Nothing is sent after them, so only the IO thread
        // can write the tail.
        Span<byte> payload = stackalloc byte[16];
        for (int i = 0; i < 100; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            sender.SendBatched(payload, []);
        }

        var last = 0;
        for (int i = 0; i < 100; i++)
        {
            last = BinaryPrimitives.ReadInt32LittleEndian(receiver.Take().Payload);
        }

        Assert.That(last, Is.EqualTo(99));
        Assert.That(sender.QueuedSendBytes, Is.Zero);
    }

    [Test]
    public void Dispose_WritesHeldBackMessages()
    {
        var (sender, reader) = TestHelpers.CreatePair();
        using var __ = reader;
        var receiver = new RecordingReceiver();
        reader.Start(receiver);

        // Not started, so no IO thread writes the queue: only Dispose can.
        Span<byte> payload = stackalloc byte[16];
        for (int i = 0; i < 50; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            sender.SendBatched(payload, []);
        }

        sender.Dispose();
        var numbers = Enumerable.Range(0, 50)
            .Select(_ => BinaryPrimitives.ReadInt32LittleEndian(receiver.Take().Payload))
            .ToList();

        Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, 50)));
    }
}
