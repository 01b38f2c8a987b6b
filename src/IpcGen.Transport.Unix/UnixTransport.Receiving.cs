using IpcGen.Unix.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix;

// The receive path, run only on the IO thread (or by a thread that has stopped it). Bytes land in one receive
// buffer; whole frames are parsed and delivered in place; the leftover of a partial frame moves to the front.
public sealed partial class UnixTransport
{
    private const int InitialReceiveCapacity = 64 * 1024;
    private const int RetainedReceiveCapacity = 4 * 1024 * 1024;

    // Reads per poll round. Without a cap, a peer that writes as fast as this side reads would keep the IO thread
    // reading and never let it write the send queue. Poll is level-triggered, so the rest is read next round.
    private const int MaxReadsPerRound = 64;

    private readonly RingQueue<SafeFileHandle> _receivedDescriptors = new();
    private byte[] _receiveBuffer = new byte[InitialReceiveCapacity];
    private int _receiveStart;
    private int _receiveEnd;
    private int _descriptorsToAcknowledge;

    /// <summary>Reads until the socket has nothing more (EAGAIN, or a short read when
    /// <paramref name="stopAtShortRead"/> is set) or <see cref="MaxReadsPerRound"/> reads returned data, delivering
    /// every whole frame, then acknowledges the descriptors taken when the acknowledgement protocol is on.</summary>
    /// <returns>Whether any bytes were read.</returns>
    private bool ReceiveAvailable(bool stopAtShortRead)
    {
        bool readAny = false;
        Span<byte> control = stackalloc byte[ControlMessages.Space(MaxDescriptorsPerReceive)];
        Span<int> descriptors = stackalloc int[MaxDescriptorsPerReceive];
        for (int reads = 0; reads < MaxReadsPerRound && IsConnected; reads++)
        {
            if (!EnsureReceiveSpace())
            {
                return readAny;
            }

            int space = _receiveBuffer.Length - _receiveEnd;
            nint received = SocketCalls.ReceiveMessage(
                _socket, _receiveBuffer.AsSpan(_receiveEnd), control, out int controlLength, out int flags,
                out int errno);
            if (received < 0)
            {
                if (errno == Native.ErrorAgain && _peerStoppedReading)
                {
                    // Everything the peer sent is delivered, and it reads nothing more that this side could send.
                    RecordDisconnect(
                        DisconnectReason.PeerClosed,
                        "the peer stopped reading (sendmsg failed with EPIPE or ECONNRESET) and sent nothing more");
                    return readAny;
                }

                if (errno == Native.ErrorAgain)
                {
                    break;
                }

                ReportReceiveError(errno);
                return readAny;
            }

            int count = ControlMessages.ReadRights(control[..controlLength], descriptors);
            TakeReceivedDescriptors(descriptors[..Math.Min(count, descriptors.Length)]);
            if ((flags & Native.MessageControlTruncated) != 0)
            {
                RecordDisconnect(
                    DisconnectReason.ProtocolViolation,
                    "the control data of a recvmsg was truncated (MSG_CTRUNC): the peer sent more descriptors in " +
                    $"one sendmsg than the limit of {MaxDescriptorsPerReceive}");
                return readAny;
            }

            if (received == 0)
            {
                RecordDisconnect(DisconnectReason.PeerClosed, DescribeEndOfStream("end of stream"));
                return readAny;
            }

            _receiveEnd += (int)received;
            readAny = true;
            if (_acknowledgeDescriptors)
            {
                _descriptorsToAcknowledge += count;
            }

            if (!ProcessFrames() || !CheckUnprocessedLimits())
            {
                return readAny;
            }

            // A read that did not fill the space found the stream socket drained, so another recvmsg would only
            // return EAGAIN. Data that arrives later (or that the kernel held back at a descriptor boundary) makes
            // the level-triggered poll return at once. After a hangup or error the loop reads on, so that the end
            // of stream or the socket's error is what gets reported.
            if (stopAtShortRead && received < space)
            {
                break;
            }
        }

        SendAcknowledgements();
        return readAny;
    }

    private void ReportReceiveError(int errno)
    {
        if (errno == Native.ErrorConnectionReset)
        {
            RecordDisconnect(DisconnectReason.PeerClosed, DescribeEndOfStream("connection reset (ECONNRESET)"));
            return;
        }

        RecordDisconnect(
            DisconnectReason.TransportError,
            SocketCalls.NewIOException("recvmsg failed", errno).Message);
    }

