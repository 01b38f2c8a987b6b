using Microsoft.Extensions.Logging;

namespace IpcGen.Unix.Tests;

public sealed class LoggingTests
{
    [Test]
    public void ProtocolViolation_LogsOneWarning()
    {
        var logger = new ListLogger();
        var (transport, peer) = RawPeer.CreatePair(new UnixTransportOptions { Logger = logger });
        using var _ = transport;
        using var __ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);

        peer.Write([.. RawPeer.Header(IpcLimits.MaxPayloadBytes + 1, 0), .. RawPeer.Header(0, 0, type: 9)]);
        receiver.WaitForDisconnect();
        transport.Dispose();

        var entries = logger.Entries.ToArray();
        Assert.That(entries, Has.Length.EqualTo(1));
        Assert.That(entries[0].Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entries[0].Message, Does.Contain("67108865").And.Contain("67108864"));
    }

    [Test]
    public void PeerClosed_LogsOneDebugLine()
    {
        var logger = new ListLogger();
        var (transport, peer) = RawPeer.CreatePair(new UnixTransportOptions { Logger = logger });
        using var _ = transport;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);

        peer.Dispose();
        receiver.WaitForDisconnect();

        var entries = logger.Entries.ToArray();
        Assert.That(entries, Has.Length.EqualTo(1));
        Assert.That(entries[0].Level, Is.EqualTo(LogLevel.Debug));
        Assert.That(entries[0].Message, Does.Contain("end of stream"));
    }
}
