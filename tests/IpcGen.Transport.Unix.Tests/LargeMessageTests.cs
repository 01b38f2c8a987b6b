using System.Buffers.Binary;

namespace IpcGen.Unix.Tests;

public sealed class LargeMessageTests
{
    // Payload of message n is Pattern[(n % 251)..][..length] after an 8-byte sequence number, so checking it is one
    // vectorized comparison.
    private static readonly byte[] s_pattern = Enumerable.Range(0, (17 * 1024 * 1024) + 256)
        .Select(i => (byte)i).ToArray();

    [Test]
    public void ManyMiB_ThroughSlowReader_ArriveComplete()
    {
        const int messageCount = 6;
        const int length = 12 * 1024 * 1024;
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        int verified = 0;
        int corrupt = 0;
        var receiver = new CallbackReceiver((payload, attachments) =>
        {
            Thread.Sleep(50);
            if (!IsExpected(payload.Span, length))
            {
                Interlocked.Increment(ref corrupt);
            }

            Interlocked.Increment(ref verified);
        });
        second.Start(receiver);
        first.Start(new RecordingReceiver());

        for (int i = 0; i < messageCount; i++)
        {
            first.Send(Payload(i, length), []);
        }

        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref verified) == messageCount), Is.True);
        Assert.That(corrupt, Is.Zero);
    }

    [Test]
    public void OneGiB_MixedSizes_ArrivesInOrder()
    {
        const long total = 1L << 30;
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        long receivedBytes = 0;
        long nextSequence = 0;
        int failures = 0;
        var receiver = new CallbackReceiver((payload, attachments) =>
        {
            long sequence = BinaryPrimitives.ReadInt64LittleEndian(payload.Span);
            if (sequence != nextSequence || !IsExpected(payload.Span, payload.Length))
            {
                Interlocked.Increment(ref failures);
            }

            nextSequence = sequence + 1;
            if (sequence % 64 == 0)
            {
                // A deliberately slow reader, so the sender's queue and the socket fill up.
                Thread.Sleep(2);
            }

            Interlocked.Add(ref receivedBytes, payload.Length);
        });
        second.Start(receiver);
        first.Start(new RecordingReceiver());
        var random = new Random(11);
        long sentBytes = 0;
        long sequence = 0;

        while (sentBytes < total)
        {
            int length = random.Next(4) switch
            {
                0 => random.Next(8, 64),
                1 => random.Next(64, 64 * 1024),
                2 => random.Next(64 * 1024, 1024 * 1024),
                _ => random.Next(1024 * 1024, (16 * 1024 * 1024) + 1),
            };
            first.Send(Payload(sequence++, length), []);
            sentBytes += length;

            // Keeps the sender at most 64 MiB ahead, so the test's memory stays bounded.
            Assert.That(
                TestHelpers.WaitUntil(() => sentBytes - Volatile.Read(ref receivedBytes) < 64L * 1024 * 1024),
                Is.True);
        }

        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref receivedBytes) == sentBytes), Is.True);
        Assert.That(failures, Is.Zero);
        Assert.That(nextSequence, Is.EqualTo(sequence));
    }

    [Test]
    public void OneByteMessages_ArriveInOrder()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var receiver = new RecordingReceiver();
        second.Start(receiver);
        first.Start(new RecordingReceiver());

        for (int i = 0; i < 1000; i++)
        {
            first.Send([(byte)i], []);
        }

        for (int i = 0; i < 1000; i++)
        {
            Assert.That(receiver.Take().Payload, Is.EqualTo(new[] { (byte)i }));
        }
    }

    private static byte[] Payload(long sequence, int length)
    {
        var payload = new byte[length];
        s_pattern.AsSpan((int)(sequence % 251), length).CopyTo(payload);
        if (length >= 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
        }

        return payload;
    }

    private static bool IsExpected(ReadOnlySpan<byte> payload, int length)
    {
        if (payload.Length != length || length < 8)
        {
            return payload.Length == length;
        }

        long sequence = BinaryPrimitives.ReadInt64LittleEndian(payload);
        return payload[8..].SequenceEqual(s_pattern.AsSpan((int)(sequence % 251) + 8, length - 8));
    }
}
