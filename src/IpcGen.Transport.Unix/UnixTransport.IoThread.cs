using IpcGen.Unix.Interop;

namespace IpcGen.Unix;

// The IO thread: polls the socket and the wakeup descriptor, reads and delivers, writes the queue when the socket
// is writable, and at the end shuts the transport down and reports the disconnect once.
public sealed partial class UnixTransport
{
    private int _spuriousWakeups;

    /// <summary>Number of wakeups whose drain read found nothing (EAGAIN); they are ignored.</summary>
    internal int SpuriousWakeups => Volatile.Read(ref _spuriousWakeups);

    /// <summary>Callback run on the IO thread between poll reporting the wakeup readable and the drain read; tests
    /// drain the wakeup in it to produce a spurious wakeup.</summary>
    internal Action? BeforeWakeupDrain { get; set; }

    /// <summary>Descriptor number of the socket, for tests.</summary>
    internal int SocketDescriptorNumber => (int)_socket.DangerousGetHandle();

    /// <summary>Length of the receive buffer, for tests; read from another thread it may be stale.</summary>
    internal int ReceiveBufferCapacity => Volatile.Read(ref _receiveBuffer).Length;

    /// <summary>Whether a ReleaseForTransfer call is running or has succeeded, for tests.</summary>
    internal bool IsReleaseInProgress
    {
        get
        {
            lock (_sendLock)
            {
                return _releaseInProgress;
            }
        }
    }

    /// <summary>Signals the wakeup descriptor, for tests.</summary>
    internal void SignalWakeup() => _wakeup.Signal();

    /// <summary>Drains the wakeup descriptor from the calling thread, for tests.</summary>
    internal bool DrainWakeup() => _wakeup.Drain();

    private void StartIoThread()
    {
        var thread = new Thread(RunIoThread)
        {
            IsBackground = true,
            Name = $"IpcGen IO {_name}",
        };
        _ioThread = thread;
        _ioThreadId = thread.ManagedThreadId;
        thread.Start();
    }

    /// <summary>Stops the IO thread for a release and waits for it; it finishes the read cycle it is in.</summary>
    private void StopIoThread()
    {
        var thread = _ioThread;
        if (thread is null)
        {
            return;
        }

        _releaseRequested = true;
        lock (_sendLock)
        {
            if (_shutDown == 0)
            {
                _wakeup.Signal();
            }
        }

        thread.Join();
        _ioThread = null;
        _ioThreadId = 0;
    }

    private void RunIoThread()
    {
        try
        {
            RunIoLoop();
        }
        catch (Exception exception)
        {
            RecordDisconnect(
                DisconnectReason.TransportError,
                $"the IO thread failed with {exception.GetType().Name}: {exception.Message}");
        }

        // A release stops the thread without a disconnect; the releasing thread finishes the work.
        if (Volatile.Read(ref _disconnect) is not null)
        {
            Shutdown();
        }
    }

    private void RunIoLoop()
    {
        if (_epoll is not null)
        {
            RunEpollLoop();
            return;
        }

        Span<PollDescriptor> polls = stackalloc PollDescriptor[2];
        int socket = (int)_socket.DangerousGetHandle();
        int wakeup = _wakeup.PollDescriptor;
        while (IsConnected && !_releaseRequested)
        {
            short events = Native.PollIn;
            lock (_sendLock)
            {
                if (!IsSendQueueEmptyLocked)
                {
                    events |= Native.PollOut;
                }
            }

            polls[0] = new PollDescriptor { Descriptor = socket, Events = events };
            polls[1] = new PollDescriptor { Descriptor = wakeup, Events = Native.PollIn };
            SocketCalls.Poll(polls, -1);
            if ((polls[1].ReturnedEvents & Native.PollIn) != 0)
            {
                ConsumeWakeup();
            }

            HandleSocketEvents(polls[0].ReturnedEvents);
        }
    }

