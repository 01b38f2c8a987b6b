using System.Diagnostics;
using IpcGen.Logging;
using IpcGen.Messages;

namespace IpcGen;

public sealed partial class Connection<TLocal, TPeer>
{
    // Callbacks dispatched per post before the dispatcher yields the context to other work.
    private const int MaxItemsPerDispatch = 64;

    /// <summary>
    /// Whether the calling thread is this connection's dispatch thread: the thread running the connection's
    /// dispatch callback, or any thread whose current synchronization context is the connection's.
    /// </summary>
    private bool IsDispatchThreadLocked() =>
        _dispatchThreadId == Environment.CurrentManagedThreadId || SynchronizationContext.Current == _context;

    /// <summary>Queues a decoded message for dispatch and returns whether a dispatch callback must be posted.
    /// </summary>
    private bool EnqueueLocked(in InboundItem item)
    {
        if (item.Kind == InboundKind.SyncRequest)
        {
            _syncInbound.Enqueue(item);
            _dispatchWaiter?.Signal();
        }
        else
        {
            _asyncInbound.Enqueue(item);
        }

        if (_dispatchScheduled)
        {
            return false;
        }

        _dispatchScheduled = true;
        return true;
    }

    /// <summary>
    /// Posts the dispatch callback to the context. A context that throws (one whose loop has ended, say) can no
    /// longer run this connection's handlers, so the connection closes with one log line and without the
    /// <see cref="Disconnected"/> event. The exception does not escape onto the IO thread or out of
    /// <see cref="Dispose"/>.
    /// </summary>
    private void PostDispatch()
    {
        try
        {
            _context.Post(s_dispatchCallback, this);
        }
        catch (Exception exception)
        {
            ConnectionLog.DispatchPostFailed(_logger, LocalName, PeerName, exception);
            HandleDisconnect(new TransportDisconnect(DisconnectReason.LocalClosed,
                $"the synchronization context rejected the dispatch callback: {exception.Message}"));
            _transport.Dispose();
        }
    }

    /// <summary>Takes the next item in arrival order, whichever queue it is in.</summary>
    private bool TryDequeueNextLocked(out InboundItem item)
    {
        bool hasSync = _syncInbound.TryPeek(out var sync);
        bool hasAsync = _asyncInbound.TryPeek(out var other);
        if (hasSync && (!hasAsync || sync.Sequence < other.Sequence))
        {
            item = _syncInbound.Dequeue();
            _queuedInboundBytes -= item.QueuedBytes;
            return true;
        }

        if (hasAsync)
        {
            item = _asyncInbound.Dequeue();
            _queuedInboundBytes -= item.QueuedBytes;
            return true;
        }

        item = default;
        return false;
    }

    /// <summary>The dispatch callback posted to the context: dispatches queued items in arrival order.</summary>
    private void DispatchQueued()
    {
        int previousThread;
        lock (_lock)
        {
            previousThread = _dispatchThreadId;
            _dispatchThreadId = Environment.CurrentManagedThreadId;
        }

        bool repost = false;
        try
        {
            for (int dispatched = 0; ; dispatched++)
            {
                InboundItem item;
                lock (_lock)
                {
                    if (_syncInbound.Count + _asyncInbound.Count == 0)
                    {
                        _dispatchScheduled = false;
                        return;
                    }

                    if (dispatched == MaxItemsPerDispatch)
                    {
                        // Yield the context to its other work; the callback stays scheduled and is posted again.
                        repost = true;
                        return;
                    }

                    TryDequeueNextLocked(out item);
                }

                DispatchItem(item);
            }
        }
        finally
        {
            lock (_lock)
            {
                _dispatchThreadId = previousThread;
            }

            if (repost)
            {
                PostDispatch();
            }
        }
    }

    /// <summary>Dispatches the peer's queued sync requests on a dispatch thread that waits for its own sync
    /// response. One-way messages and async requests stay queued, in order, until the wait ends. Returns once
    /// <paramref name="call"/> completes or its deadline passes, even with requests still queued, so that a peer
    /// cannot hold the call past its timeout; the dispatcher takes those requests later.</summary>
    private void DispatchSyncRequestsWhileWaiting(SyncCall call, long deadline)
    {
        while (!call.IsCompleted && Stopwatch.GetTimestamp() < deadline)
        {
            InboundItem item;
            lock (_lock)
            {
                if (!_syncInbound.TryDequeue(out item))
                {
                    return;
                }

                _queuedInboundBytes -= item.QueuedBytes;
            }

            DispatchItem(item);
        }
    }

    private void DispatchItem(in InboundItem item)
    {
        // A handler may run for long, so other threads must be able to read meanwhile.
        _transport.EndInlineReceive();
        string? previous = Volatile.Read(ref _dispatchingMessage);
        Volatile.Write(
            ref _dispatchingMessage, item.Kind == InboundKind.Disconnect ? "the Disconnected event" : item.Info.Name);

        try
        {
            switch (item.Kind)
            {
                case InboundKind.OneWay:
                    DispatchOneWay(item);
                    break;
                case InboundKind.SyncRequest:
                    DispatchSyncRequest(item);
                    break;
                case InboundKind.AsyncRequest:
                    DispatchAsyncRequest(item);
                    break;
                case InboundKind.Disconnect:
                    RaiseDisconnected();
                    break;
            }
        }
        finally
        {
            Volatile.Write(ref _dispatchingMessage, previous);
        }
    }

