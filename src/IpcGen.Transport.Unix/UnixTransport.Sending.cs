using System.Diagnostics;
using System.Runtime.InteropServices;
using IpcGen.Unix.Interop;

namespace IpcGen.Unix;

// The send path. Every frame goes out inline from the calling thread when nothing is queued. What the socket does
// not take waits in one growing byte buffer plus a queue of descriptors, which the IO thread writes when the socket
// is writable.
//
// Descriptor rule: the descriptors of a frame travel only in sendmsg calls that carry at least one byte of that
// frame's 8-byte header, at most MaxDescriptorsPerSend per call. A frame with more descriptors than that sends one
// header byte per call until its last batch, so 128 descriptors need 4 calls and never pass the header. The
// receiver therefore has every descriptor of a frame once it has the frame's header.
public sealed partial class UnixTransport
{
    private const int InitialSendCapacity = 64 * 1024;
    private const int RetainedSendCapacity = 1024 * 1024;

    /// <summary>A batched message is held back when the previous write was less than this long ago, in
    /// microseconds.</summary>
    internal const int BatchWindowMicroseconds = 20;

    /// <summary>Queued bytes at which a batched message is written by the sending thread instead of waiting for the
    /// IO thread.</summary>
    internal const int BatchFlushBytes = 32 * 1024;

    private static readonly long s_batchWindowTicks = Stopwatch.Frequency * BatchWindowMicroseconds / 1_000_000;

    // How recently the peer must have taken bytes for the send queue to grow past its limit.
    private static readonly TimeSpan s_readProgressWindow = TimeSpan.FromSeconds(1);

    private readonly RingQueue<QueuedDescriptor> _sendDescriptors = new();
    private readonly RingQueue<SafeHandle> _unacknowledged = new();
    private readonly SafeHandle?[] _takenHandles = new SafeHandle?[IpcLimits.MaxAttachmentsPerMessage];

    // Guarded by _sendLock. _sendPosition is the stream offset of _sendBuffer[_sendStart], the next byte to send.
    private byte[] _sendBuffer = [];
    private int _sendStart;
    private int _sendEnd;
    private long _sendPosition;
    private bool _sendClosed;

    // Stopwatch timestamp of the last sendmsg that took bytes, guarded by _sendLock. It distinguishes a peer
    // that reads slowly from one that stopped reading, when the queue passes its limit.
    private long _lastSendProgress = Stopwatch.GetTimestamp();

    // Stopwatch timestamp of the last sendmsg of a message frame, guarded by _sendLock; decides whether a batched
    // message is held back.
    private long _lastWriteTimestamp;

    // Set under _sendLock when sendmsg failed with EPIPE or ECONNRESET; read by the IO thread.
    private volatile bool _peerStoppedReading;

    private enum SendOutcome
    {
        Written,
        Queued,
        QueuedFirst,
        Failed,
    }

    private enum FlushResult
    {
        Complete,
        WouldBlock,
        Failed,
    }

    private bool IsSendQueueEmptyLocked => _sendStart == _sendEnd && _sendDescriptors.Count == 0;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">An attachment is not a file descriptor or no longer owns it.</exception>
    public override void Send(ReadOnlySpan<byte> payload, ReadOnlySpan<Attachment> attachments) =>
        SendCore(payload, attachments, batch: false);

    /// <inheritdoc/>
    /// <remarks>A message is held back only while messages follow each other closely (the previous write was
    /// less than <see cref="BatchWindowMicroseconds"/> ago) and carries no descriptor. The first message held
    /// back wakes the IO thread, which writes everything queued by the time it runs; a queue that reaches
    /// <see cref="BatchFlushBytes"/> is written by the sending thread.</remarks>
    protected internal override void SendBatched(ReadOnlySpan<byte> payload, ReadOnlySpan<Attachment> attachments) =>
        SendCore(payload, attachments, batch: true);

    private void SendCore(ReadOnlySpan<byte> payload, ReadOnlySpan<Attachment> attachments, bool batch)
    {
        ValidateOutgoing(payload.Length, attachments);
        Span<byte> header = stackalloc byte[FrameHeader.Size];
        lock (_sendLock)
        {
            if (_sendClosed || _disconnect is not null)
            {
                DisposeAll(attachments);
                ThrowIfDisconnected();
            }

            int count = TakeHandles(attachments);
            FrameHeader.Write(header, payload.Length, count, FrameType.Message);
            var outcome = SendFrameLocked(header, payload, count, batch);
            if (outcome == SendOutcome.Failed)
            {
                ThrowIfDisconnected();
            }

            if (outcome == SendOutcome.QueuedFirst && Environment.CurrentManagedThreadId != _ioThreadId)
            {
                // The IO thread polls for POLLOUT only when it finds the queue non-empty, so the wakeup makes it look again.
                _wakeup.Signal();
            }
        }
    }

