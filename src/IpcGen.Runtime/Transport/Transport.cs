namespace IpcGen;

/// <summary>
/// A connected, message-framed channel to one peer process that carries attachments with its messages.
/// Sending is thread-safe and never blocks on the peer: what the socket cannot take now is queued and written
/// by the IO thread. Receiving happens on the IO thread, which calls an <see cref="ITransportReceiver"/>.
/// </summary>
public abstract class Transport : IDisposable
{
    /// <summary>Maximum payload of one message this transport sends or accepts, in bytes.</summary>
    public virtual int MaxPayloadBytes => IpcLimits.MaxPayloadBytes;

    /// <summary>Maximum number of attachments in one message.</summary>
    public virtual int MaxAttachmentsPerMessage => IpcLimits.MaxAttachmentsPerMessage;

    /// <summary>Whether the transport is still connected (it has not reported a disconnect).</summary>
    public abstract bool IsConnected { get; }

    /// <summary>Starts the IO thread, which passes every incoming message and then the disconnect to
    /// <paramref name="receiver"/>. Call once.</summary>
    public abstract void Start(ITransportReceiver receiver);

    /// <summary>
    /// Sends one message. The payload is copied (or written straight to the socket) before the call returns.
    /// The transport takes ownership of every attachment, on success and on failure alike, and closes each one
    /// once the peer has it.
    /// </summary>
    /// <exception cref="IpcLimitExceededException">The payload or attachment count is over a limit.</exception>
    /// <exception cref="IpcDisconnectedException">The transport is no longer connected.</exception>
    public abstract void Send(ReadOnlySpan<byte> payload, ReadOnlySpan<Attachment> attachments);

    /// <summary>Stops the IO thread without reporting a disconnect of the peer and returns the descriptor as a
    /// handle that can be sent to another process. Messages queued but not yet written are written first.
    /// </summary>
    public abstract TransportHandle ReleaseForTransfer();

    /// <summary>Closes the transport. Queued outgoing messages are written as far as the socket takes them without
    /// waiting, then the socket is closed; the receiver gets <see cref="DisconnectReason.LocalClosed"/> if it has
    /// not had a disconnect yet. Never blocks on the peer.</summary>
    public abstract void Dispose();
}
