using System.IO.Pipes;
using IpcGen.Runtime.TestPeer;
using MessagePack;

namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
[CancelAfter(30_000)]
public sealed class AttachmentTests
{
    [Test]
    public void Attachment_SyncCall_Delivered()
    {
        using var pair = new ConnectionPair(unixTransport: true);
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[123]);
            using var file = File.OpenRead(path);

            long length = pair.Host.Peer.FileLength(Attachment.DuplicateOf(file));

            Assert.That(length, Is.EqualTo(123));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void RejectedMessage_ClosesAttachments()
    {
        var logger = new ListLogger();
        using var peer = new RawPeer(new ConnectionOptions { Logger = logger });
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var readEnd = Attachment.DuplicateOf(pipe.ClientSafePipeHandle);
        pipe.DisposeLocalCopyOfClientHandle();
        uint record = RawPeer.IdOf(TestWorkerDescriptor.Instance, "Record");
        peer.SendHello();

        // Record takes no attachment, so the worker rejects the message and must close the read end it received.
        peer.Send(new ConnectionHeader(TestWorkerDescriptor.Instance.Magic, record, 0, MessageFlags.None),
            (ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(1);
                w.Write(0);
            },
            attachments: [readEnd]);
        var ended = peer.WaitForDisconnect();

        Assert.That(ended.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Wait.Until(() => IsReadEndClosed(pipe), Wait.Long, "every read end of the pipe to be closed");
    }

    private static bool IsReadEndClosed(AnonymousPipeServerStream pipe)
    {
        try
        {
            pipe.WriteByte(0);
            pipe.Flush();
            return false;
        }
        catch (IOException)
        {
            // EPIPE: no process has a read end open any more.
            return true;
        }
    }
}