    private static void ValidateOutgoing(int payloadLength, ReadOnlySpan<Attachment> attachments)
    {
        if (payloadLength > IpcLimits.MaxPayloadBytes)
        {
            DisposeAll(attachments);
            throw new IpcLimitExceededException(
                $"The message payload is {payloadLength} bytes, over the limit of {IpcLimits.MaxPayloadBytes} " +
                "bytes (IpcLimits.MaxPayloadBytes); send the data in smaller messages or through a shared file.");
        }

        if (attachments.Length > IpcLimits.MaxAttachmentsPerMessage)
        {
            int count = attachments.Length;
            DisposeAll(attachments);
            throw new IpcLimitExceededException(
                $"The message carries {count} attachments, over the limit of {IpcLimits.MaxAttachmentsPerMessage} " +
                "(IpcLimits.MaxAttachmentsPerMessage); send them in several messages.");
        }

        foreach (var attachment in attachments)
        {
            if (attachment is null || attachment.Kind != AttachmentKind.FileDescriptor)
            {
                string kind = attachment is null ? "null" : $"a {attachment.Kind}";
                DisposeAll(attachments);
                throw new ArgumentException(
                    $"The Unix transport sends only file descriptor attachments, but one is {kind}.",
                    nameof(attachments));
            }
        }
    }

