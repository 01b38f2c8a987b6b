namespace IpcGen.Unix.Tests.Breaking;

/// <summary>Under the acknowledgement protocol a release must not hand over a socket with sent descriptors that
/// await the peer's acknowledgement: the new owner would take that acknowledgement for a protocol violation.
/// </summary>
public sealed class ReleaseAcknowledgementTests
{
    [Test]
    public void SendWithDescriptor_AfterReleaseCheck_IsRejected()
    {
        var (transport, peer) = RawPeer.CreatePair(TestHelpers.Acknowledging);
        using var _ = peer;
        transport.Start(new RecordingReceiver());
        var attachment = TestHelpers.PipeWithContent("late");
        Exception? thrown = null;

        // Runs where a concurrent Send can land: after the release checked for unacknowledged descriptors.
        transport.BeforeReleaseWritesQueue = () =>
            thrown = Assert.Catch(() => transport.Send("late"u8, [attachment]));
        using var handle = transport.ReleaseForTransfer();

        Assert.That(thrown, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(((IpcDisconnectedException)thrown!).Reason, Is.EqualTo(DisconnectReason.Transferred));
        Assert.That(attachment.IsOwned, Is.False);
    }
}
