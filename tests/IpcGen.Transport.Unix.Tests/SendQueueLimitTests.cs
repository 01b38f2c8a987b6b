namespace IpcGen.Unix.Tests;

/// <summary>The bound on bytes queued for a peer that does not read.</summary>
public sealed class SendQueueLimitTests
{
    private const long Limit = IpcLimits.MaxPayloadBytes + 1024 * 1024;

    [Test]
    public void PeerNeverReads_DisconnectsAtLimit()
    {
        var options = new UnixTransportOptions { MaxQueuedSendBytes = Limit };
        var (transport, remote) = UnixTransport.CreatePaired(options);
        using var _ = transport;
        using var __ = remote;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        var payload = new byte[1024 * 1024];

        // The remote end is never adopted, so nothing reads: the kernel buffer fills, then the queue grows to the
        // limit, and past it for at most a second and at most twice the limit. Three times the limit in messages is
        // more than enough to reach that.
        long sent = 0;
        var exception = Assert.Catch<IpcDisconnectedException>(() =>
        {
            for (int i = 0; i < 3 * Limit / payload.Length; i++)
            {
                transport.Send(payload, []);
                sent += payload.Length;
            }
        });
        var disconnect = receiver.WaitForDisconnect();

        Assert.That(exception!.Reason, Is.EqualTo(DisconnectReason.TransportError));
        Assert.That(exception.Message, Does.Contain("MaxQueuedSendBytes"));
        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.TransportError));
        Assert.That(sent, Is.GreaterThanOrEqualTo(Limit - payload.Length));
        Assert.That(sent, Is.LessThan(2 * Limit + 16 * payload.Length));
        Assert.That(transport.IsConnected, Is.False);
    }

    [Test]
    public void SlowReader_BurstPastLimit_LosesNothing()
    {
        var options = new UnixTransportOptions { MaxQueuedSendBytes = Limit };
        var (sender, remote) = UnixTransport.CreatePaired(options);
        using var _ = sender;
        var senderReceiver = new RecordingReceiver();
        sender.Start(senderReceiver);
        using var reader = UnixTransport.Adopt(remote, options);
        int received = 0;
        var readerReceiver = new CallbackReceiver((payload, attachments) =>
        {
            // A reader that keeps up, only more slowly than the sender writes.
            Thread.Sleep(1);
            Interlocked.Increment(ref received);
        });
        reader.Start(readerReceiver);
        var payload = new byte[1024 * 1024];
        int count = (int)(1.5 * Limit / payload.Length);

        for (int i = 0; i < count; i++)
        {
            sender.Send(payload, []);
        }

        Assert.That(TestHelpers.WaitUntil(() => Volatile.Read(ref received) == count), Is.True);
        Assert.That(sender.IsConnected, Is.True);
    }

    [Test]
    public void LimitBelowOneMessage_IsRejected()
    {
        Assert.That(
            () => new UnixTransportOptions { MaxQueuedSendBytes = IpcLimits.MaxPayloadBytes },
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