    private static void DisposeAll(ReadOnlySpan<Attachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            attachment?.Dispose();
        }
    }

    /// <summary>Moves the handles out of the attachments into <see cref="_takenHandles"/>, adding a reference to
    /// each that <see cref="CloseTakenHandle"/> releases.</summary>
    private int TakeHandles(ReadOnlySpan<Attachment> attachments)
    {
        for (int i = 0; i < attachments.Length; i++)
        {
            try
            {
                var handle = attachments[i].ReleaseHandleForSend();

                // The caller may still hold the SafeHandle it wrapped and close it while the frame waits in the
                // queue. The reference keeps the descriptor number from being closed and reused by another file,
                // which sendmsg would then pass to the peer.
                bool added = false;
                handle.DangerousAddRef(ref added);
                _takenHandles[i] = handle;
            }
            catch (ObjectDisposedException)
            {
                DisposeTakenHandles(i);
                DisposeAll(attachments[(i + 1)..]);
                throw new ArgumentException(
                    $"Attachment {i} no longer owns its descriptor (it was sent, taken or disposed); nothing was sent.",
                    nameof(attachments));
            }
        }

        return attachments.Length;
    }

    private void DisposeTakenHandles(int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (_takenHandles[i] is { } handle)
            {
                CloseTakenHandle(handle);
            }

            _takenHandles[i] = null;
        }
    }

    /// <summary>Closes a handle taken by <see cref="TakeHandles"/>, releasing the reference it added.</summary>
    private static void CloseTakenHandle(SafeHandle handle)
    {
        handle.Dispose();
        handle.DangerousRelease();
    }

    /// <summary>Sends or queues one frame whose descriptors are the first <paramref name="descriptorCount"/>
    /// entries of <see cref="_takenHandles"/>, which it takes over.</summary>
    private SendOutcome SendFrameLocked(
        ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, int descriptorCount, bool batch = false)
    {
        bool queueWasEmpty = IsSendQueueEmptyLocked;
        if (batch && descriptorCount == 0 &&
            (!queueWasEmpty || Stopwatch.GetTimestamp() - _lastWriteTimestamp < s_batchWindowTicks))
        {
            return QueueForBatchLocked(header, payload, queueWasEmpty);
        }

        if (queueWasEmpty && descriptorCount <= MaxDescriptorsPerSend)
        {
            return SendInlineLocked(header, payload, descriptorCount);
        }

        long frameOffset = _sendPosition + (_sendEnd - _sendStart);
        if (!AppendLocked(header, payload, 0))
        {
            DisposeTakenHandles(descriptorCount);
            return SendOutcome.Failed;
        }

        EnqueueTakenHandles(frameOffset, descriptorCount);

        // Behind a queue, a frame that may not wait tries to write the queue now. The queue may hold batched
        // messages rather than wait for a full socket, and the IO thread would write them only after a wakeup.
        var result = TryFlushLocked(out int errno);
        if (result == FlushResult.Failed)
        {
            FailSendLocked(errno);
            return SendOutcome.Failed;
        }

        if (result == FlushResult.Complete)
        {
            return SendOutcome.Written;
        }

        return queueWasEmpty ? SendOutcome.QueuedFirst : SendOutcome.Queued;
    }

    /// <summary>Appends a frame to the queue without writing it, unless the queue has reached
    /// <see cref="BatchFlushBytes"/>; the first frame queued makes the caller wake the IO thread.</summary>
    private SendOutcome QueueForBatchLocked(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, bool queueWasEmpty)
    {
        if (!AppendLocked(header, payload, 0))
        {
            return SendOutcome.Failed;
        }

        if (_sendEnd - _sendStart >= BatchFlushBytes)
        {
            var result = TryFlushLocked(out int errno);
            if (result == FlushResult.Failed)
            {
                FailSendLocked(errno);
                return SendOutcome.Failed;
            }

            if (result == FlushResult.Complete)
            {
                return SendOutcome.Written;
            }
        }

        return queueWasEmpty ? SendOutcome.QueuedFirst : SendOutcome.Queued;
    }

    private SendOutcome SendInlineLocked(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, int descriptorCount)
    {
        Span<int> descriptors = stackalloc int[MaxDescriptorsPerSend];
        for (int i = 0; i < descriptorCount; i++)
        {
            descriptors[i] = (int)_takenHandles[i]!.DangerousGetHandle();
        }

        nint sent = SocketCalls.SendMessage(_socket, header, payload, descriptors[..descriptorCount], out int errno);
        _lastWriteTimestamp = Stopwatch.GetTimestamp();
        if (sent < 0)
        {
            if (errno != Native.ErrorAgain)
            {
                DisposeTakenHandles(descriptorCount);
                FailSendLocked(errno);
                return SendOutcome.Failed;
            }

            sent = 0;
        }
        else
        {
            for (int i = 0; i < descriptorCount; i++)
            {
                ReleaseSentDescriptorLocked(_takenHandles[i]!);
                _takenHandles[i] = null;
            }

            descriptorCount = 0;
        }

        if (sent == header.Length + payload.Length)
        {
            return SendOutcome.Written;
        }

        long frameOffset = _sendPosition;
        _sendPosition += sent;
        if (sent > 0)
        {
            _lastSendProgress = Stopwatch.GetTimestamp();
        }

        if (!AppendLocked(header, payload, (int)sent))
        {
            DisposeTakenHandles(descriptorCount);
            return SendOutcome.Failed;
        }

        EnqueueTakenHandles(frameOffset, descriptorCount);
        return SendOutcome.QueuedFirst;
    }

    private void EnqueueTakenHandles(long frameOffset, int count)
    {
        for (int i = 0; i < count; i++)
        {
            _sendDescriptors.Enqueue(new QueuedDescriptor(frameOffset, _takenHandles[i]!));
            _takenHandles[i] = null;
        }
    }

    /// <summary>Closes a descriptor the socket has taken, or keeps it until the peer acknowledges it.</summary>
    private void ReleaseSentDescriptorLocked(SafeHandle handle)
    {
        if (_acknowledgeDescriptors)
        {
            _unacknowledged.Enqueue(handle);
        }
        else
        {
            CloseTakenHandle(handle);
        }
    }

    /// <summary>Returns whether the queue may grow to <paramref name="total"/> bytes past its limit: only while the
    /// peer keeps reading (it took bytes within <see cref="s_readProgressWindow"/>), and never past twice the limit.
    /// A slow reader thus loses no message, while one that stopped reading cannot make the queue grow without end.
    /// </summary>
    private bool MayQueuePastLimitLocked(long total) =>
        total <= 2 * _maxQueuedSendBytes && Stopwatch.GetElapsedTime(_lastSendProgress) < s_readProgressWindow;

    /// <summary>Copies the frame, minus its first <paramref name="skip"/> bytes, to the end of the send queue.
    /// Returns false (after disconnecting) when the queue cannot grow.</summary>
    private bool AppendLocked(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, int skip)
    {
        int length = header.Length + payload.Length - skip;
        long queued = _sendEnd - _sendStart;
        if (queued + length > _maxQueuedSendBytes && !MayQueuePastLimitLocked(queued + length))
        {
            // Part of an earlier frame may be on the socket already, so the stream cannot continue without it.
            _sendClosed = true;
            DropSendQueueLocked();
            RecordDisconnect(
                DisconnectReason.TransportError,
                $"the peer does not read: {queued} bytes are queued, {length} more would pass the limit of " +
                $"{_maxQueuedSendBytes} bytes (UnixTransportOptions.MaxQueuedSendBytes), and the peer took no bytes " +
                $"for {Stopwatch.GetElapsedTime(_lastSendProgress).TotalMilliseconds:0} ms");
            _wakeup.Signal();
            return false;
        }

        if (!EnsureSendCapacityLocked(length))
        {
            return false;
        }

        if (skip < header.Length)
        {
            header[skip..].CopyTo(_sendBuffer.AsSpan(_sendEnd));
            _sendEnd += header.Length - skip;
            skip = 0;
        }
        else
        {
            skip -= header.Length;
        }

        payload[skip..].CopyTo(_sendBuffer.AsSpan(_sendEnd));
        _sendEnd += payload.Length - skip;
        return true;
    }

    private bool EnsureSendCapacityLocked(int extra)
    {
        if (_sendBuffer.Length - _sendEnd >= extra)
        {
            return true;
        }

        int queued = _sendEnd - _sendStart;
        long required = (long)queued + extra;
        if (required <= _sendBuffer.Length)
        {
            _sendBuffer.AsSpan(_sendStart, queued).CopyTo(_sendBuffer);
            _sendStart = 0;
            _sendEnd = queued;
            return true;
        }

        long size = Math.Max(required, Math.Max(InitialSendCapacity, 2L * _sendBuffer.Length));
        size = Math.Min(size, Math.Max(required, 2 * _maxQueuedSendBytes));
        size = Math.Min(size, Array.MaxLength);
        try
        {
            if (required > size)
            {
                throw new OutOfMemoryException($"The send queue would need {required} bytes.");
            }

            var larger = new byte[size];
            _sendBuffer.AsSpan(_sendStart, queued).CopyTo(larger);
            _sendBuffer = larger;
            _sendStart = 0;
            _sendEnd = queued;
            return true;
        }
        catch (OutOfMemoryException)
        {
            // Part of the frame may be on the socket already, so the stream cannot continue.
            _sendClosed = true;
            DropSendQueueLocked();
            RecordDisconnect(
                DisconnectReason.TransportError,
                $"the send queue could not grow to {required} bytes (maximum {Array.MaxLength}) because the peer " +
                "does not read");
            _wakeup.Signal();
            return false;
        }
    }

    /// <summary>Writes queued bytes and descriptors until the queue is empty or the socket is full, without
    /// blocking.</summary>
    private FlushResult TryFlushLocked(out int errno)
    {
        errno = 0;
        Span<int> descriptors = stackalloc int[MaxDescriptorsPerSend];
        while (true)
        {
            int queued = _sendEnd - _sendStart;
            if (queued == 0 && _sendDescriptors.Count == 0)
            {
                ResetSendBufferLocked();
                return FlushResult.Complete;
            }

            int byteCount = queued;
            int descriptorCount = 0;
            if (_sendDescriptors.Count > 0)
            {
                long frameOffset = _sendDescriptors[0].FrameOffset;
                if (_sendPosition < frameOffset)
                {
                    byteCount = (int)Math.Min(byteCount, frameOffset - _sendPosition);
                }
                else
                {
                    Debug.Assert(_sendPosition < frameOffset + FrameHeader.Size, "descriptors passed their header");
                    while (descriptorCount < MaxDescriptorsPerSend && descriptorCount < _sendDescriptors.Count &&
                        _sendDescriptors[descriptorCount].FrameOffset == frameOffset)
                    {
                        descriptors[descriptorCount] =
                            (int)_sendDescriptors[descriptorCount].Handle.DangerousGetHandle();
                        descriptorCount++;
                    }

                    if (descriptorCount < _sendDescriptors.Count)
                    {
                        long next = _sendDescriptors[descriptorCount].FrameOffset;
                        byteCount = next == frameOffset ? 1 : (int)Math.Min(byteCount, next - _sendPosition);
                    }
                }
            }

            nint sent = SocketCalls.SendMessage(
                _socket, _sendBuffer.AsSpan(_sendStart, byteCount), default, descriptors[..descriptorCount],
                out errno);
            if (sent < 0)
            {
                return errno == Native.ErrorAgain ? FlushResult.WouldBlock : FlushResult.Failed;
            }

            _sendStart += (int)sent;
            _sendPosition += sent;
            _lastSendProgress = Stopwatch.GetTimestamp();
            _lastWriteTimestamp = _lastSendProgress;
            for (int i = 0; i < descriptorCount; i++)
            {
                ReleaseSentDescriptorLocked(_sendDescriptors.Dequeue().Handle);
            }

            if (sent < byteCount)
            {
                // A short write on a non-blocking stream socket means its buffer is full.
                return FlushResult.WouldBlock;
            }
        }
    }

    private void ResetSendBufferLocked()
    {
        _sendStart = 0;
        _sendEnd = 0;
        if (_sendBuffer.Length > RetainedSendCapacity)
        {
            _sendBuffer = [];
        }
    }

    /// <summary>Stops sending after a failed sendmsg. EPIPE and ECONNRESET mean the peer closed or shut down its
    /// reading side: the IO thread still reads what the peer sent before and then reports PeerClosed. Any other
    /// error disconnects.</summary>
    private void FailSendLocked(int errno)
    {
        _sendClosed = true;
        DropSendQueueLocked();
        if (errno == Native.ErrorBrokenPipe || errno == Native.ErrorConnectionReset)
        {
            // A peer that only shut down reading sends no end of stream. So the IO thread disconnects once a read
            // returns EAGAIN (see ReceiveAvailable), and the wakeup makes it read even if the socket stays quiet.
            _peerStoppedReading = true;
            if (_shutDown == 0)
            {
                _wakeup.Signal();
            }

            // An inline reader holds the lease, so it is the one that must do that read.
            InterruptInlineReceive();
            return;
        }

        RecordDisconnect(
            DisconnectReason.TransportError,
            SocketCalls.NewIOException("sendmsg failed", errno).Message);
        if (_shutDown == 0)
        {
            _wakeup.Signal();
        }
    }

    private void DropSendQueueLocked()
    {
        while (_sendDescriptors.Count > 0)
        {
            CloseTakenHandle(_sendDescriptors.Dequeue().Handle);
        }

        while (_unacknowledged.Count > 0)
        {
            CloseTakenHandle(_unacknowledged.Dequeue());
        }

        _sendStart = 0;
        _sendEnd = 0;
        _sendBuffer = [];
    }

    /// <summary>Sends one acknowledgement frame for <paramref name="count"/> received descriptors.</summary>
    private void SendAcknowledgementLocked(int count)
    {
        Span<byte> header = stackalloc byte[FrameHeader.Size];
        FrameHeader.Write(header, 0, count, FrameType.DescriptorAcknowledgement);
        if (SendFrameLocked(header, default, 0) == SendOutcome.QueuedFirst &&
            Environment.CurrentManagedThreadId != _ioThreadId)
        {
            // Sent by an inline reader: the IO thread must learn that the queue has something to write.
            _wakeup.Signal();
        }
    }

    /// <summary>Writes the whole send queue for a release, waiting for the socket until the queue is written or
    /// <see cref="Dispose"/> signals the wakeup descriptor.</summary>
    private void WriteQueueBeforeRelease()
    {
        Span<PollDescriptor> polls = stackalloc PollDescriptor[2];
        int socket = (int)_socket.DangerousGetHandle();
        lock (_sendLock)
        {
            _sendClosed = true;
        }

        while (Volatile.Read(ref _disconnect) is null)
        {
            lock (_sendLock)
            {
                var result = TryFlushLocked(out int errno);
                if (result == FlushResult.Complete)
                {
                    return;
                }

                if (result == FlushResult.Failed)
                {
                    FailSendLocked(errno);
                    RecordDisconnect(DisconnectReason.PeerClosed, "the peer closed its end during the release");
                    return;
                }
            }

            polls[0] = new PollDescriptor { Descriptor = socket, Events = Native.PollOut };
            polls[1] = new PollDescriptor { Descriptor = _wakeup.PollDescriptor, Events = Native.PollIn };
            SocketCalls.Poll(polls, -1);
            if ((polls[1].ReturnedEvents & Native.PollIn) != 0)
            {
                _wakeup.Drain();
            }

            if ((polls[0].ReturnedEvents & (Native.PollError | Native.PollInvalid)) != 0)
            {
                RecordDisconnect(
                    DisconnectReason.TransportError,
                    $"poll reported events 0x{polls[0].ReturnedEvents:x} while writing the queue before a release");
                return;
            }
        }
    }
}
