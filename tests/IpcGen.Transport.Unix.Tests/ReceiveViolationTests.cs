using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Tests;

/// <summary>A peer that breaks the framing protocol or a receive limit is disconnected with ProtocolViolation and
/// a detail that names the value and the limit.</summary>
public sealed class ReceiveViolationTests
{
    private UnixTransport _transport = null!;
    private RawPeer _peer = null!;
    private RecordingReceiver _receiver = null!;
    private SafePipeHandle _pipe = null!;

    private int PipeDescriptor => (int)_pipe.DangerousGetHandle();

    [SetUp]
    public void SetUp()
    {
        (_transport, _peer) = RawPeer.CreatePair(TestHelpers.Acknowledging);
        _receiver = new RecordingReceiver();
        _transport.Start(_receiver);
        _pipe = TestHelpers.PipeReadEnd();
    }

    [TearDown]
    public void TearDown()
    {
        _transport.Dispose();
        _peer.Dispose();
        _pipe.Dispose();
        _receiver.DisposePending();
    }

    [Test]
    public void Payload_OverLimit_Disconnects()
    {
        _peer.Write(RawPeer.Header(IpcLimits.MaxPayloadBytes + 1, 0));

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("67108865").And.Contain("67108864"));
    }

    [Test]
    public void DescriptorCount_OverLimit_Disconnects()
    {
        _peer.Write(RawPeer.Header(4, IpcLimits.MaxAttachmentsPerMessage + 1));

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("129").And.Contain("128"));
    }

    [Test]
    public void DescriptorFlood_PastUnprocessedLimit_Disconnects()
    {
        // A header that promises a long payload, then single payload bytes that each carry 32 descriptors.
        _peer.Write(RawPeer.Header(100_000, 0));
        int[] descriptors = Enumerable.Repeat(PipeDescriptor, 32).ToArray();
        for (int i = 0; i < 17 && _transport.IsConnected; i++)
        {
            _peer.Write([0], descriptors);
        }

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("544").And.Contain("512"));
    }

    [Test]
    public void ControlTruncated_Disconnects()
    {
        int[] descriptors = Enumerable.Repeat(PipeDescriptor, UnixTransport.MaxDescriptorsPerReceive + 36).ToArray();

        _peer.Write(RawPeer.Frame("x"u8, descriptors.Length), descriptors);
        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("MSG_CTRUNC").And.Contain("64"));
    }

    [Test]
    public void MoreDescriptorsDeclaredThanSent_Disconnects()
    {
        _peer.Write(RawPeer.Frame("four"u8, descriptorCount: 2), [PipeDescriptor]);

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("declares 2 descriptors, but only 1"));
    }

    [Test]
    public void UnknownFrameType_Disconnects()
    {
        _peer.Write(RawPeer.Header(0, 0, type: 7));

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("unknown frame type 7"));
    }

    [Test]
    public void ReservedByteNonzero_Disconnects()
    {
        _peer.Write(RawPeer.Header(0, 0, reserved: 5));

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("reserved byte").And.Contain("is 5"));
    }

    [Test]
    public void Acknowledgement_TooMany_Disconnects()
    {
        _peer.Write(RawPeer.Header(0, 3, type: 1));

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("acknowledged 3 descriptors, but only 0"));
    }

    [Test]
    public void Acknowledgement_WithPayload_Disconnects()
    {
        _peer.Write([.. RawPeer.Header(5, 0, type: 1), 1, 2, 3, 4, 5]);

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("payload of 5 bytes"));
    }

    [Test]
    public void AbruptCloseMidFrame_ReportsPeerClosed()
    {
        _peer.Write([.. RawPeer.Header(100, 1), 1, 2, 3], [PipeDescriptor]);
        _peer.Dispose();

        var disconnect = _receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(disconnect.Detail, Does.Contain("middle of a frame: 11 of 108 bytes"));
    }

    [Test]
    public void ReceiverThrows_DisconnectsAndDisposesAttachments()
    {
        Attachment[]? seen = null;
        using var pipe = TestHelpers.PipeReadEnd();
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        var receiver = new CallbackReceiver((payload, attachments) =>
        {
            seen = attachments;
            throw new IpcProtocolException("the payload is not a valid message");
        });
        transport.Start(receiver);

        peer.WriteMessage("bad"u8, [(int)pipe.DangerousGetHandle()]);
        var disconnect = receiver.WaitForDisconnect();

        Assert.That(disconnect.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(disconnect.Detail, Does.Contain("not a valid message"));
        Assert.That(seen!.Select(attachment => attachment.IsOwned), Is.All.False);
    }

    [Test]
    public void Violation_ReportsDisconnectOnce()
    {
        _peer.Write([.. RawPeer.Frame("ok"u8), .. RawPeer.Header(0, 0, type: 9), .. RawPeer.Frame("late"u8)]);

        _receiver.WaitForDisconnect();
        Thread.Sleep(50);

        Assert.That(_receiver.DisconnectCount, Is.EqualTo(1));
        Assert.That(_receiver.PendingCount, Is.EqualTo(1));
        Assert.That(_transport.IsConnected, Is.False);
    }
}
