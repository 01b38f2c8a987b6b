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

    /// <summary>
    /// Takes the read lease for the calling thread: from now until <see cref="EndInlineReceive"/>, incoming
    /// messages are read only inside this thread's <see cref="ReceiveInline"/> calls, and the IO thread does not
    /// wake for them. Returns false, and changes nothing, when another thread (or this one) holds the lease, when
    /// the transport is not started or not connected, or when it cannot read on other threads. A sync caller takes
    /// the lease before it sends its request, so that the response cannot wake the IO thread first.
    /// </summary>
    protected internal virtual bool TryBeginInlineReceive() => false;

    /// <summary>Gives the read lease back to the IO thread, which then reads whatever has arrived. Does nothing
    /// when the calling thread does not hold the lease.</summary>
    protected internal virtual void EndInlineReceive()
    {
    }

    /// <summary>
    /// Reads and delivers incoming messages on the calling thread, which holds the read lease, until
    /// <paramref name="waiter"/> is satisfied, the deadline passes or the transport disconnects. Spins for
    /// <paramref name="spinTicks"/> <see cref="System.Diagnostics.Stopwatch"/> ticks before it blocks. Messages are
    /// delivered to the receiver exactly as from the IO thread: one at a time, in order. Returns
    /// <see cref="InlineReceiveResult.Unavailable"/> at once when the calling thread does not hold the lease, and
    /// gives the lease back when it returns <see cref="InlineReceiveResult.Disconnected"/>.
    /// </summary>
    /// <param name="waiter">Condition checked after each delivery.</param>
    /// <param name="deadlineTimestamp">A <see cref="System.Diagnostics.Stopwatch"/> timestamp, or
    /// <see cref="long.MaxValue"/> for none.</param>
    /// <param name="spinTicks">How long to poll without blocking first.</param>
    protected internal virtual InlineReceiveResult ReceiveInline(
        IInlineReceiveWaiter waiter, long deadlineTimestamp, long spinTicks) => InlineReceiveResult.Unavailable;

    /// <summary>Wakes a thread blocked inside <see cref="ReceiveInline"/> so that it checks its waiter again.
    /// Cheap when no thread is blocked there.</summary>
    protected internal virtual void InterruptInlineReceive()
    {
    }

    /// <summary>
    /// Sends one message like <see cref="Send"/>, but lets the transport hold it back for a short while so that it
    /// goes out together with the messages sent after it, in one system call. It is written at the latest when
    /// the IO thread next runs, or with the next message sent through <see cref="Send"/>; the order of all
    /// messages is kept. The connection sends one-way messages this way. The default sends at once.
    /// </summary>
    protected internal virtual void SendBatched(ReadOnlySpan<byte> payload, ReadOnlySpan<Attachment> attachments) =>
        Send(payload, attachments);

    /// <summary>Stops the IO thread without reporting a disconnect of the peer and returns the descriptor as a
    /// handle that can be sent to another process. Messages queued but not yet written are written first.
    /// </summary>
    public abstract TransportHandle ReleaseForTransfer();

    /// <summary>Closes the transport. Queued outgoing messages are written as far as the socket takes them without
    /// waiting, then the socket is closed; the receiver gets <see cref="DisconnectReason.LocalClosed"/> if it has
    /// not had a disconnect yet. Never blocks on the peer.</summary>
    public abstract void Dispose();
}
