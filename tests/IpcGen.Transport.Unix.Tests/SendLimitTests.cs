namespace IpcGen.Unix.Tests;

public sealed class SendLimitTests
{
    [Test]
    public void Payload_OverLimit_ThrowsAndDisposesAttachments()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var attachment = TestHelpers.PipeWithContent("x");
        var payload = new byte[IpcLimits.MaxPayloadBytes + 1];

        var exception = Assert.Throws<IpcLimitExceededException>(() => first.Send(payload, [attachment]));

        Assert.That(exception.Message, Does.Contain("67108865").And.Contain("67108864"));
        Assert.That(attachment.IsOwned, Is.False);
        Assert.That(first.IsConnected, Is.True);
    }

    [Test]
    public void Attachments_OverLimit_ThrowsAndDisposesAll()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var attachments = Enumerable.Range(0, IpcLimits.MaxAttachmentsPerMessage + 1)
            .Select(i => TestHelpers.PipeWithContent("x"))
            .ToArray();

        var exception = Assert.Throws<IpcLimitExceededException>(() => first.Send("x"u8, attachments));

        Assert.That(exception.Message, Does.Contain("129").And.Contain("128"));
        Assert.That(attachments.Select(attachment => attachment.IsOwned), Is.All.False);
    }

    [Test]
    public void Payload_AtLimit_Arrives()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var receiver = new RecordingReceiver();
        second.Start(receiver);
        first.Start(new RecordingReceiver());
        var payload = new byte[IpcLimits.MaxPayloadBytes];
        payload[^1] = 42;

        first.Send(payload, []);
        var message = receiver.Take();

        Assert.That(message.Payload, Has.Length.EqualTo(IpcLimits.MaxPayloadBytes));
        Assert.That(message.Payload[^1], Is.EqualTo(42));
    }

    [Test]
    public void Send_AfterDispose_ThrowsAndDisposesAttachments()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var __ = second;
        first.Dispose();
        var attachment = TestHelpers.PipeWithContent("x");

        var exception = Assert.Throws<IpcDisconnectedException>(() => first.Send("x"u8, [attachment]));

        Assert.That(exception.Reason, Is.EqualTo(DisconnectReason.LocalClosed));
        Assert.That(attachment.IsOwned, Is.False);
    }

    [Test]
    public void Send_DisposedAttachment_ThrowsAndDisposesOthers()
    {
        var (first, second) = TestHelpers.CreatePair();
        using var _ = first;
        using var __ = second;
        var disposed = TestHelpers.PipeWithContent("x");
        disposed.Dispose();
        var other = TestHelpers.PipeWithContent("y");

        Assert.Throws<ArgumentException>(() => first.Send("x"u8, [other, disposed]));

        Assert.That(other.IsOwned, Is.False);
        Assert.That(first.IsConnected, Is.True);
    }
}
