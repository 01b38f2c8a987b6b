namespace IpcGen;

/// <summary>
/// A single-threaded <see cref="SynchronizationContext"/> for console processes and dispatch threads: posted
/// callbacks run one at a time, in order, on the thread that calls <see cref="Run()"/>. An exception thrown
/// by a callback ends <see cref="Run()"/> and propagates to its caller. A connection's dispatch callback catches
/// the exceptions of its handlers, so they do not end the loop.
/// </summary>
public sealed class IpcEventLoop : SynchronizationContext
{
    private readonly object _lock = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly long _spinTicks;
    private volatile int _queuedCount;
    private volatile bool _stopRequested;
    private int _runningThreadId;
    private Transport? _idleTransport;
    private IdleWaiter? _idleWaiter;

    /// <summary>Creates a loop that blocks as soon as its queue is empty.</summary>
    public IpcEventLoop()
        : this(TimeSpan.Zero)
    {
    }

    /// <summary>Creates a loop that, when its queue runs empty, spins for <paramref name="spinBeforeWait"/>
    /// before it blocks, so that a callback posted within that time runs without waking a blocked thread.
    /// </summary>
    public IpcEventLoop(TimeSpan spinBeforeWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spinBeforeWait, TimeSpan.Zero);
        _spinTicks = (long)(spinBeforeWait.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
    }

    /// <summary>Whether a thread is inside <see cref="Run()"/>.</summary>
    public bool IsRunning => Volatile.Read(ref _runningThreadId) != 0;

    /// <summary>Whether the calling thread is the one running the loop.</summary>
    public bool IsLoopThread => Volatile.Read(ref _runningThreadId) == Environment.CurrentManagedThreadId;

    /// <summary>
    /// Transport that the loop thread reads while the queue is empty, in place of the transport's IO thread, so
    /// that a message arriving then is read by the thread that dispatches it. Set by a connection that owns this
    /// loop and is its only user.
    /// </summary>
    internal Transport? IdleTransport
    {
        get => _idleTransport;
        set
        {
            _idleWaiter ??= new IdleWaiter(this);
            _idleTransport = value;
        }
    }

    /// <summary>Queues a callback; it runs on the loop thread after every callback queued before it.</summary>
    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        lock (_lock)
        {
            _queue.Enqueue(new WorkItem(d, state, null));
            _queuedCount++;
            Monitor.Pulse(_lock);
        }

        WakeIdleReader();
    }

    /// <summary>Runs a callback on the loop thread and waits for it; on the loop thread it runs at once.</summary>
    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (IsLoopThread)
        {
            d(state);
            return;
        }

        var completion = new SendCompletion();
        lock (_lock)
        {
            _queue.Enqueue(new WorkItem(d, state, completion));
            _queuedCount++;
            Monitor.Pulse(_lock);
        }

        WakeIdleReader();
        completion.Wait();
    }

    /// <summary>Returns this loop, because a copy must post to the same thread.</summary>
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs queued callbacks on the calling thread until <see cref="Stop"/> is called.</summary>
    public void Run() => Run(CancellationToken.None);

    /// <summary>Runs queued callbacks on the calling thread until <see cref="Stop"/> is called or the token is
    /// cancelled. Callbacks still queued then stay queued for the next run.</summary>
    /// <exception cref="InvalidOperationException">Another thread is already running the loop.</exception>
    public void Run(CancellationToken cancellationToken)
    {
        int threadId = Environment.CurrentManagedThreadId;
        if (Interlocked.CompareExchange(ref _runningThreadId, threadId, 0) != 0)
        {
            throw new InvalidOperationException("The event loop is already running on another thread.");
        }

        var previous = Current;
        SetSynchronizationContext(this);
        using var registration = cancellationToken.UnsafeRegister(static s => ((IpcEventLoop)s!).Stop(), this);
        try
        {
            while (TryTakeNext(out var item))
            {
                item.Invoke();
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
            lock (_lock)
            {
                _stopRequested = false;
            }

            Volatile.Write(ref _runningThreadId, 0);
        }
    }

    /// <summary>Makes <see cref="Run()"/> return after the callback it is running; if the loop is not running,
    /// the next <see cref="Run()"/> returns at once.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopRequested = true;
            Monitor.Pulse(_lock);
        }

        WakeIdleReader();
    }

    private void WakeIdleReader()
    {
        if (!IsLoopThread)
        {
            _idleTransport?.InterruptInlineReceive();
        }
    }

    private bool TryTakeNext(out WorkItem item)
    {
        if (_idleTransport is { } transport)
        {
            try
            {
                if (_queuedCount == 0 && !_stopRequested)
                {
                    // Returns once something is queued. When another thread holds the read lease it returns at
                    // once, and the loop waits for the callback that the reading thread posts.
                    transport.TryBeginInlineReceive();
                    transport.ReceiveInline(_idleWaiter!, long.MaxValue, _spinTicks);
                }
            }
            finally
            {
                // Callbacks run without the lease, so that other threads can read while one runs for long.
                transport.EndInlineReceive();
            }
        }

        if (_spinTicks > 0 && _queuedCount == 0)
        {
            SpinUntilQueued();
        }

        lock (_lock)
        {
            while (_queue.Count == 0 && !_stopRequested)
            {
                Monitor.Wait(_lock);
            }

            if (_stopRequested)
            {
                item = default;
                return false;
            }

            item = _queue.Dequeue();
            _queuedCount--;
            return true;
        }
    }

    private void SpinUntilQueued()
    {
        long end = System.Diagnostics.Stopwatch.GetTimestamp() + _spinTicks;
        var spinner = default(SpinWait);
        while (_queuedCount == 0 && !_stopRequested && System.Diagnostics.Stopwatch.GetTimestamp() < end)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private sealed class IdleWaiter(IpcEventLoop loop) : IInlineReceiveWaiter
    {
        public bool IsSatisfied => loop._queuedCount > 0 || loop._stopRequested;
    }

    private readonly record struct WorkItem(SendOrPostCallback Callback, object? State, SendCompletion? Completion)
    {
        public void Invoke()
        {
            if (Completion is null)
            {
                Callback(State);
                return;
            }

            try
            {
                Callback(State);
                Completion.Set(null);
            }
            catch (Exception exception)
            {
                Completion.Set(exception);
            }
        }
    }

    private sealed class SendCompletion
    {
        private readonly ManualResetEventSlim _done = new();
        private Exception? _exception;

        public void Set(Exception? exception)
        {
            _exception = exception;
            _done.Set();
        }

        public void Wait()
        {
            _done.Wait();
            _done.Dispose();
            if (_exception is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_exception);
            }
        }
    }
}
