using System.Globalization;
using IpcGen.Unix.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix;

/// <summary>
/// A <see cref="Transport"/> over a connected <c>AF_UNIX</c> stream socket that passes descriptors with
/// <c>SCM_RIGHTS</c>. Each message travels as one frame: an 8-byte <see cref="FrameHeader"/> and the payload.
/// One IO thread per transport reads, parses and delivers frames and writes what the socket did not take inline.
/// </summary>
public sealed partial class UnixTransport : Transport
{
    /// <summary>Maximum number of descriptors in one <c>sendmsg</c>. A message with more is sent in several calls,
    /// each of which carries at least one byte of the message's frame header.</summary>
    internal const int MaxDescriptorsPerSend = 32;

    /// <summary>Number of descriptors the receive control buffer holds. A peer that sends more in one
    /// <c>sendmsg</c> makes the kernel truncate the control data (MSG_CTRUNC), a protocol violation.</summary>
    internal const int MaxDescriptorsPerReceive = 64;

    private readonly SafeFileHandle _socket;
    private readonly WakeupDescriptor _wakeup;
    private readonly ILogger _logger;
    private readonly bool _acknowledgeDescriptors;
    private readonly long _maxQueuedSendBytes;
    private readonly string _name;
    private readonly Lock _sendLock = new();

    private TransportDisconnect? _disconnect;
    private ITransportReceiver? _receiver;
    private Thread? _ioThread;
    private volatile int _ioThreadId;
    private volatile bool _releaseRequested;
    private bool _releaseInProgress;
    private int _shutDown;

