using System.Diagnostics;
using IpcGen.Logging;
using IpcGen.Messages;
using MessagePack;

namespace IpcGen;

public sealed partial class Connection<TLocal, TPeer>
{
    private static readonly AttachmentReader s_noAttachments = new([]);

    // Estimated memory of one queued message beyond its encoded body (queue entry, message object), in bytes.
    private const int QueuedItemOverheadBytes = 64;

    /// <summary>
    /// Parses, validates and decodes one message on the transport's IO thread. Responses complete their caller
    /// here; everything else is queued for the context. Any invalid message closes its attachments and throws
    /// <see cref="IpcProtocolException"/>, so the transport disconnects the peer.
    /// </summary>
    void ITransportReceiver.OnMessage(ReadOnlyMemory<byte> payload, Attachment[] attachments)
    {
        Volatile.Write(ref _receiveThreadId, Environment.CurrentManagedThreadId);
        try
        {
            ReceiveMessage(payload, attachments);
        }
        catch (Exception exception)
        {
            foreach (var attachment in attachments)
            {
                attachment.Dispose();
            }

            if (exception is ThreadInterruptedException)
            {
                // Thread.Interrupt on the reading thread, not the peer's fault; the transport reports it as such.
                throw;
            }

            var violation = exception as IpcProtocolException ?? new IpcProtocolException(
                $"Decoding a message from {PeerName} failed: {exception.Message}", exception);
            // The disconnect that follows logs the one line, with this detail.
            lock (_lock)
            {
                _protocolViolation ??= violation.Message;
            }

            throw violation;
        }
        finally
        {
            Volatile.Write(ref _receiveThreadId, 0);
        }
    }

    /// <inheritdoc/>
    void ITransportReceiver.OnDisconnected(TransportDisconnect disconnect) => HandleDisconnect(disconnect);

    private void ReceiveMessage(ReadOnlyMemory<byte> payload, Attachment[] attachments)
    {
        var header = ConnectionHeader.Read(payload.Span);
        var body = payload[ConnectionHeader.Size..];
        lock (_lock)
        {
            if (_state == ConnectionState.Disconnected)
            {
                // Dispose raced with the IO thread; the message arrived after this side closed.
                DisposeAll(attachments);
                return;
            }

            if (!_helloReceived && header.Flags != MessageFlags.Hello)
            {
                throw new IpcProtocolException(
                    $"The peer sent a message (magic 0x{header.Magic:X8}, id {header.MessageId}, flags " +
                    $"{header.Flags}) before its hello message.");
            }
        }

        if (header.Magic == ConnectionHeader.ControlMagic)
        {
            ReceiveControl(header, body, attachments);
        }
        else if (header.Flags == MessageFlags.Response)
        {
            ReceiveResponse(header, body, attachments);
        }
        else
        {
            ReceiveRequest(header, body, attachments);
        }
    }

    private void ReceiveControl(ConnectionHeader header, ReadOnlyMemory<byte> body, Attachment[] attachments)
    {
        if (attachments.Length != 0 || header.MessageId != 0)
        {
            throw new IpcProtocolException(
                $"Invalid control message: message id {header.MessageId} and {attachments.Length} attachments; " +
                "control messages have id 0 and no attachments.");
        }

        var reader = new MessagePackReader(body);
        switch (header.Flags)
        {
            case MessageFlags.Hello:
                var hello = HelloMessage.Decode(ref reader);
                EnsureEnd(ref reader, "hello");
                AcceptHello(hello);
                break;
            case MessageFlags.Response | MessageFlags.ErrorResponse:
                var error = ErrorResponseMessage.Decode(ref reader);
                EnsureEnd(ref reader, "error response");
                ReceiveErrorResponse(header.RequestId, error);
                break;
            case MessageFlags.Cancel:
                CancelMessage.Decode(ref reader);
                EnsureEnd(ref reader, "cancel");
                ReceiveCancel(header.RequestId);
                break;
            default:
                throw new IpcProtocolException(
                    $"Invalid control message flags 0x{(uint)header.Flags:X}: expected hello, cancel or error " +
                    "response.");
        }
    }