    /// <summary>Consumes the IO thread's wakeup signals, counting a wakeup that found none.</summary>
    private void ConsumeWakeup()
    {
        BeforeWakeupDrain?.Invoke();
        if (!_wakeup.Drain())
        {
            Interlocked.Increment(ref _spuriousWakeups);
        }
    }

    private void HandleSocketEvents(short events)
    {
        if ((events & Native.PollInvalid) != 0)
        {
            RecordDisconnect(DisconnectReason.TransportError, "poll reported POLLNVAL: the socket is not open");
            return;
        }

        if ((events & (Native.PollIn | Native.PollHangUp | Native.PollError)) != 0 || _peerStoppedReading)
        {
            // Reading first delivers what the peer sent before it closed and turns a pending socket error into
            // an errno that names the cause.
            // A short read usually means the socket is empty, so the round may end without the read that returns
            // EAGAIN. Not after a failed send, though: that read is what turns the peer's stopped reading into a
            // disconnect, and no new data will arrive to wake poll for it.
            bool stopAtShortRead = (events & (Native.PollHangUp | Native.PollError)) == 0 && !_peerStoppedReading;
            ReceiveAvailable(stopAtShortRead);
            if (!IsConnected)
            {
                return;
            }

            if ((events & Native.PollError) != 0)
            {
                RecordDisconnect(
                    DisconnectReason.TransportError,
                    "poll reported POLLERR on the socket, but reading it reported no error");
                return;
            }
        }

        FlushIfWritable((uint)events);
    }

    /// <summary>Records the first disconnect and logs it in one line. Returns false when one was recorded
    /// already.</summary>
    private bool RecordDisconnect(DisconnectReason reason, string detail, Exception? exception = null)
    {
        var disconnect = new TransportDisconnect(reason, detail);
        if (Interlocked.CompareExchange(ref _disconnect, disconnect, null) is not null)
        {
            return false;
        }

        try
        {
            LogDisconnect(reason, detail, exception);
        }
        catch (Exception)
        {
            // A failing logger must not end the IO thread, and with it the process. A sender must still get
            // IpcDisconnectedException, so the logger's exception is dropped.
        }

        return true;
    }

    private void LogDisconnect(DisconnectReason reason, string detail, Exception? exception)
    {
        switch (reason)
        {
            case DisconnectReason.ProtocolViolation when exception is not null:
                Log.MessageRejected(_logger, _name, detail, exception);
                break;
            case DisconnectReason.ProtocolViolation:
                Log.ProtocolViolation(_logger, _name, detail);
                break;
            case DisconnectReason.TransportError:
                Log.TransportError(_logger, _name, detail);
                break;
            case DisconnectReason.PeerClosed:
                Log.PeerClosed(_logger, _name, detail);
                break;
            case DisconnectReason.LocalClosed:
                Log.LocalClosed(_logger, _name, detail);
                break;
            default:
                Log.Transferred(_logger, _name, detail);
                break;
        }
    }

    /// <summary>Closes every descriptor the transport owns and reports the disconnect to the receiver, once. Runs
    /// on the IO thread, or on another thread when no IO thread runs.</summary>
    private void Shutdown()
    {
        if (Interlocked.Exchange(ref _shutDown, 1) != 0)
        {
            return;
        }

        // An inline reader signals the wakeup as it leaves, so it must be gone before the wakeup is closed.
        CloseReadLease();
        DisposeInlineState();
        lock (_sendLock)
        {
            _sendClosed = true;
            DropSendQueueLocked();
            _wakeup.Dispose();
            _socket.Dispose();
        }

        DisposeReceiveState();
        var receiver = _receiver;
        if (receiver is null)
        {
            return;
        }

        try
        {
            receiver.OnDisconnected(Volatile.Read(ref _disconnect)!);
        }
        catch (Exception exception)
        {
            try
            {
                Log.DisconnectHandlerFailed(_logger, _name, exception);
            }
            catch (Exception)
            {
                // As in RecordDisconnect: a failing logger must not end the process.
            }
        }
    }
}