    private string DescribeEndOfStream(string cause)
    {
        int buffered = _receiveEnd - _receiveStart;
        if (buffered == 0 && _receivedDescriptors.Count == 0)
        {
            return cause;
        }

        string expected = buffered >= FrameHeader.Size
            ? $" of {FrameHeader.Read(_receiveBuffer.AsSpan(_receiveStart)).FrameSize}"
            : string.Empty;
        return $"{cause} in the middle of a frame: {buffered}{expected} bytes and {_receivedDescriptors.Count} " +
            "descriptors of the incomplete frame were discarded";
    }

    private void TakeReceivedDescriptors(ReadOnlySpan<int> descriptors)
    {
        foreach (int descriptor in descriptors)
        {
            var handle = new SafeFileHandle(descriptor, ownsHandle: true);
            _receivedDescriptors.Enqueue(handle);
            if (OperatingSystem.IsMacOS())
            {
                // NOTE: untested. macOS has no MSG_CMSG_CLOEXEC, so a process spawned by another thread before
                // this call inherits the descriptor.
                SocketCalls.SetCloseOnExec(handle, true);
            }
        }
    }

    /// <summary>Parses and delivers every whole frame in the buffer. Returns false once the transport has
    /// disconnected.</summary>
    private bool ProcessFrames()
    {
        while (true)
        {
            int available = _receiveEnd - _receiveStart;
            if (available < FrameHeader.Size)
            {
                break;
            }

            var header = FrameHeader.Read(_receiveBuffer.AsSpan(_receiveStart));
            if (ValidateHeader(header) is { } violation)
            {
                RecordDisconnect(DisconnectReason.ProtocolViolation, violation);
                return false;
            }

            if (available < header.FrameSize)
            {
                break;
            }

            if (header.Type == (byte)FrameType.DescriptorAcknowledgement)
            {
                _receiveStart += FrameHeader.Size;
                if (!AcceptAcknowledgement(header.Count))
                {
                    return false;
                }

                continue;
            }

            if (!DeliverFrame(header) || !IsConnected)
            {
                return false;
            }
        }

        CompactReceiveBuffer();
        return true;
    }

    private static string? ValidateHeader(FrameHeader header)
    {
        if (header.Reserved != 0)
        {
            return $"the reserved byte of a frame header is {header.Reserved}, but it must be 0";
        }

        switch ((FrameType)header.Type)
        {
            case FrameType.Message when header.PayloadLength > IpcLimits.MaxPayloadBytes:
                return $"a message declares a payload of {header.PayloadLength} bytes, over the limit of " +
                    $"{IpcLimits.MaxPayloadBytes} bytes";
            case FrameType.Message when header.Count > IpcLimits.MaxAttachmentsPerMessage:
                return $"a message declares {header.Count} descriptors, over the limit of " +
                    $"{IpcLimits.MaxAttachmentsPerMessage}";
            case FrameType.Message:
                return null;
            case FrameType.DescriptorAcknowledgement when header.PayloadLength != 0:
                return $"a descriptor acknowledgement carries a payload of {header.PayloadLength} bytes, but it " +
                    "must carry none";
            case FrameType.DescriptorAcknowledgement:
                return null;
            default:
                return $"unknown frame type {header.Type} (the known types are 0, message, and 1, descriptor " +
                    "acknowledgement)";
        }
    }

    private bool DeliverFrame(FrameHeader header)
    {
        if (header.Count > _receivedDescriptors.Count)
        {
            RecordDisconnect(
                DisconnectReason.ProtocolViolation,
                $"a message declares {header.Count} descriptors, but only {_receivedDescriptors.Count} arrived " +
                "before its header");
            return false;
        }

        var attachments = header.Count == 0 ? [] : new Attachment[header.Count];
        for (int i = 0; i < attachments.Length; i++)
        {
            attachments[i] = Attachment.FromFileDescriptor(_receivedDescriptors.Dequeue());
        }

        int payloadLength = (int)header.PayloadLength;
        var payload = new ReadOnlyMemory<byte>(_receiveBuffer, _receiveStart + FrameHeader.Size, payloadLength);
        _receiveStart = checked(_receiveStart + FrameHeader.Size + payloadLength);
        try
        {
            _delivering = true;
            _receiver!.OnMessage(payload, attachments);
            return true;
        }
        catch (Exception exception)
        {
            // The receiver may have replaced elements of the array, even with null.
            foreach (var attachment in attachments)
            {
                attachment?.Dispose();
            }

            if (exception is ThreadInterruptedException)
            {
                // NOTE: a wait inside OnMessage consumed the interrupt, and the message is lost with it, so the
                // stream cannot go on. Interrupting it again lets the interrupted caller still see the exception.
                RecordDisconnect(
                    DisconnectReason.TransportError,
                    "Thread.Interrupt reached the thread reading the transport while it delivered a message of " +
                    $"{payloadLength} bytes, so the message was lost; do not interrupt threads that make sync calls");
                Thread.CurrentThread.Interrupt();
                return false;
            }

            RecordDisconnect(
                DisconnectReason.ProtocolViolation,
                $"the receiver threw {exception.GetType().Name} for a message of {payloadLength} bytes: " +
                exception.Message,
                exception);
            return false;
        }
        finally
        {
            _delivering = false;
        }
    }