    private void DispatchOneWay(in InboundItem item)
    {
        try
        {
            _stub.Invoke(item.Message!);
        }
        catch (Exception exception)
        {
            ConnectionLog.OneWayHandlerFailed(_logger, LocalName, item.Info.Name, exception);
        }
        finally
        {
            // A generated stub passed the values on and the handler has returned, so nothing uses the message any
            // more.
            RecycleIfStubAllows(item.Message!);
        }
    }

    private void DispatchSyncRequest(in InboundItem item)
    {
        IMessage? response;
        try
        {
            response = _stub.Invoke(item.Message!);
        }
        catch (Exception exception)
        {
            SendErrorResponse(item.RequestId, item.Info, exception);
            return;
        }
        finally
        {
            RecycleIfStubAllows(item.Message!);
        }

        if (response is null)
        {
            var missing = new InvalidOperationException($"The stub returned no response for {item.Info.Name}.");
            SendErrorResponse(item.RequestId, item.Info, missing);
            return;
        }

        TakeReadLeaseForNextRequest();
        try
        {
            SendResponse(item.RequestId, item.Info, response);
        }
        finally
        {
            // Encoded before the send returned, so the response can go back to its pool.
            RecycleIfStubAllows(response);
        }
    }

    private void RecycleIfStubAllows(IMessage message)
    {
        if (_stub.RecyclesMessages)
        {
            message.Recycle();
        }
    }

    /// <summary>
    /// Takes the read lease before the response goes out, when nothing else is queued, so that the peer's next
    /// request finds this dispatch thread reading instead of waking the IO thread. The loop keeps reading with the
    /// lease once the dispatch callback returns.
    /// </summary>
    private void TakeReadLeaseForNextRequest()
    {
        // Only the connection's own dispatch loop reads the transport while idle.
        if (_ownedLoop is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_syncInbound.Count + _asyncInbound.Count != 0)
            {
                return;
            }
        }

        _transport.TryBeginInlineReceive();
    }

    private void DispatchAsyncRequest(in InboundItem item)
    {
        var cancellation = item.Cancellation!;
        Task<IMessage> task;
        try
        {
            task = _stub.InvokeAsync(item.Message!, cancellation.Token);
        }
        catch (Exception exception)
        {
            FinishAsyncRequest(item.RequestId, item.Info, cancellation, null, exception);
            return;
        }

        if (task.IsCompleted)
        {
            TakeReadLeaseForNextRequest();
            CompleteAsyncRequest(item.RequestId, item.Info, cancellation, task);
        }
        else
        {
            _ = AwaitAsyncRequest(item.RequestId, item.Info, cancellation, task);
        }
    }

    private async Task AwaitAsyncRequest(
        uint requestId, MessageInfo info, CancellationTokenSource cancellation, Task<IMessage> task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // CompleteAsyncRequest reads the outcome from the task.
        }

        CompleteAsyncRequest(requestId, info, cancellation, task);
    }

    private void CompleteAsyncRequest(
        uint requestId, MessageInfo info, CancellationTokenSource cancellation, Task<IMessage> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            FinishAsyncRequest(requestId, info, cancellation, task.Result, null);
        }
        else if (task.IsCanceled)
        {
            FinishAsyncRequest(requestId, info, cancellation, null, new OperationCanceledException(
                $"The handler of {LocalName}.{info.Name} was cancelled."));
        }
        else
        {
            var exception = task.Exception!.InnerExceptions.Count == 1
                ? task.Exception.InnerExceptions[0]
                : task.Exception;
            FinishAsyncRequest(requestId, info, cancellation, null, exception);
        }
    }

    private void FinishAsyncRequest(
        uint requestId, MessageInfo info, CancellationTokenSource cancellation, IMessage? response, Exception? error)
    {
        lock (_lock)
        {
            _incomingAsync.Remove(requestId);
        }

        cancellation.Dispose();
        if (response is not null)
        {
            SendResponse(requestId, info, response);
        }
        else
        {
            SendErrorResponse(requestId, info, error!);
        }
    }

    private void SendResponse(uint requestId, MessageInfo info, IMessage response)
    {
        try
        {
            SendFrame(response, requestId, MessageFlags.Response, _local.MaxPayloadBytes, _local.MaxAttachments);
        }
        catch (IpcDisconnectedException exception)
        {
            ConnectionLog.ResponseNotSent(_logger, LocalName, info.Name, requestId, exception.Message);
        }
        catch (Exception exception)
        {
            // The response could not be encoded (over a limit, or an invalid value): the caller gets the error.
            SendErrorResponse(requestId, info, exception);
        }
    }

    private void SendErrorResponse(uint requestId, MessageInfo info, Exception error)
    {
        try
        {
            SendFrame(ErrorResponseMessage.FromException(error), requestId,
                MessageFlags.Response | MessageFlags.ErrorResponse, IpcLimits.MaxPayloadBytes, 0);
        }
        catch (Exception exception)
        {
            // Nothing is left to tell the caller with; the exception must not end the dispatch thread.
            ConnectionLog.ResponseNotSent(_logger, LocalName, info.Name, requestId, exception.Message);
        }
    }

    private void RaiseDisconnected()
    {
        EventHandler<ConnectionDisconnectedEventArgs>? handlers;
        IpcDisconnectedException error;
        lock (_lock)
        {
            handlers = _disconnected;
            _disconnected = null;
            error = _disconnectError!;
        }

        try
        {
            handlers?.Invoke(this, new ConnectionDisconnectedEventArgs(error));
        }
        catch (Exception exception)
        {
            ConnectionLog.DisconnectedHandlerFailed(_logger, LocalName, PeerName, exception);
        }
        finally
        {
            _ownedLoop?.Stop();
        }
    }
}
