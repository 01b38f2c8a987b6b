using System.Diagnostics;
using IpcGen.Unix.Interop;

namespace IpcGen.Unix;

// Reading on the calling thread (Linux). One thread at a time holds the read lease and with it the receive state:
// the IO thread for each round it reads, or a thread inside ReceiveInline (a sync caller waiting for its response,
// an idle dispatch thread). While an inline reader holds the lease, the socket's read events are switched off in
// the IO thread's epoll set. Switching them off does not wake the IO thread, and they are switched on again when
// the lease is released. So a sync round trip wakes one thread on each side, as a plain blocking socket does.
public sealed partial class UnixTransport
{
    private const int LeaseFree = 0;
    private const int LeaseIoThread = 1;
    private const int LeaseInline = 2;
    private const int LeaseClosed = 3;

    // Maximum time of one poll by an inline reader that has a deadline, in milliseconds. It bounds how late a sync
    // caller notices Thread.Interrupt.
    private const int PollSliceMilliseconds = 100;

    private const ulong SocketToken = 0;
    private const ulong WakeupToken = 1;

    // One object per thread, so that no other thread ever holds the lock the check takes.
    [ThreadStatic]
    private static object? t_interruptCheck;

    private readonly EpollSet? _epoll;
    private readonly WakeupDescriptor? _inlineWakeup;
    private readonly Lock _interestLock = new();
    private int _lease;
    private volatile int _leaseThreadId;
    private int _inlineBlocked;

    // Set by the lease holder while the receiver's OnMessage runs. A call from inside OnMessage must not read,
    // because the receive buffer is in use, and must not give the lease away in the middle of a delivery.
    private bool _delivering;

    // Set by the lease holder while the IO thread's epoll entry still requests read events it must not get.
    private bool _interestOutdated;

    /// <summary>Whether the calling thread is the inline reader that has the read lease.</summary>
    private bool HoldsReadLease => _leaseThreadId == Environment.CurrentManagedThreadId;

    /// <inheritdoc/>
    protected internal override bool TryBeginInlineReceive()
    {
        if (_epoll is null || _receiver is null || _releaseRequested || !IsConnected ||
            Interlocked.CompareExchange(ref _lease, LeaseInline, LeaseFree) != LeaseFree)
        {
            return false;
        }

        // The IO thread's read events are switched off when this thread starts reading, not here: a sync caller
        // takes the lease before it sends, and the system call would delay the request. A message that arrives
        // before then wakes the IO thread, which finds the lease taken and switches them off itself.
        _leaseThreadId = Environment.CurrentManagedThreadId;
        _interestOutdated = true;
        return true;
    }

    /// <inheritdoc/>
    protected internal override void EndInlineReceive()
    {
        if (!HoldsReadLease || _delivering)
        {
            return;
        }

        // Signaled while the lease is held, so the descriptor cannot be closed yet: the IO thread shuts the
        // transport down, or reads the end of stream after a failed send.
        if (!IsConnected || _releaseRequested || _peerStoppedReading)
        {
            _wakeup.Signal();
        }

        _leaseThreadId = 0;
        _interestOutdated = false;
        Volatile.Write(ref _lease, LeaseFree);
        UpdateSocketInterest();
    }

    /// <inheritdoc/>
    protected internal override InlineReceiveResult ReceiveInline(
        IInlineReceiveWaiter waiter, long deadlineTimestamp, long spinTicks)
    {
        if (!HoldsReadLease || _delivering)
        {
            return InlineReceiveResult.Unavailable;
        }

        if (_interestOutdated)
        {
            _interestOutdated = false;
            UpdateSocketInterest();
        }

        var result = ReadInlineUntil(waiter, deadlineTimestamp, spinTicks);
        if (result == InlineReceiveResult.Disconnected)
        {
            // The IO thread's shutdown waits for the lease, and the waiter waits for that shutdown.
            EndInlineReceive();
        }

        return result;
    }

