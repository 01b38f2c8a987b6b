using IpcGen.Unix;

namespace IpcGen.Samples.EchoServer;

/// <summary>Limits of the echo and checksum endpoints, shared by the attributes and the handlers.</summary>
public static class EchoLimits
{
    /// <summary>Maximum length of an echoed string, in UTF-16 code units.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>Maximum length of a notification text, in UTF-16 code units.</summary>
    public const int MaxNotificationLength = 256;

    /// <summary>Maximum length of an echoed byte array and of an echoed attachment's content, in bytes.</summary>
    public const int MaxEchoBytes = 64 * 1024;

    /// <summary>Maximum payload of one echo endpoint message, in bytes.</summary>
    public const int MaxEchoPayloadBytes = 256 * 1024;

    /// <summary>Maximum delay of <see cref="IEchoService.EchoLaterAsync"/>, in milliseconds.</summary>
    public const int MaxDelayMilliseconds = 10_000;

    /// <summary>Maximum length of a byte array to hash, in bytes.</summary>
    public const int MaxChecksumBytes = 1024 * 1024;

    /// <summary>Maximum payload of one checksum endpoint message, in bytes.</summary>
    public const int MaxChecksumPayloadBytes = 2 * 1024 * 1024;

    /// <summary>Maximum content of an attached file to hash, in bytes.</summary>
    public const long MaxChecksumFileBytes = 64L * 1024 * 1024;

    /// <summary>How long a handler waits for an attached descriptor's content before it gives up.</summary>
    public static readonly TimeSpan AttachmentReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Maximum number of checksum connections one client may open.</summary>
    public const int MaxChecksumConnectionsPerClient = 4;

    /// <summary>Maximum number of connections (clients and checksum connections) the server serves at once.</summary>
    public const int MaxConnections = 256;

    /// <summary>Transport settings for client connections. Clients are untrusted, so the bytes queued for one that
    /// does not read its responses are bounded well below the default: one maximum-size message and a little more.
    /// </summary>
    public static readonly UnixTransportOptions ClientTransportOptions = new()
    {
        MaxQueuedSendBytes = IpcLimits.MaxPayloadBytes + 16L * 1024 * 1024,
    };
}
