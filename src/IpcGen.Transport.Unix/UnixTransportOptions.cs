using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IpcGen.Unix;

/// <summary>Settings of a <see cref="UnixTransport"/>. Both ends of a connection must use the same
/// <see cref="AcknowledgeDescriptors"/> value.</summary>
public sealed class UnixTransportOptions
{
    /// <summary>Shared instance with the default settings.</summary>
    internal static readonly UnixTransportOptions Default = new();

    private readonly long _maxQueuedSendBytes = DefaultMaxQueuedSendBytes;
    private readonly int _sendBufferBytes = DefaultSendBufferBytes;

    /// <summary>Whether the receiver acknowledges every descriptor it takes off the socket, so that the sender keeps
    /// its copy open until then. macOS needs this (a descriptor closed by the sender while in flight can be lost);
    /// the default is on there and off elsewhere.</summary>
    public bool AcknowledgeDescriptors { get; init; } = OperatingSystem.IsMacOS();

    /// <summary>How long <see cref="UnixTransport.Connect"/> keeps retrying while the listener's backlog is full;
    /// the default is 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Default of <see cref="MaxQueuedSendBytes"/>: 256 MiB, twice the receiver's limit on unprocessed
    /// bytes, so that a burst of large messages to a peer that reads them does not reach it. A server facing
    /// untrusted clients should set a lower value per connection.</summary>
    public const long DefaultMaxQueuedSendBytes = 2L * IpcLimits.MaxUnprocessedBytes;

    /// <summary>
    /// Number of bytes waiting in the send queue past which the peer must keep reading. Past it, the queue grows
    /// only while the peer took bytes within the last second, and never past twice this value. A send that would
    /// go further disconnects the peer (<see cref="DisconnectReason.TransportError"/>) and throws
    /// <see cref="IpcDisconnectedException"/>, so a peer that stops reading cannot make this process buffer without
    /// limit, while a slow reader loses nothing. Must be at least <see cref="IpcLimits.MaxPayloadBytes"/> plus the
    /// frame header, so that one message of the maximum size always fits.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below that minimum.</exception>
    public long MaxQueuedSendBytes
    {
        get => _maxQueuedSendBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, IpcLimits.MaxPayloadBytes + (long)FrameHeader.Size);
            _maxQueuedSendBytes = value;
        }
    }

    /// <summary>Default of <see cref="SendBufferBytes"/>: 2 MiB.</summary>
    public const int DefaultSendBufferBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Size of the socket's kernel send buffer to ask for (SO_SNDBUF), in bytes; 0 keeps the system's default
    /// (about 208 KiB on Linux). A buffer that can take a whole large message lets it go out in one <c>sendmsg</c>
    /// from the sending thread, where a smaller one leaves the rest to be copied into the send queue and written
    /// by the IO thread as the peer reads. The kernel uses memory only for bytes in flight, and caps the size
    /// (Linux at <c>net.core.wmem_max</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int SendBufferBytes
    {
        get => _sendBufferBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _sendBufferBytes = value;
        }
    }

    /// <summary>Logger for disconnects and errors; the default writes nothing.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