    /// <inheritdoc/>
    protected internal override void InterruptInlineReceive()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _inlineBlocked) == 0)
        {
            return;
        }

        try
        {
            _inlineWakeup!.Signal();
        }
        catch (ObjectDisposedException)
        {
            // The reader left and the transport shut down meanwhile, so no thread is blocked there.
        }
    }

    /// <summary>Throws <see cref="ThreadInterruptedException"/> when <see cref="Thread.Interrupt"/> was called on
    /// this thread and has not been raised yet. A zero-timeout monitor wait checks for it without yielding the
    /// processor.</summary>
    private static void ThrowIfInterruptPending()
    {
        var check = t_interruptCheck ??= new object();
        lock (check)
        {
            Monitor.Wait(check, 0);
        }
    }

    private InlineReceiveResult ReadInlineUntil(IInlineReceiveWaiter waiter, long deadline, long spinTicks)
    {
        Span<PollDescriptor> polls = stackalloc PollDescriptor[2];
        int socket = (int)_socket.DangerousGetHandle();
        long spinEnd = Stopwatch.GetTimestamp() + spinTicks;
        var spinner = default(SpinWait);
        while (true)
        {
            // A read of an empty socket returns EAGAIN at once. After a hangup it reads the end of stream.
            bool readAny = ReceiveAvailable(stopAtShortRead: true);
            if (waiter.IsSatisfied)
            {
                return InlineReceiveResult.Satisfied;
            }

            if (readAny)
            {
                // A flood of messages keeps this loop from blocking or spinning, where a pending interrupt would
                // surface, so it is checked after every read that brought something other than the awaited message.
                ThrowIfInterruptPending();
            }

            if (!IsConnected || _releaseRequested)
            {
                return InlineReceiveResult.Disconnected;
            }

            long now = Stopwatch.GetTimestamp();
            if (now >= deadline)
            {
                return InlineReceiveResult.TimedOut;
            }

            if (now < spinEnd)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            Interlocked.Exchange(ref _inlineBlocked, 1);
            try
            {
                // Checked again after the flag is set, because a thread that changes one of these after reading the
                // flag signals the poll. After a failed send, this thread must do the read that turns the peer's
                // stopped reading into a disconnect.
                if (waiter.IsSatisfied || !IsConnected || _releaseRequested || _peerStoppedReading)
                {
                    continue;
                }

                polls[0] = new PollDescriptor { Descriptor = socket, Events = Native.PollIn };
                polls[1] = new PollDescriptor { Descriptor = _inlineWakeup!.PollDescriptor, Events = Native.PollIn };
                // A wait without deadline (an idle dispatch loop) blocks until woken. A bounded one (a sync call)
                // polls in slices.
                int timeout = Deadline.RemainingMilliseconds(deadline);
                SocketCalls.Poll(polls, timeout > PollSliceMilliseconds ? PollSliceMilliseconds : timeout);

                // Thread.Interrupt does not wake a thread blocked in poll. Surfacing it here, before this thread
                // delivers anything, ends the wait as a monitor wait would have, instead of failing a lock inside a
                // delivery, which would disconnect the peer.
                ThrowIfInterruptPending();
            }
            finally
            {
                Volatile.Write(ref _inlineBlocked, 0);
            }

            if ((polls[1].ReturnedEvents & Native.PollIn) != 0)
            {
                _inlineWakeup.Drain();
            }
        }
    }

    /// <summary>Tells the IO thread's epoll set which socket events to wake for: reading unless an inline reader
    /// holds the lease, writing while the send queue is not empty. Re-arms the one-shot socket entry.</summary>
    private void UpdateSocketInterest()
    {
        lock (_interestLock)
        {
            if (Volatile.Read(ref _lease) == LeaseClosed)
            {
                return;
            }

            uint events = Volatile.Read(ref _lease) == LeaseInline ? 0 : EpollSet.In;
            lock (_sendLock)
            {
                if (!IsSendQueueEmptyLocked)
                {
                    events |= EpollSet.Out;
                }
            }

            _epoll!.Modify(_socket, events, SocketToken);
        }
    }

    /// <summary>Takes the read lease before the receive state is disposed or handed over: wakes an inline reader,
    /// which leaves because the transport is disconnected or being released, and waits for it. A rejected release
    /// gives the lease back with <see cref="ReopenReadLease"/>.</summary>
    private void CloseReadLease()
    {
        var spinner = default(SpinWait);
        while (true)
        {
            int state = Interlocked.CompareExchange(ref _lease, LeaseClosed, LeaseFree);
            if (state is LeaseFree or LeaseClosed)
            {
                break;
            }

            // The holder may be a caller between taking the lease and reading, so the wait can take a while. It
            // sleeps once a short spin has not seen the lease come back.
            InterruptInlineReceive();
            if (spinner.Count < 20)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    private void ReopenReadLease()
    {
        Volatile.Write(ref _lease, LeaseFree);
        if (_epoll is not null)
        {
            UpdateSocketInterest();
        }
    }

    /// <summary>Closes the epoll set and the inline reader's wakeup. Call only after the lease is closed.</summary>
    private void DisposeInlineState()
    {
        lock (_interestLock)
        {
            _epoll?.Dispose();
        }

        _inlineWakeup?.Dispose();
    }

    /// <summary>The IO thread's loop on Linux, waiting in the epoll set.</summary>
    private void RunEpollLoop()
    {
        Span<uint> events = stackalloc uint[2];
        Span<ulong> tokens = stackalloc ulong[2];
        while (IsConnected && !_releaseRequested)
        {
            int count = _epoll!.Wait(events, tokens);
            uint socketEvents = 0;
            for (int i = 0; i < count; i++)
            {
                if (tokens[i] == WakeupToken)
                {
                    // A sender woke this thread for a queue it started, often with batched messages: writing at
                    // once saves waiting for the socket's writable event.
                    socketEvents |= EpollSet.Out;
                    ConsumeWakeup();
                }
                else
                {
                    socketEvents |= events[i];
                }
            }

            if (!IsConnected || _releaseRequested)
            {
                break;
            }

            bool rearm = true;
            if (socketEvents != 0 || _peerStoppedReading)
            {
                if (Interlocked.CompareExchange(ref _lease, LeaseIoThread, LeaseFree) == LeaseFree)
                {
                    try
                    {
                        HandleSocketEvents((short)socketEvents);
                    }
                    finally
                    {
                        Volatile.Write(ref _lease, LeaseFree);
                    }
                }
                else
                {
                    FlushIfWritable(socketEvents);

                    // A hangup or error is reported whatever events the entry requests, so re-arming now would wake
                    // this thread again at once. The inline reader reads the end of stream itself and re-arms on
                    // leaving.
                    rearm = (socketEvents & (EpollSet.HangUp | EpollSet.Error)) == 0;
                }
            }

            if (rearm && IsConnected && !_releaseRequested)
            {
                UpdateSocketInterest();
            }
        }
    }

    /// <summary>Writes the send queue when the events (of poll or epoll, whose writable bit is the same) report the
    /// socket writable.</summary>
    private void FlushIfWritable(uint socketEvents)
    {
        if ((socketEvents & EpollSet.Out) == 0)
        {
            return;
        }

        lock (_sendLock)
        {
            if (TryFlushLocked(out int errno) == FlushResult.Failed)
            {
                FailSendLocked(errno);
            }
        }
    }
}
