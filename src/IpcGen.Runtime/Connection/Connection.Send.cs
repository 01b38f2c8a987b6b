using System.Diagnostics;
using System.Runtime.CompilerServices;
using IpcGen.Messages;
using MessagePack;

namespace IpcGen;

public sealed partial class Connection<TLocal, TPeer>
{
    /// <inheritdoc/>
    public void Post(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var info = GetPeerMessage(message, MessageKind.OneWay);
            ThrowIfNotConnected(info);
        }
        catch
        {
            message.DisposeAttachments();
            throw;
        }

        SendFrame(message, 0, MessageFlags.None, _peer.MaxPayloadBytes, _peer.MaxAttachments, batch: true);
    }

    /// <inheritdoc/>
    public TResponse Send<TResponse>(IMessage request)
        where TResponse : class, IMessage
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return SendCore<TResponse>(request);
        }
        catch
        {
            // A no-op for attachments the transport took; the others belong to this call whether it fails or not.
            request.DisposeAttachments();
            throw;
        }
    }

    private TResponse SendCore<TResponse>(IMessage request)
        where TResponse : class, IMessage
    {
        var info = GetPeerMessage(request, MessageKind.SyncRequest);
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            // Each level of a nested A->B->A chain adds a wait and a handler to this thread's stack. Failing the call
            // turns into an error response for the peer, instead of a stack overflow that would end the process.
            throw new InsufficientExecutionStackException(
                $"Cannot call {PeerName}.{info.Name} from {LocalName}: sync calls are nested too deeply for this " +
                "thread's stack. Make the chain of calls between the processes shallower, or use Task requests.");
        }
        if (Volatile.Read(ref _receiveThreadId) == Environment.CurrentManagedThreadId)
        {
            // Only this thread reads the response, so waiting for it here can only time out.
            throw new InvalidOperationException(
                $"Cannot call {PeerName}.{info.Name} synchronously on the transport's IO thread of {LocalName}: " +
                "the response would never be read. This happens when the connection's SynchronizationContext runs " +
                "posted callbacks inline. Use a context that queues them, such as IpcEventLoop, or call SendAsync.");
        }

        long deadline = ComputeDeadline(IpcCall.CurrentTimeout ?? _syncCallTimeout);
        SyncCall call;
        lock (_lock)
        {
            ThrowIfNotConnectedLocked(info);
            call = _syncCallPool.Count > 0 ? _syncCallPool.Pop() : new SyncCall();
            bool isDispatchWaiter = IsDispatchThreadLocked();
            call.Begin(NextRequestIdLocked(), info, isDispatchWaiter, _inboundSequence);
            _pending.Add(call.RequestId, call);
            if (isDispatchWaiter)
            {
                call.Outer = _dispatchWaiter;
                _dispatchWaiter = call;
            }
        }

        bool sent = false;
        try
        {
            // This thread reads its own response when no other thread is reading. Taking the read lease before the
            // request goes out keeps a quick response from waking the IO thread instead.
            _transport.TryBeginInlineReceive();
            SendFrame(request, call.RequestId, MessageFlags.SyncRequest, _peer.MaxPayloadBytes, _peer.MaxAttachments);
            sent = true;
            WaitForResponse(call, deadline);
            return TakeResponse<TResponse>(call);
        }
        finally
        {
            _transport.EndInlineReceive();
            EndSyncCall(call, sent);
        }
    }

    /// <inheritdoc/>
    public Task<TResponse> SendAsync<TResponse>(IMessage request, CancellationToken cancellationToken)
        where TResponse : class, IMessage
    {
        ArgumentNullException.ThrowIfNull(request);
        MessageInfo info;
        try
        {
            info = GetPeerMessage(request, MessageKind.AsyncRequest);
        }
        catch
        {
            request.DisposeAttachments();
            throw;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            request.DisposeAttachments();
            return Task.FromCanceled<TResponse>(cancellationToken);
        }

        AsyncCall<TResponse> call;
        lock (_lock)
        {
            if (_state != ConnectionState.Started)
            {
                request.DisposeAttachments();
                return Task.FromException<TResponse>(CreateNotConnectedExceptionLocked(info));
            }

            call = new AsyncCall<TResponse>(this, NextRequestIdLocked(), info, cancellationToken);
            _pending.Add(call.RequestId, call);
        }

        try
        {
            SendFrame(request, call.RequestId, MessageFlags.AsyncRequest, _peer.MaxPayloadBytes, _peer.MaxAttachments);
        }
        catch (Exception exception)
        {
            bool removedHere;
            lock (_lock)
            {
                removedHere = _pending.Remove(call.RequestId);
            }

            // A disconnect that raced the send has already failed the call's own task. Returning that task keeps
            // its exception observed.
            return removedHere ? Task.FromException<TResponse>(exception) : call.Task;
        }

        if (cancellationToken.CanBeCanceled)
        {
            call.Registration = cancellationToken.UnsafeRegister(
                static state => ((AsyncCall<TResponse>)state!).Owner.CancelAsyncCall((AsyncCall<TResponse>)state!),
                call);
            if (call.Task.IsCompleted)
            {
                call.Registration.Unregister();
            }
        }

        return call.Task;
    }

    /// <summary>Cancels a pending async request: the task is cancelled at once and the peer is sent a cancel
    /// control message, whose response (if any arrives) is dropped.</summary>
    void IAsyncCallOwner.CancelAsyncCall<TResponse>(AsyncCall<TResponse> call)
    {
        lock (_lock)
        {
            if (!_pending.Remove(call.RequestId))
            {
                return;
            }

            _abandonedRequests.Add(call.RequestId);
        }

        call.Cancel();
        try
        {
            SendFrame(CancelMessage.Instance, call.RequestId, MessageFlags.Cancel, IpcLimits.MaxPayloadBytes, 0);
        }
        catch (IpcDisconnectedException)
        {
            // The peer is gone, so there is no handler left to cancel.
        }
    }

    private MessageInfo GetPeerMessage(IMessage message, MessageKind kind)
    {
        if (message.EndpointMagic != _peer.Magic || !_peer.TryGetMessage(message.MessageId, out var info))
        {
            throw new ArgumentException(
                $"Message {message.GetType().Name} (magic 0x{message.EndpointMagic:X8}, id {message.MessageId}) " +
                $"is not a message of the peer endpoint {PeerName} (magic 0x{_peer.Magic:X8}).",
                nameof(message));
        }

        if (info.Kind != kind)
        {
            throw new ArgumentException(
                $"{PeerName}.{info.Name} is a {info.Kind} message; it cannot be sent as a {kind}.",
                nameof(message));
        }

        return info;
    }

    private long ComputeDeadline(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return long.MaxValue;
        }

        long now = Stopwatch.GetTimestamp();
        double ticks = timeout.TotalSeconds * Stopwatch.Frequency;

        // A timeout past the stopwatch's range (such as TimeSpan.MaxValue) would overflow the sum, so it waits forever.
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }

    private uint NextRequestIdLocked()
    {
        // Request id 0 marks a one-way message, so the counter skips it when it wraps.
        do
        {
            _lastRequestId++;
        }
        while (_lastRequestId == 0 || _pending.ContainsKey(_lastRequestId) ||
            _abandonedRequests.Contains(_lastRequestId));

        return _lastRequestId;
    }

    private void ThrowIfNotConnected(MessageInfo info)
    {
        lock (_lock)
        {
            ThrowIfNotConnectedLocked(info);
        }
    }

    private void ThrowIfNotConnectedLocked(MessageInfo info)
    {
        if (_state != ConnectionState.Started)
        {
            throw CreateNotConnectedExceptionLocked(info);
        }
    }

    private Exception CreateNotConnectedExceptionLocked(MessageInfo info)
    {
        if (_state is ConnectionState.Created or ConnectionState.Starting)
        {
            return new InvalidOperationException(
                $"Cannot send {PeerName}.{info.Name}: connection {LocalName} to {PeerName} is not started yet; " +
                "call Start first.");
        }

        return _disconnectError!;
    }

    /// <summary>Encodes the header and body into this thread's send buffer and passes them to the transport.
    /// </summary>
    private void SendFrame(
        IMessage message, uint requestId, MessageFlags flags, int maxPayload, int maxAttachments, bool batch = false)
    {
        var buffer = SendBuffer.Rent();
        bool handedToTransport = false;
        try
        {
            buffer.Advance(ConnectionHeader.Size);
            var writer = new MessagePackWriter(buffer);
            message.Encode(ref writer, buffer.Attachments);
            writer.Flush();

            int bodyBytes = buffer.WrittenCount - ConnectionHeader.Size;
            if (bodyBytes > maxPayload)
            {
                throw new IpcLimitExceededException(
                    $"Message {message.GetType().Name} encodes to {bodyBytes} bytes, over the limit of " +
                    $"{maxPayload} bytes of its endpoint; send large data in a file or shared memory attachment.");
            }

            if (buffer.Attachments.Count > maxAttachments)
            {
                throw new IpcLimitExceededException(
                    $"Message {message.GetType().Name} has {buffer.Attachments.Count} attachments, over the limit " +
                    $"of {maxAttachments} of its endpoint; send fewer descriptors per message.");
            }

            new ConnectionHeader(message.EndpointMagic, message.MessageId, requestId, flags)
                .Write(buffer.WrittenSpan);
            handedToTransport = true;
            if (batch)
            {
                _transport.SendBatched(buffer.WrittenSpan, buffer.GetAttachmentSpan());
            }
            else
            {
                _transport.Send(buffer.WrittenSpan, buffer.GetAttachmentSpan());
            }
        }
        catch
        {
            if (!handedToTransport)
            {
                // Encoding may have stopped before it reached every attachment, so the message disposes them all.
                buffer.DisposeAttachments();
                message.DisposeAttachments();
            }

            throw;
        }
        finally
        {
            SendBuffer.Return(buffer);
        }
    }
}
