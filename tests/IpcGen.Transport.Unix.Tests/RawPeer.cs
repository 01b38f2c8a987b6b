using IpcGen.Unix.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Tests;

/// <summary>
/// The far end of a transport driven byte by byte: it writes raw frames (valid or not) with descriptors and
/// reads frames back, with no transport logic. Meant for framing and hostile-peer tests. Every wait is bounded
/// by <see cref="Timeout"/>.
/// </summary>
internal sealed class RawPeer : IDisposable
{
    private readonly SafeFileHandle _socket;

    /// <summary>Wraps a connected non-blocking stream socket and takes ownership of it.</summary>
    public RawPeer(SafeFileHandle socket)
    {
        _socket = socket;
    }

    /// <summary>Maximum wait of one write or read.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The peer's socket.</summary>
    public SafeFileHandle Socket => _socket;

    /// <summary>Creates a transport (not started) and a raw peer connected to it.</summary>
    public static (UnixTransport Transport, RawPeer Peer) CreatePair(UnixTransportOptions? options = null)
    {
        var (transport, remote) = UnixTransport.CreatePaired(options);
        using var attachment = remote.TakeAttachment();
        return (transport, new RawPeer(attachment.TakeFileDescriptor()));
    }

    /// <summary>Builds a frame header from raw field values, which may be invalid on purpose.</summary>
    public static byte[] Header(uint payloadLength, ushort count, byte type = 0, byte reserved = 0)
    {
        var header = new byte[FrameHeader.Size];
        BitConverter.TryWriteBytes(header.AsSpan(0, 4), payloadLength);
        BitConverter.TryWriteBytes(header.AsSpan(4, 2), count);
        header[6] = type;
        header[7] = reserved;
        return header;
    }

    /// <summary>Builds a whole message frame.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, int descriptorCount = 0)
    {
        var frame = new byte[FrameHeader.Size + payload.Length];
        Header((uint)payload.Length, (ushort)descriptorCount).CopyTo(frame, 0);
        payload.CopyTo(frame.AsSpan(FrameHeader.Size));
        return frame;
    }

    /// <summary>Writes a message frame; its descriptors travel with the first byte of the header.</summary>
    public void WriteMessage(ReadOnlySpan<byte> payload, ReadOnlySpan<int> descriptors = default) =>
        Write(Frame(payload, descriptors.Length), descriptors);

    /// <summary>Writes all of <paramref name="bytes"/>, the descriptors with the first sendmsg.</summary>
    public void Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors = default)
    {
        var deadline = DateTime.UtcNow + Timeout;
        bool descriptorsSent = descriptors.IsEmpty;
        while (!bytes.IsEmpty || !descriptorsSent)
        {
            var attached = descriptorsSent ? default : descriptors;
            nint sent = SocketCalls.SendMessage(_socket, bytes, default, attached, out int errno);
            if (sent >= 0)
            {
                bytes = bytes[(int)sent..];
                descriptorsSent = true;
                continue;
            }

            if (errno != Native.ErrorAgain)
            {
                throw SocketCalls.NewIOException("RawPeer sendmsg failed", errno);
            }

            Wait(Native.PollOut, deadline);
        }
    }

    /// <summary>Writes the bytes one sendmsg at a time, <paramref name="chunk"/> bytes each, pausing between
    /// writes so that the receiver sees them as separate reads.</summary>
    public void WriteInChunks(ReadOnlySpan<byte> bytes, int chunk, TimeSpan pause)
    {
        while (!bytes.IsEmpty)
        {
            int length = Math.Min(chunk, bytes.Length);
            Write(bytes[..length]);
            bytes = bytes[length..];
            Thread.Sleep(pause);
        }
    }

    /// <summary>Reads one frame: its header, payload and the descriptors that arrived with it.</summary>
    public (FrameHeader Header, byte[] Payload, SafeFileHandle[] Descriptors) ReadFrame()
    {
        var deadline = DateTime.UtcNow + Timeout;
        var descriptors = new List<SafeFileHandle>();
        var header = new byte[FrameHeader.Size];
        ReadExactly(header, descriptors, deadline);
        var parsed = FrameHeader.Read(header);
        var payload = new byte[parsed.PayloadLength];
        ReadExactly(payload, descriptors, deadline);
        return (parsed, payload, descriptors.ToArray());
    }

    /// <summary>Reads only the next frame header and returns it with the descriptors that arrived with its bytes.
    /// </summary>
    public (FrameHeader Header, SafeFileHandle[] Descriptors) ReadHeader()
    {
        var descriptors = new List<SafeFileHandle>();
        var header = new byte[FrameHeader.Size];
        ReadExactly(header, descriptors, DateTime.UtcNow + Timeout);
        return (FrameHeader.Read(header), descriptors.ToArray());
    }

    /// <summary>Whether the transport closed its end: a read returns end of stream (or a reset) in time.</summary>
    public bool WaitForEndOfStream()
    {
        var deadline = DateTime.UtcNow + Timeout;
        var buffer = new byte[4096];
        var descriptors = new List<SafeFileHandle>();
        while (DateTime.UtcNow < deadline)
        {
            nint received = Receive(buffer, descriptors, out int errno);
            foreach (var descriptor in descriptors)
            {
                descriptor.Dispose();
            }

            descriptors.Clear();
            if (received == 0 || (received < 0 && errno == Native.ErrorConnectionReset))
            {
                return true;
            }

            if (received < 0)
            {
                Wait(Native.PollIn, deadline);
            }
        }

        return false;
    }

    /// <summary>Closes the socket, which the transport sees as end of stream.</summary>
    public void Dispose() => _socket.Dispose();

    private void ReadExactly(Span<byte> buffer, List<SafeFileHandle> descriptors, DateTime deadline)
    {
        while (!buffer.IsEmpty)
        {
            nint received = Receive(buffer, descriptors, out int errno);
            if (received == 0)
            {
                throw new EndOfStreamException("The transport closed the connection.");
            }

            if (received > 0)
            {
                buffer = buffer[(int)received..];
                continue;
            }

            if (errno != Native.ErrorAgain)
            {
                throw SocketCalls.NewIOException("RawPeer recvmsg failed", errno);
            }

            Wait(Native.PollIn, deadline);
        }
    }

    private nint Receive(Span<byte> buffer, List<SafeFileHandle> descriptors, out int errno)
    {
        Span<byte> control = stackalloc byte[ControlMessages.Space(UnixTransport.MaxDescriptorsPerReceive)];
        Span<int> numbers = stackalloc int[UnixTransport.MaxDescriptorsPerReceive];
        nint received = SocketCalls.ReceiveMessage(_socket, buffer, control, out int controlLength, out _, out errno);
        int count = ControlMessages.ReadRights(control[..controlLength], numbers);
        foreach (int number in numbers[..Math.Min(count, numbers.Length)])
        {
            descriptors.Add(new SafeFileHandle(number, ownsHandle: true));
        }

        return received;
    }

    private void Wait(short events, DateTime deadline)
    {
        int remaining = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
        if (remaining <= 0)
        {
            throw new TimeoutException($"RawPeer waited more than {Timeout} for the socket.");
        }

        Span<PollDescriptor> poll = stackalloc PollDescriptor[1];
        poll[0] = new PollDescriptor { Descriptor = (int)_socket.DangerousGetHandle(), Events = events };
        SocketCalls.Poll(poll, Math.Min(remaining, 100));
    }
}
