using IpcGen.Samples.EchoServer.Interop;
using Microsoft.Extensions.Logging;

namespace IpcGen.Samples.EchoServer;

/// <summary>The echo endpoint of one client connection. Its handlers run on that connection's dispatch thread.
/// </summary>
internal sealed class EchoService : IEchoService
{
    private readonly EchoServer _server;
    private readonly long _clientId;
    private readonly ILogger _logger;
    private int _notifications;
    private int _checksumConnections;

    public EchoService(EchoServer server, long clientId, ILogger logger)
    {
        _server = server;
        _clientId = clientId;
        _logger = logger;
    }

    public string Echo(string text) => text;

    public byte[] EchoBytes(byte[] data) => data;

    public byte[] EchoAttachment(Attachment file)
    {
        using var descriptor = file.TakeFileDescriptor();
        using var content = new MemoryStream();
        AttachmentContent.Read(descriptor, EchoLimits.MaxEchoBytes, EchoLimits.AttachmentReadTimeout,
            (buffer, count) => content.Write(buffer, 0, count));
        return content.ToArray();
    }

    public void Notify(string text)
    {
        _notifications++;
        ServerLog.Notified(_logger, _clientId, text);
    }

    public int NotificationCount() => _notifications;

    public async Task<string> EchoLaterAsync(string text, int delayMilliseconds, CancellationToken cancellationToken)
    {
        if (delayMilliseconds is < 0 or > EchoLimits.MaxDelayMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(delayMilliseconds), delayMilliseconds,
                $"The delay must be between 0 and {EchoLimits.MaxDelayMilliseconds} milliseconds.");
        }

        await Task.Delay(delayMilliseconds, cancellationToken).ConfigureAwait(false);
        return text;
    }

    public TransportHandle OpenChecksum()
    {
        if (_checksumConnections == EchoLimits.MaxChecksumConnectionsPerClient)
        {
            throw new InvalidOperationException(
                $"This client already opened {EchoLimits.MaxChecksumConnectionsPerClient} checksum connections, " +
                "the limit; reuse one of them.");
        }

        _checksumConnections++;
        return _server.OpenChecksum(_clientId);
    }
}