    private void AcceptHello(HelloMessage hello)
    {
        var expectedPeer = EndpointIdentity.Of(_peer);
        var expectedLocal = EndpointIdentity.Of(_local);
        lock (_lock)
        {
            if (_helloReceived)
            {
                throw new IpcProtocolException("The peer sent a second hello message.");
            }

            _helloReceived = true;
        }

        if (hello.Version != HelloMessage.ProtocolVersion)
        {
            throw new IpcProtocolException(
                $"The peer speaks connection protocol version {hello.Version}; this side speaks version " +
                $"{HelloMessage.ProtocolVersion}. Build both processes with the same IpcGen version.");
        }

        if (hello.Local.Magic != expectedPeer.Magic || hello.Local.ShapeHash != expectedPeer.ShapeHash ||
            hello.Peer.Magic != expectedLocal.Magic || hello.Peer.ShapeHash != expectedLocal.ShapeHash)
        {
            throw new IpcProtocolException(
                $"Endpoint mismatch: this side implements {expectedLocal} and expects the peer to implement " +
                $"{expectedPeer}, but the peer implements {hello.Local} and expects {hello.Peer}. Build both " +
                "processes from the same endpoint interfaces.");
        }
    }

    private void ReceiveErrorResponse(uint requestId, ErrorResponseMessage error)
    {
        var pending = TakePendingOrNull(requestId);
        if (pending is null)
        {
            return;
        }

        pending.Fail(new IpcRemoteException(PeerName, pending.Request.Name, error.ExceptionType,
            error.ExceptionMessage));
    }

    private void ReceiveCancel(uint requestId)
    {
        CancellationTokenSource? cancellation;
        lock (_lock)
        {
            _incomingAsync.TryGetValue(requestId, out cancellation);
        }

        // A cancel for a request that already finished crossed its response on the wire; it is not an error.
        // CancelAsync runs the handler's cancellation callbacks on the thread pool, not on this IO thread.
        if (cancellation is not null)
        {
            RequestCancellation(cancellation);
        }
    }