    private UnixTransport(SafeFileHandle socket, UnixTransportOptions? options)
    {
        options ??= UnixTransportOptions.Default;
        _socket = socket;
        _logger = options.Logger;
        _acknowledgeDescriptors = options.AcknowledgeDescriptors;
        _maxQueuedSendBytes = options.MaxQueuedSendBytes;
        _name = $"Unix transport (fd {socket.DangerousGetHandle()})";
        if (options.SendBufferBytes > 0)
        {
            // Best effort: a smaller buffer only means more of a large message waits in the send queue.
            SocketCalls.TrySetSendBufferSize(socket, options.SendBufferBytes);
        }

        _wakeup = new WakeupDescriptor();
        if (!EpollSet.IsSupported)
        {
            return;
        }

        try
        {
            _epoll = new EpollSet();
            _epoll.Add(_socket, EpollSet.In, SocketToken, oneShot: true);
            _epoll.Add(_wakeup.PollHandle, EpollSet.In, WakeupToken, oneShot: false);
            _inlineWakeup = new WakeupDescriptor();
        }
        catch
        {
            _epoll?.Dispose();
            _wakeup.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override bool IsConnected => Volatile.Read(ref _disconnect) is null;

    /// <summary>Disconnect reported (or about to be reported) to the receiver, or null while connected.</summary>
    public TransportDisconnect? Disconnect => Volatile.Read(ref _disconnect);

    /// <summary>Bytes queued for sending that the socket has not taken yet.</summary>
    public long QueuedSendBytes
    {
        get
        {
            lock (_sendLock)
            {
                return _sendEnd - _sendStart;
            }
        }
    }

    /// <summary>Creates a connected socket pair with one configuration: a transport for this process and a
    /// handle for the remote end (only the descriptor) to pass to another process and adopt there.</summary>
    public static (UnixTransport Local, TransportHandle Remote) CreatePaired(UnixTransportOptions? options = null)
    {
        var (local, remote) = SocketCalls.CreatePair();
        try
        {
            var transport = new UnixTransport(local, options);
            return (transport, new TransportHandle(Attachment.FromFileDescriptor(remote)));
        }
        catch
        {
            local.Dispose();
            remote.Dispose();
            throw;
        }
    }

    /// <summary>Takes ownership of the descriptor in <paramref name="handle"/> (no duplicate) and wraps it in a
    /// transport. The handle is empty afterwards.</summary>
    /// <exception cref="ArgumentException">The descriptor is not a stream socket.</exception>
    public static UnixTransport Adopt(TransportHandle handle, UnixTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using var attachment = handle.TakeAttachment();
        return FromSocket(attachment.TakeFileDescriptor(), options);
    }

    /// <summary>Test hook run by <see cref="ReleaseForTransfer"/> after its checks and before it writes the send
    /// queue.</summary>
    internal Action? BeforeReleaseWritesQueue { get; set; }

    /// <summary>Connects to a <see cref="UnixListener"/> listening on <paramref name="path"/>.</summary>
    /// <exception cref="IOException">Connecting failed; the message names the path and the error.</exception>
    public static UnixTransport Connect(string path, UnixTransportOptions? options = null)
    {
        SocketCalls.ValidatePath(path);
        var timeout = (options ?? UnixTransportOptions.Default).ConnectTimeout;
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var socket = SocketCalls.CreateSocket(nonBlocking: true);
        try
        {
            // A blocking connect waits without limit while the listener's backlog is full. A non-blocking one
            // fails with EAGAIN instead and has to be repeated, because a Unix socket has no pending connect to
            // poll for.
            while (SocketCalls.Connect(socket, path, out int errno) != 0)
            {
                if (errno != Native.ErrorAgain)
                {
                    throw SocketCalls.NewIOException($"Connecting to the Unix socket '{path}' failed", errno);
                }

                if (Environment.TickCount64 >= deadline)
                {
                    throw new IOException(
                        $"Connecting to the Unix socket '{path}' timed out after {timeout.TotalMilliseconds} ms " +
                        "because the listener's backlog stayed full; the listener does not accept connections, or " +
                        "raise UnixTransportOptions.ConnectTimeout.");
                }

                Thread.Sleep(10);
            }

            return new UnixTransport(socket, options);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Adopts the socket a parent passed with <see cref="UnixChildProcess.Start"/>: reads its number from
    /// the <c>IPCGEN_TRANSPORT_FD</c> environment variable, checks that it is a stream socket, sets close-on-exec
    /// again and removes the variable, so a grandchild neither inherits the socket nor sees the number.</summary>
    /// <exception cref="InvalidOperationException">The variable is missing, not a descriptor number, or names a
    /// descriptor that is not an open stream socket.</exception>
    public static UnixTransport FromInheritedDescriptor(UnixTransportOptions? options = null)
    {
        const string variable = UnixChildProcess.DescriptorVariable;
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException(
                $"The environment variable {variable} is not set, so this process has no inherited transport; " +
                "start it with UnixChildProcess.Start.");
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int descriptor))
        {
            throw new InvalidOperationException(
                $"The environment variable {variable} is '{value}', but it must be a descriptor number.");
        }

        var socket = new SafeFileHandle(descriptor, ownsHandle: true);
        if (SocketCalls.GetSocketType(socket, out int errno) != Native.SocketStream)
        {
            // Not ours to close: the number names no socket of ours (or a descriptor with another purpose).
            socket.SetHandleAsInvalid();
            string reason = errno != 0
                ? SocketCalls.NewIOException("getsockopt(SO_TYPE) failed", errno).Message
                : "it is not a stream socket.";
            throw new InvalidOperationException(
                $"The environment variable {variable} names descriptor {descriptor}, which is not an inherited " +
                $"transport socket: {reason}");
        }

        Environment.SetEnvironmentVariable(variable, null);
        return FromSocket(socket, options);
    }

    /// <summary>Wraps an open stream socket, taking ownership of it: sets close-on-exec and non-blocking.</summary>
    internal static UnixTransport FromSocket(SafeFileHandle socket, UnixTransportOptions? options)
    {
        try
        {
            int type = SocketCalls.GetSocketType(socket, out int errno);
            if (type < 0)
            {
                throw new ArgumentException(
                    $"Descriptor {socket.DangerousGetHandle()} is not a socket: " +
                    SocketCalls.NewIOException("getsockopt(SO_TYPE) failed", errno).Message, nameof(socket));
            }

            if (type != Native.SocketStream)
            {
                throw new ArgumentException(
                    $"Descriptor {socket.DangerousGetHandle()} is a socket of type {type}, not a stream socket " +
                    $"(type {Native.SocketStream}).", nameof(socket));
            }

            SocketCalls.SetCloseOnExec(socket, true);
            SocketCalls.SetNonBlocking(socket);
            return new UnixTransport(socket, options);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override void Start(ITransportReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        lock (_sendLock)
        {
            ObjectDisposedException.ThrowIf(_shutDown != 0 || _disconnect is not null, this);
            if (_receiver is not null)
            {
                throw new InvalidOperationException($"{_name} was already started; call Start once.");
            }

            if (_releaseInProgress)
            {
                // An IO thread started now would read from a socket that is about to belong to another owner.
                throw new InvalidOperationException(
                    $"{_name} is being released for transfer; start the transport that adopts the handle instead.");
            }

            _receiver = receiver;
            StartIoThread();
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        lock (_sendLock)
        {
            if (_disconnect is null && !_sendClosed)
            {
                TryFlushLocked(out _);
            }
        }

        RecordDisconnect(DisconnectReason.LocalClosed, "the transport was disposed");
        bool shutDownHere;
        lock (_sendLock)
        {
            // Without a running IO thread (never started) nothing else shuts down; during a release the releasing
            // thread does it.
            shutDownHere = _receiver is null && !_releaseInProgress;
            if (!shutDownHere && !_releaseInProgress && _shutDown == 0)
            {
                // The peer reads end of stream now, even while the IO thread is still inside OnMessage and closes
                // the socket only after it returns.
                Libc.Shutdown(_socket, Native.ShutdownReadWrite);
                _wakeup.Signal();
            }
            else if (_releaseInProgress && _shutDown == 0)
            {
                // Ends a release that waits for the peer to read the send queue.
                _wakeup.Signal();
            }
        }

        if (shutDownHere)
        {
            Shutdown();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">A partial incoming frame or unclaimed descriptors are buffered,
    /// sent descriptors await acknowledgement, or the call came from the IO thread.</exception>
    public override TransportHandle ReleaseForTransfer()
    {
        if (Environment.CurrentManagedThreadId == _ioThreadId || HoldsReadLease)
        {
            throw new InvalidOperationException(
                $"{_name}: ReleaseForTransfer cannot run on the transport's IO thread or on a thread that holds " +
                "its read lease (inside OnMessage, or between TryBeginInlineReceive and EndInlineReceive), because " +
                "it waits for the reading thread to stop; call it from another thread.");
        }

        lock (_sendLock)
        {
            ThrowIfDisconnected();
            if (_releaseInProgress)
            {
                throw new InvalidOperationException($"{_name} is already being released.");
            }

            _releaseInProgress = true;
        }

        StopIoThread();
        CloseReadLease();
        if (Volatile.Read(ref _disconnect) is { } disconnect)
        {
            Shutdown();
            throw new IpcDisconnectedException(disconnect.Reason, disconnect.Detail);
        }

        if (CloseSendingForRelease() is { } problem)
        {
            RestartAfterRejectedRelease();
            throw new InvalidOperationException($"{_name} cannot be released for transfer: {problem}");
        }

        BeforeReleaseWritesQueue?.Invoke();
        WriteQueueBeforeRelease();
        if (!RecordDisconnect(DisconnectReason.Transferred, "the transport was released for transfer"))
        {
            // Dispose ran or a write failed while the queue was written out.
            Shutdown();
            var ended = Volatile.Read(ref _disconnect)!;
            throw new IpcDisconnectedException(ended.Reason, ended.Detail);
        }

        var socket = new SafeFileHandle(_socket.DangerousGetHandle(), ownsHandle: true);
        _socket.SetHandleAsInvalid();
        Shutdown();
        return new TransportHandle(Attachment.FromFileDescriptor(socket));
    }

    /// <inheritdoc/>
    public override string ToString() => _name;

    private void ThrowIfDisconnected()
    {
        var disconnect = Volatile.Read(ref _disconnect);
        if (disconnect is not null)
        {
            throw new IpcDisconnectedException(disconnect.Reason, disconnect.Detail);
        }

        if (_sendClosed)
        {
            throw new IpcDisconnectedException(
                _releaseInProgress ? DisconnectReason.Transferred : DisconnectReason.PeerClosed,
                _releaseInProgress ? "the transport is being released for transfer" : "the peer closed its end");
        }
    }

    /// <summary>Returns why the transport cannot be released now, or null after closing sending. Checking and closing
    /// under one lock keeps a concurrent Send from adding a descriptor that would await acknowledgement.</summary>
    private string? CloseSendingForRelease()
    {
        int buffered = _receiveEnd - _receiveStart;
        if (buffered > 0)
        {
            return $"{buffered} bytes of a partial incoming frame are buffered; release it between messages.";
        }

        if (_receivedDescriptors.Count > 0)
        {
            return $"{_receivedDescriptors.Count} received descriptors belong to no whole message yet.";
        }

        lock (_sendLock)
        {
            int awaiting = _unacknowledged.Count + _sendDescriptors.Count;
            if (_acknowledgeDescriptors && awaiting > 0)
            {
                return $"{awaiting} sent descriptors await the peer's acknowledgement, which the new owner " +
                    "could not match; release it after the peer has acknowledged them.";
            }

            _sendClosed = true;
        }

        return null;
    }

    private void RestartAfterRejectedRelease()
    {
        bool disconnected;
        lock (_sendLock)
        {
            _releaseRequested = false;
            _releaseInProgress = false;
            disconnected = _disconnect is not null;
        }

        if (!disconnected)
        {
            ReopenReadLease();
            lock (_sendLock)
            {
                if (_receiver is not null)
                {
                    StartIoThread();
                }
            }
        }

        if (disconnected)
        {
            Shutdown();
        }
    }
}
