using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace IpcGen.Unix.Tests;

/// <summary>Attacks on <see cref="UnixTransport.SendBatched"/>: no held-back message may be lost, duplicated,
/// reordered or left unsent, whichever thread sends it and whatever is sent or done after it.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class BatchingBreakTests
{
    [Test]
    public void ManyThreads_EachStreamInOrder()
    {
        const int threads = 4;
        const int perThread = 5000;
        var (sender, reader) = TestHelpers.CreatePair();
        using var _ = sender;
        using var __ = reader;
        var receiver = new RecordingReceiver();
        sender.Start(new RecordingReceiver());
        reader.Start(receiver);

        var senders = Enumerable.Range(0, threads).Select(thread => Task.Run(() =>
        {
            var payload = new byte[8];
            for (int i = 0; i < perThread; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload, thread);
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), i);

                // Every seventh message goes through Send, which must not overtake the batched ones before it.
                if (i % 7 == 6)
                {
                    sender.Send(payload, []);
                }
                else
                {
                    sender.SendBatched(payload, []);
                }
            }
        })).ToArray();

        var next = new int[threads];
        int wrong = 0;
        for (int i = 0; i < threads * perThread; i++)
        {
            var payload = receiver.Take().Payload;
            int thread = BinaryPrimitives.ReadInt32LittleEndian(payload);
            int number = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4));
            wrong += number == next[thread] ? 0 : 1;
            next[thread] = number + 1;
        }

        Assert.That(Task.WaitAll(senders, TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(wrong, Is.Zero, "messages out of order, lost or duplicated");
        Assert.That(next, Is.All.EqualTo(perThread));
    }

    [Test]
    public void BatchedAroundDescriptor_KeepsOrder()
    {
        var (sender, reader) = TestHelpers.CreatePair();
        using var _ = sender;
        using var __ = reader;
        var receiver = new RecordingReceiver();
        sender.Start(new RecordingReceiver());
        reader.Start(receiver);

        Span<byte> payload = stackalloc byte[4];
        for (int i = 0; i < 101; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            if (i == 50)
            {
                sender.SendBatched(payload, [TestHelpers.PipeWithContent("fifty")]);
            }
            else
            {
                sender.SendBatched(payload, []);
            }
        }

        var numbers = new List<int>();
        string? content = null;
        for (int i = 0; i < 101; i++)
        {
            using var message = receiver.Take();
            numbers.Add(BinaryPrimitives.ReadInt32LittleEndian(message.Payload));
            if (message.Attachments.Length == 1)
            {
                content = TestHelpers.ReadAll(message.Attachments[0]);
            }
        }

        Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, 101)));
        Assert.That(content, Is.EqualTo("fifty"));
    }

    [Test]
    public void BatchedOnIoThread_TailArrives()
    {
        const int count = 3000;
        var (echo, client) = TestHelpers.CreatePair();
        using var _ = echo;
        using var __ = client;
        var receiver = new RecordingReceiver();

        // The echo side replies on its own IO thread, where a held-back message signals no wakeup: only the IO
        // loop's own interest in writability can write the last one.
        echo.Start(new CallbackReceiver((payload, attachments) => echo.SendBatched(payload.Span, [])));
        client.Start(receiver);
        Span<byte> payload = stackalloc byte[4];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            client.Send(payload, []);
        }

        var numbers = Enumerable.Range(0, count)
            .Select(_ => BinaryPrimitives.ReadInt32LittleEndian(receiver.Take().Payload))
            .ToList();

        Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, count)));
    }

    [Test]
    public void BatchedThenRelease_AllArrive()
    {
        var (sender, reader) = TestHelpers.CreatePair();
        using var __ = reader;
        var receiver = new RecordingReceiver();
        sender.Start(new RecordingReceiver());
        reader.Start(receiver);

        Span<byte> payload = stackalloc byte[16];
        for (int i = 0; i < 200; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            sender.SendBatched(payload, []);
        }

        using var handle = sender.ReleaseForTransfer();
        var numbers = Enumerable.Range(0, 200)
            .Select(_ => BinaryPrimitives.ReadInt32LittleEndian(receiver.Take().Payload))
            .ToList();

        Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, 200)));
    }

    [Test]
    public void BatchedAfterDispose_Throws()
    {
        var (sender, reader) = TestHelpers.CreatePair();
        using var __ = reader;
        sender.Start(new RecordingReceiver());
        reader.Start(new RecordingReceiver());
        sender.Dispose();

        Assert.Throws<IpcDisconnectedException>(() => sender.SendBatched("late"u8, []));
    }

    [Test]
    public void SingleBatched_AfterQuietSocket_NotHeldBack()
    {
        var (sender, reader) = TestHelpers.CreatePair();
        using var _ = sender;
        using var __ = reader;
        var received = new BlockingCollection<int>();
        sender.Start(new RecordingReceiver());
        reader.Start(new CallbackReceiver((payload, attachments) => received.Add(payload.Length)));

        // A message sent well after the previous write (5 ms, over the 20 µs window) goes out inline, so nothing is
        // queued when SendBatched returns.
        sender.Send("first"u8, []);
        Thread.Sleep(5);
        sender.SendBatched("second"u8, []);

        Assert.That(sender.QueuedSendBytes, Is.Zero);
        Assert.That(received.TryTake(out int first, TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(received.TryTake(out int second, TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(second, Is.EqualTo("second"u8.Length));
    }
}