    private void RequestCancellation(CancellationTokenSource cancellation)
    {
        Task cancelled;
        try
        {
            cancelled = cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The handler finished and disposed its source between the lookup and this call.
            return;
        }

        // A callback that a handler registered on its token may throw; its exception is logged, not left unobserved.
        if (!cancelled.IsCompletedSuccessfully)
        {
            cancelled.ContinueWith(
                static (task, state) =>
                {
                    var connection = (Connection<TLocal, TPeer>)state!;
                    ConnectionLog.CancellationCallbackFailed(
                        connection._logger, connection.LocalName, connection.PeerName, task.Exception!);
                },
                this,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void ReceiveResponse(ConnectionHeader header, ReadOnlyMemory<byte> body, Attachment[] attachments)
    {
        if (header.Magic != _peer.Magic)
        {
            throw new IpcProtocolException(
                $"Invalid response magic 0x{header.Magic:X8}: responses come from the peer endpoint {PeerName} " +
                $"(magic 0x{_peer.Magic:X8}).");
        }

        // The request is read under the lock: once the call leaves the pending requests (a timeout), its pooled
        // SyncCall can start another request at any moment.
        MessageInfo? request = null;
        bool abandoned;
        lock (_lock)
        {
            if (_pending.TryGetValue(header.RequestId, out var pending))
            {
                request = pending.Request;
            }

            abandoned = request is null && _abandonedRequests.Contains(header.RequestId);
        }

        if (request is null && !abandoned)
        {
            throw new IpcProtocolException(
                $"The peer sent a response (id {header.MessageId}) for request {header.RequestId}, which is not " +
                "pending.");
        }

        uint expectedId = request?.ResponseId ?? header.MessageId;
        if (header.MessageId != expectedId)
        {
            throw new IpcProtocolException(
                $"The peer answered {PeerName}.{request!.Value.Name} (request {header.RequestId}) with message " +
                $"id {header.MessageId}; its response id is {expectedId}.");
        }

        string responseName = _peer.TryGetMessage(header.MessageId, out var responseInfo)
            ? responseInfo.Name
            : $"message {header.MessageId}";
        var response = Decode(_peer, header, responseName, body, attachments);
        if (TakePendingOrNull(header.RequestId) is { } taken)
        {
            taken.Complete(response);
            return;
        }

        // The caller of an abandoned call no longer waits, so the late response's attachments are closed here.
        foreach (var attachment in attachments)
        {
            attachment.Dispose();
        }
    }

    /// <summary>Removes a pending request for its response; returns null when the caller gave up on it (timeout,
    /// deadlock or cancellation), whose late response is dropped.</summary>
    private PendingRequest? TakePendingOrNull(uint requestId)
    {
        lock (_lock)
        {
            if (_pending.Remove(requestId, out var pending))
            {
                return pending;
            }

            if (_abandonedRequests.Remove(requestId))
            {
                return null;
            }
        }

        throw new IpcProtocolException($"The peer sent a response for request {requestId}, which is not pending.");
    }

    private void ReceiveRequest(ConnectionHeader header, ReadOnlyMemory<byte> body, Attachment[] attachments)
    {
        if (header.Magic != _local.Magic)
        {
            throw new IpcProtocolException(
                $"Unknown endpoint magic 0x{header.Magic:X8}: requests must be for {LocalName} " +
                $"(magic 0x{_local.Magic:X8}).");
        }

        if (!_local.TryGetMessage(header.MessageId, out var info))
        {
            throw new IpcProtocolException($"Unknown message id {header.MessageId} for endpoint {LocalName}.");
        }

        var kind = ValidateRequest(header, info);
        var message = Decode(_local, header, info.Name, body, attachments);
        long queuedBytes = body.Length + QueuedItemOverheadBytes;
        var item = new InboundItem(
            0, kind, message, info, header.RequestId, Stopwatch.GetTimestamp(), null, queuedBytes);
        bool post;
        lock (_lock)
        {
            if (_state == ConnectionState.Disconnected)
            {
                // Dispose raced with the decode. The message is not dispatched, so its descriptors are closed here.
                DisposeAll(attachments);
                return;
            }

            if (_queuedInboundBytes + queuedBytes > _maxQueuedInboundBytes)
            {
                throw new IpcProtocolException(
                    $"The peer's messages waiting for dispatch on {LocalName} would reach " +
                    $"{_queuedInboundBytes + queuedBytes} bytes with {info.Name}, over " +
                    $"ConnectionOptions.MaxQueuedInboundBytes ({_maxQueuedInboundBytes}): the peer sends faster " +
                    "than the dispatch thread handles its messages. Raise the limit, or make handlers return sooner.");
            }

            if (kind == InboundKind.AsyncRequest)
            {
                if (_incomingAsync.Count >= _maxConcurrentIncomingAsync)
                {
                    throw new IpcProtocolException(
                        $"The peer sent {info.Name} (request {header.RequestId}) while {_incomingAsync.Count} of its " +
                        $"async requests to {LocalName} are still in progress, the maximum of " +
                        "ConnectionOptions.MaxConcurrentIncomingAsyncRequests. Raise the limit, or make the peer " +
                        "wait for its requests.");
                }

                if (!_incomingAsync.TryAdd(header.RequestId, new CancellationTokenSource()))
                {
                    throw new IpcProtocolException(
                        $"The peer reused request id {header.RequestId} for {info.Name} while it is still running.");
                }

                item = item with { Cancellation = _incomingAsync[header.RequestId] };
            }

            item = item with { Sequence = ++_inboundSequence };
            _queuedInboundBytes += queuedBytes;
            post = EnqueueLocked(item);
        }

        if (post)
        {
            PostDispatch();
        }
    }

    private static void DisposeAll(Attachment[] attachments)
    {
        foreach (var attachment in attachments)
        {
            attachment.Dispose();
        }
    }

    private static InboundKind ValidateRequest(ConnectionHeader header, MessageInfo info)
    {
        (InboundKind kind, MessageKind expected, bool hasRequestId) = header.Flags switch
        {
            MessageFlags.None => (InboundKind.OneWay, MessageKind.OneWay, false),
            MessageFlags.SyncRequest => (InboundKind.SyncRequest, MessageKind.SyncRequest, true),
            MessageFlags.AsyncRequest => (InboundKind.AsyncRequest, MessageKind.AsyncRequest, true),
            _ => throw new IpcProtocolException(
                $"Invalid flags 0x{(uint)header.Flags:X} for message {info.Name}: expected none (one-way), sync " +
                "request or async request."),
        };

        if (info.Kind != expected)
        {
            throw new IpcProtocolException(
                $"Message {info.Name} arrived flagged as {expected}, but it is declared {info.Kind}.");
        }

        if (hasRequestId != (header.RequestId != 0))
        {
            throw new IpcProtocolException(
                $"Invalid request id {header.RequestId} for {expected} message {info.Name}: requests need a " +
                "non-zero id and one-way messages id 0.");
        }

        return kind;
    }

    private static IMessage Decode(
        EndpointDescriptor descriptor,
        ConnectionHeader header,
        string messageName,
        ReadOnlyMemory<byte> body,
        Attachment[] attachments)
    {
        if (body.Length > descriptor.MaxPayloadBytes)
        {
            throw new IpcProtocolException(
                $"{descriptor.Name}.{messageName} (id {header.MessageId}) has a {body.Length}-byte body, over the " +
                $"endpoint's limit of {descriptor.MaxPayloadBytes} bytes.");
        }

        if (attachments.Length > descriptor.MaxAttachments)
        {
            throw new IpcProtocolException(
                $"{descriptor.Name}.{messageName} (id {header.MessageId}) has {attachments.Length} attachments, " +
                $"over the endpoint's limit of {descriptor.MaxAttachments}.");
        }

        var attachmentReader = attachments.Length == 0 ? s_noAttachments : new AttachmentReader(attachments);
        var reader = new MessagePackReader(body);
        IMessage message;
        try
        {
            message = descriptor.Decode(header.MessageId, ref reader, attachmentReader);
        }
        catch (Exception exception) when (exception is not IpcProtocolException)
        {
            throw new IpcProtocolException(
                $"Invalid body of {descriptor.Name}.{messageName} (id {header.MessageId}): {exception.Message}",
                exception);
        }

        // The descriptor's Decode has already checked that the body had no trailing bytes and that every attachment
        // was taken, so the connection does not check them a second time on every message.
        return message;
    }

    private static void EnsureEnd(ref MessagePackReader reader, string message)
    {
        if (!reader.End)
        {
            long trailing = reader.Sequence.Length - reader.Consumed;
            throw new IpcProtocolException($"Invalid {message}: {trailing} trailing bytes after its body.");
        }
    }

    /// <summary>
    /// Ends the connection once: fails every pending call at once, cancels the peer's running async requests,
    /// and queues the <see cref="Disconnected"/> event behind the messages already received.
    /// </summary>
    private void HandleDisconnect(TransportDisconnect disconnect)
    {
        PendingRequest[] pending;
        CancellationTokenSource[] running;
        IpcDisconnectedException error;
        bool post;
        lock (_lock)
        {
            if (_state == ConnectionState.Disconnected)
            {
                return;
            }

            bool wasStarted = _state is ConnectionState.Starting or ConnectionState.Started;
            _state = ConnectionState.Disconnected;
            string detail = disconnect.Reason == DisconnectReason.ProtocolViolation && _protocolViolation is { } v
                ? v
                : disconnect.Detail;
            error = new IpcDisconnectedException(disconnect.Reason, $"{LocalName} to {PeerName}: {detail}");
            _disconnectError = error;
            pending = [.. _pending.Values];
            _pending.Clear();
            running = [.. _incomingAsync.Values];
            post = wasStarted && EnqueueLocked(new InboundItem(
                ++_inboundSequence, InboundKind.Disconnect, null, default, 0, Stopwatch.GetTimestamp(), null, 0));
        }

        ConnectionLog.Disconnected(_logger, LocalName, PeerName, disconnect.Reason, error.Detail);
        foreach (var request in pending)
        {
            request.Fail(error);
        }

        foreach (var cancellation in running)
        {
            RequestCancellation(cancellation);
        }

        if (post)
        {
            PostDispatch();
        }
    }
}