    private bool AcceptAcknowledgement(int count)
    {
        string detail;
        lock (_sendLock)
        {
            if (count <= _unacknowledged.Count)
            {
                for (int i = 0; i < count; i++)
                {
                    CloseTakenHandle(_unacknowledged.Dequeue());
                }

                return true;
            }

            detail = $"the peer acknowledged {count} descriptors, but only {_unacknowledged.Count} sent " +
                "descriptors await acknowledgement";
        }

        RecordDisconnect(DisconnectReason.ProtocolViolation, detail);
        return false;
    }

    /// <summary>Moves a partial frame to the front of the buffer, or resets an empty buffer.</summary>
    private void CompactReceiveBuffer()
    {
        int remaining = _receiveEnd - _receiveStart;
        if (remaining == 0)
        {
            _receiveStart = 0;
            _receiveEnd = 0;
            if (_receiveBuffer.Length > RetainedReceiveCapacity)
            {
                _receiveBuffer = new byte[InitialReceiveCapacity];
            }

            return;
        }

        if (_receiveStart > 0)
        {
            _receiveBuffer.AsSpan(_receiveStart, remaining).CopyTo(_receiveBuffer);
            _receiveStart = 0;
            _receiveEnd = remaining;
        }
    }

    /// <summary>Doubles a full buffer, but not past the declared size of the partial frame it holds. Growing only as
    /// bytes arrive keeps a peer from reserving 64 MiB with an 8-byte header.</summary>
    private bool EnsureReceiveSpace()
    {
        if (_receiveEnd < _receiveBuffer.Length)
        {
            return true;
        }

        long size = Math.Min(2L * _receiveBuffer.Length, Array.MaxLength);
        if (_receiveEnd - _receiveStart >= FrameHeader.Size)
        {
            // A full buffer contains one partial frame, which is larger than the buffer, so this still grows it.
            size = Math.Min(size, FrameHeader.Read(_receiveBuffer.AsSpan(_receiveStart)).FrameSize);
        }

        return GrowReceiveBuffer(size);
    }

    private bool GrowReceiveBuffer(long size)
    {
        try
        {
            var larger = new byte[size];
            _receiveBuffer.AsSpan(_receiveStart, _receiveEnd - _receiveStart).CopyTo(larger);
            _receiveEnd -= _receiveStart;
            _receiveStart = 0;
            _receiveBuffer = larger;
            return true;
        }
        catch (OutOfMemoryException)
        {
            RecordDisconnect(
                DisconnectReason.ProtocolViolation,
                $"allocating a receive buffer of {size} bytes for the peer's frame failed (out of memory)");
            return false;
        }
    }

    private bool CheckUnprocessedLimits()
    {
        if (_receivedDescriptors.Count > IpcLimits.MaxUnprocessedAttachments)
        {
            RecordDisconnect(
                DisconnectReason.ProtocolViolation,
                $"{_receivedDescriptors.Count} received descriptors belong to no whole message, over the limit of " +
                $"{IpcLimits.MaxUnprocessedAttachments}");
            return false;
        }

        // Frames are parsed after every recvmsg, and a partial frame is at most 8 bytes plus the 64 MiB payload
        // limit, so a peer cannot reach this limit today. The check guards against a change of read strategy.
        int unprocessed = _receiveEnd - _receiveStart;
        if (unprocessed > IpcLimits.MaxUnprocessedBytes)
        {
            RecordDisconnect(
                DisconnectReason.ProtocolViolation,
                $"{unprocessed} received bytes are not yet whole messages, over the limit of " +
                $"{IpcLimits.MaxUnprocessedBytes} bytes");
            return false;
        }

        return true;
    }

    private void SendAcknowledgements()
    {
        while (_descriptorsToAcknowledge > 0 && IsConnected)
        {
            int count = Math.Min(_descriptorsToAcknowledge, ushort.MaxValue);
            _descriptorsToAcknowledge -= count;
            lock (_sendLock)
            {
                if (_sendClosed)
                {
                    return;
                }

                SendAcknowledgementLocked(count);
            }
        }
    }

    private void DisposeReceiveState()
    {
        while (_receivedDescriptors.Count > 0)
        {
            _receivedDescriptors.Dequeue().Dispose();
        }

        _receiveStart = 0;
        _receiveEnd = 0;
        _receiveBuffer = [];
    }
}
