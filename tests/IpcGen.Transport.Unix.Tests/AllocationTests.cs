namespace IpcGen.Unix.Tests;

public sealed class AllocationTests
{
    [Test]
    public void Send_SteadyState_AllocatesNothing()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        int received = 0;
        second.Start(new CallbackReceiver((payload, attachments) => Interlocked.Increment(ref received)));
        first.Start(new RecordingReceiver());
        var payload = new byte[16];
        for (int i = 0; i < 20_000; i++)
        {
            // Warms up the send queue too: small frames fill the socket's buffer long before its byte count.
            first.Send(payload, []);
        }

        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref received) == 20_000), Is.True);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            first.Send(payload, []);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref received) == 21_000), Is.True);
    }
}
