using System.Diagnostics;
using IpcGen.Messages;

namespace IpcGen;

public sealed partial class Connection<TLocal, TPeer>
{
    // How often a waiting thread that is not the dispatch thread wakes to check for a deadlock, in milliseconds.
    private const int DeadlockCheckIntervalMilliseconds = 50;

    /// <summary>
    /// Blocks until the call completes or the deadline passes. A dispatch-thread waiter dispatches the peer's
    /// sync requests meanwhile; any other waiter wakes now and then to check for a deadlock.
    /// </summary>
    private void WaitForResponse(SyncCall call, long deadline)
    {
        bool checkDeadlock = !call.IsDispatchWaiter && _deadlockDetectionDelay != Timeout.InfiniteTimeSpan;
        long checkInterval = Stopwatch.Frequency * DeadlockCheckIntervalMilliseconds / 1000;
        long spinTicks = _spinTicks;
        while (true)
        {
            if (call.IsDispatchWaiter)
            {
                DispatchSyncRequestsWhileWaiting(call, deadline);
            }

            if (call.IsCompleted)
            {
                return;
            }

            // Checked on every pass, not only when a wait times out: a peer that keeps sending sync requests
            // signals this call again and again.
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                AbandonOrComplete(call, CreateTimeoutException(call));
                return;
            }

            long wakeAt = checkDeadlock ? Math.Min(deadline, Stopwatch.GetTimestamp() + checkInterval) : deadline;
            bool signaled = call.WaitForSignal(wakeAt, spinTicks, _transport);
            spinTicks = 0;
            if (signaled)
            {
                continue;
            }

            if (checkDeadlock && FindDeadlock(call) is { } deadlock)
            {
                AbandonOrComplete(call, deadlock);
                return;
            }
        }
    }

    /// <summary>Fails a call that gave up, unless its response won the race; its late response is dropped.
    /// </summary>
    private void AbandonOrComplete(SyncCall call, Exception exception)
    {
        bool removedHere;
        lock (_lock)
        {
            removedHere = _pending.Remove(call.RequestId);
            if (removedHere)
            {
                _abandonedRequests.Add(call.RequestId);
            }
        }

        if (removedHere)
        {
            call.Fail(exception);
        }
        else
        {
            WaitUntilCompletedElsewhere(call);
        }
    }

    /// <summary>Waits for the thread that removed <paramref name="call"/> from the pending requests (the IO
    /// thread with its response, or the disconnect) to complete it, which it does right after the removal.
    /// </summary>
    private static void WaitUntilCompletedElsewhere(SyncCall call)
    {
        while (!call.IsCompleted)
        {
            call.WaitForSignal(long.MaxValue, spinTicks: 0, transport: null);
        }
    }

    private TResponse TakeResponse<TResponse>(SyncCall call)
        where TResponse : class, IMessage
    {
        if (call.Error is { } error)
        {
            throw error;
        }

        if (call.Response is TResponse response)
        {
            return response;
        }

        throw new IpcProtocolException(
            $"The response to {PeerName}.{call.Request.Name} is a {call.Response?.GetType().Name}, not the " +
            $"expected {typeof(TResponse).Name}.");
    }

    /// <summary>Ends a sync call and returns it to the pool. A call still pending here left its wait by an
    /// exception (such as <see cref="ThreadInterruptedException"/>); if its request was
    /// <paramref name="sent"/>, the id is remembered so that the late response is dropped.</summary>
    private void EndSyncCall(SyncCall call, bool sent)
    {
        bool removedHere;
        lock (_lock)
        {
            removedHere = _pending.Remove(call.RequestId);
            if (removedHere && sent)
            {
                _abandonedRequests.Add(call.RequestId);
            }

            if (call.IsDispatchWaiter)
            {
                _dispatchWaiter = call.Outer;

                // A sync request that arrived after this call's last check signaled this call, not the outer one.
                if (call.Outer is { } outer && _syncInbound.Count > 0)
                {
                    outer.Signal();
                }
            }
        }

        // The call goes back to the pool only when no other thread can still complete it.
        if (!removedHere)
        {
            WaitUntilCompletedElsewhere(call);
        }

        lock (_lock)
        {
            call.Reset();
            _syncCallPool.Push(call);
        }
    }

    private TimeoutException CreateTimeoutException(SyncCall call)
    {
        var timeout = IpcCall.CurrentTimeout ?? _syncCallTimeout;
        bool helloReceived;
        lock (_lock)
        {
            helloReceived = _helloReceived;
        }

        // Raising the timeout helps only when the peer is slow. A peer that never started or never dispatches needs
        // another fix, so the message names the likely cause.
        string cause = helloReceived
            ? "The peer is connected, so its handler is slow or blocked, or its SynchronizationContext does not run " +
              "posted callbacks (an IpcEventLoop that nobody runs). If the handler is only slow, raise " +
              "ConnectionOptions.SyncCallTimeout or use IpcCall.WithTimeout for this call."
            : "No hello arrived from the peer yet: check that the peer process created its Connection and called " +
              "Start().";
        return new TimeoutException(
            $"Sync call {PeerName}.{call.Request.Name} (request {call.RequestId}) from {LocalName} timed out after " +
            $"{timeout.TotalMilliseconds:0} ms without a response. {cause}");
    }

    /// <summary>
    /// Returns the deadlock exception when a peer's sync request has waited longer than the detection delay for
    /// this connection's dispatch thread, that request arrived after <paramref name="call"/> was sent, and the
    /// calling thread is not the dispatch thread (which would have dispatched it).
    /// </summary>
    private IpcDeadlockException? FindDeadlock(SyncCall call)
    {
        InboundItem blocked;
        string dispatchState;
        lock (_lock)
        {
            if (_syncInbound.Count == 0)
            {
                return null;
            }

            blocked = _syncInbound.Peek();
            dispatchState = Volatile.Read(ref _dispatchingMessage) is { } running
                ? $"is running the handler of {running}"
                : "is not dispatching this connection's messages (it is blocked outside a handler, or the " +
                  "connection's SynchronizationContext never runs posted callbacks, such as an IpcEventLoop that " +
                  "nobody runs)";
        }

        var waited = Stopwatch.GetElapsedTime(blocked.ArrivalTimestamp);
        if (blocked.Sequence <= call.SentAtSequence || waited < _deadlockDetectionDelay)
        {
            return null;
        }

        return new IpcDeadlockException(
            $"Sync call {PeerName}.{call.Request.Name} (request {call.RequestId}) from {LocalName} gave up: the " +
            $"peer waits in its sync request {LocalName}.{blocked.Info.Name} (request {blocked.RequestId}), " +
            $"which has waited {waited.TotalMilliseconds:0} ms for the dispatch thread of this connection, but " +
            $"that thread {dispatchState}, and the calling thread is not the dispatch thread, so it cannot " +
            "dispatch the request itself. Make sync calls that can be called back from the dispatch thread, " +
            "or do not block the dispatch thread while this call waits.");
    }
}
