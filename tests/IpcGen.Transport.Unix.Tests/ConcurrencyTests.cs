using System.Buffers.Binary;

namespace IpcGen.Unix.Tests;

public sealed class ConcurrencyTests
{
    [Test]
    public void EightThreads_KeepPerThreadOrder()
    {
        const int threads = 8;
        const int perThread = 20_000;
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var next = new int[threads];
        int outOfOrder = 0;
        int received = 0;
        var receiver = new CallbackReceiver((payload, attachments) =>
        {
            int thread = BinaryPrimitives.ReadInt32LittleEndian(payload.Span);
            int sequence = BinaryPrimitives.ReadInt32LittleEndian(payload.Span[4..]);
            if (sequence != next[thread])
            {
                Interlocked.Increment(ref outOfOrder);
            }

            next[thread] = sequence + 1;
            Interlocked.Increment(ref received);
        });
        second.Start(receiver);
        first.Start(new RecordingReceiver());

        var senders = Enumerable.Range(0, threads).Select(thread => new Thread(() =>
        {
            var payload = new byte[8 + (thread * 100)];
            BinaryPrimitives.WriteInt32LittleEndian(payload, thread);
            for (int i = 0; i < perThread; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), i);
                first.Send(payload, []);
            }
        })).ToList();
        senders.ForEach(sender => sender.Start());

        Assert.That(senders.All(sender => sender.Join(TimeSpan.FromSeconds(30))), Is.True);
        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref received) == threads * perThread), Is.True);
        Assert.That(outOfOrder, Is.Zero);
        Assert.That(next, Is.All.EqualTo(perThread));
    }

    [Test]
    public void SendFromOnMessage_EchoesBack()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        second.Start(new CallbackReceiver((payload, attachments) => second.Send(payload.Span, attachments)));
        var receiver = new RecordingReceiver();
        first.Start(receiver);

        first.Send("ping"u8, [TestHelpers.PipeWithContent("echo")]);
        using var reply = receiver.Take();

        Assert.That(reply.Payload, Is.EqualTo("ping"u8.ToArray()));
        Assert.That(TestHelpers.ReadAll(reply.Attachments[0]), Is.EqualTo("echo"));
    }

    [Test]
    public void BothSides_SendingLargeMessages_DoNotDeadlock()
    {
        const int count = 150;
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        int firstReceived = 0;
        int secondReceived = 0;
        first.Start(new CallbackReceiver((payload, attachments) => Interlocked.Increment(ref firstReceived)));
        second.Start(new CallbackReceiver((payload, attachments) => Interlocked.Increment(ref secondReceived)));
        var payload = new byte[1024 * 1024];

        var senders = new[] { first, second }.Select(transport => new Thread(() =>
        {
            for (int i = 0; i < count; i++)
            {
                transport.Send(payload, []);
            }
        })).ToList();
        senders.ForEach(sender => sender.Start());

        Assert.That(senders.All(sender => sender.Join(TimeSpan.FromSeconds(30))), Is.True);
        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref firstReceived) == count), Is.True);
        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref secondReceived) == count), Is.True);
    }
}
