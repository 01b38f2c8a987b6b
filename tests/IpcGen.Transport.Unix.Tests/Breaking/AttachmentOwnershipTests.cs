using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Tests.Breaking;

/// <summary>The transport keeps a queued attachment's descriptor alive even when a careless caller closes the
/// handle object it wrapped, so the peer never receives whatever file reuses that descriptor number.</summary>
public sealed class AttachmentOwnershipTests
{
    [Test]
    public void QueuedAttachment_HandleClosed_SendsOriginalFile()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        transport.Start(new RecordingReceiver());
        var pipe = TestHelpers.PipeReadEnd();
        var handle = new SafeFileHandle(pipe.DangerousGetHandle(), ownsHandle: true);
        pipe.SetHandleAsInvalid();
        string? original = OpenDescriptors.Target((int)handle.DangerousGetHandle());

        // The peer does not read yet, so the large message fills the socket and the next one waits in the queue.
        transport.Send(new byte[4 * 1024 * 1024], []);
        transport.Send("fd"u8, [Attachment.FromFileDescriptor(handle)]);
        Assert.That(transport.QueuedSendBytes, Is.GreaterThan(0));
        handle.Dispose();
        using var reuser = File.OpenHandle("/dev/null");

        var (_, large, _) = peer.ReadFrame();
        var (_, _, descriptors) = peer.ReadFrame();
        string? received = descriptors.Length == 1
            ? OpenDescriptors.Target((int)descriptors[0].DangerousGetHandle())
            : null;
        foreach (var descriptor in descriptors)
        {
            descriptor.Dispose();
        }

        Assert.That(large, Has.Length.EqualTo(4 * 1024 * 1024));
        Assert.That(descriptors, Has.Length.EqualTo(1));
        Assert.That(received, Is.EqualTo(original));
        Assert.That(transport.IsConnected, Is.True);
    }
}
