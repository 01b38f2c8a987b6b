using System.Diagnostics;
using IpcGen.Messages;

namespace IpcGen;

/// <summary>
/// The wait state of one synchronous call, reused by the connection from call to call. The waiting thread
/// sleeps on this object's monitor. The IO thread signals it once when the response or the disconnect arrives,
/// and also whenever a sync request arrives for a waiting dispatch thread to handle.
/// </summary>
internal sealed class SyncCall : PendingRequest, IInlineReceiveWaiter
{
    private int _signaled;
    private volatile bool _completed;

    /// <summary>Whether the waiting thread is the connection's dispatch thread, so it dispatches incoming sync
    /// requests while it waits.</summary>
    public bool IsDispatchWaiter { get; private set; }

    /// <summary>The dispatch thread's enclosing call on the same connection, restored when this one ends.</summary>
    public SyncCall? Outer { get; set; }

    /// <summary>Inbound sequence number at the time the request was sent.</summary>
    public long SentAtSequence { get; private set; }

    public IMessage? Response { get; private set; }

    public Exception? Error { get; private set; }

    public bool IsCompleted => _completed;

    /// <summary>Whether the waiting thread has a signal to take, for a wait that reads the transport inline.
    /// </summary>
    bool IInlineReceiveWaiter.IsSatisfied => Volatile.Read(ref _signaled) != 0;

    public void Begin(uint requestId, MessageInfo request, bool isDispatchWaiter, long sentAtSequence)
    {
        RequestId = requestId;
        Request = request;
        IsDispatchWaiter = isDispatchWaiter;
        SentAtSequence = sentAtSequence;
        Outer = null;
        Response = null;
        Error = null;
        _completed = false;
        _signaled = 0;
    }

    public void Reset()
    {
        Response = null;
        Error = null;
        Outer = null;
    }

    public override void Complete(IMessage response)
    {
        Response = response;
        _completed = true;
        Signal();
    }

    public override void Fail(Exception exception)
    {
        Error = exception;
        _completed = true;
        Signal();
    }

    /// <summary>Wakes the waiting thread, or makes its next wait return at once.</summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref _signaled, 1) == 1)
        {
            return;
        }

        lock (this)
        {
            Monitor.Pulse(this);
        }
    }

    /// <summary>Waits until signaled or until <paramref name="deadline"/> (a <see cref="Stopwatch"/>
    /// timestamp, or <see cref="long.MaxValue"/> for none), spinning first for <paramref name="spinTicks"/>
    /// stopwatch ticks. Reads the transport on this thread when no other thread is reading it, so that no second
    /// thread has to wake this one for the response. Otherwise waits for the reading thread's signal. Returns false
    /// on timeout. Consumes the signal.</summary>
    public bool WaitForSignal(long deadline, long spinTicks, Transport? transport)
    {
        if (transport is not null && Volatile.Read(ref _signaled) == 0)
        {
            // The lease stays with this thread until the call ends (the connection gives it back then) or it
            // dispatches a handler.
            transport.TryBeginInlineReceive();
            var result = transport.ReceiveInline(this, deadline, spinTicks);
            if (result == InlineReceiveResult.TimedOut)
            {
                return false;
            }

            if (result != InlineReceiveResult.Unavailable)
            {
                spinTicks = 0;
            }
        }

        if (spinTicks > 0 && Volatile.Read(ref _signaled) == 0)
        {
            long spinEnd = Stopwatch.GetTimestamp() + spinTicks;
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _signaled) == 0 && Stopwatch.GetTimestamp() < spinEnd)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        if (Volatile.Read(ref _signaled) == 0)
        {
            lock (this)
            {
                while (Volatile.Read(ref _signaled) == 0)
                {
                    int timeout = Deadline.RemainingMilliseconds(deadline);
                    if (timeout == 0)
                    {
                        return false;
                    }

                    Monitor.Wait(this, timeout);
                }
            }
        }

        Volatile.Write(ref _signaled, 0);
        return true;
    }
}
