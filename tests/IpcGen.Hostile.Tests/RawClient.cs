using System.Buffers.Binary;
using IpcGen.Hostile.Tests.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Hostile.Tests;

/// <summary>
/// A client socket that speaks the protocol by hand: it writes whatever bytes and descriptors a case gives it and
/// reads the server's frames back. Writes to a server that already closed are not errors (a hostile case often
/// makes the server close early); every wait is bounded.
/// </summary>
internal sealed class RawClient : IDisposable
{
    private static readonly TimeSpan s_writeTimeout = TimeSpan.FromSeconds(10);

    private readonly SafeFileHandle _socket;
    private readonly List<IDisposable> _ownedResources = new();

    private RawClient(SafeFileHandle socket)
    {
        _socket = socket;
    }

    /// <summary>Number of the client's socket descriptor.</summary>
    public int DescriptorNumber => (int)_socket.DangerousGetHandle();

    /// <summary>Connects to the server's socket path, retrying while the listen backlog is full.</summary>
    public static RawClient Connect(string path)
    {
        var socket = RawSocketCalls.CreateSocket();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            int errno = RawSocketCalls.Connect(socket, path);
            if (errno == 0)
            {
                return new RawClient(socket);
            }

            if (errno != RawSocketCalls.ErrorAgain || DateTime.UtcNow > deadline)
            {
                socket.Dispose();
                throw new IOException($"Connecting a raw client to '{path}' failed with errno {errno}.");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Wraps a connected socket (such as a checksum connection's far end) and takes ownership of it.
    /// </summary>
    public static RawClient Adopt(SafeFileHandle socket)
    {
        RawSocketCalls.SetNonBlocking(socket);
        return new RawClient(socket);
    }

    /// <summary>Keeps <paramref name="resource"/> alive until this client is disposed.</summary>
    public T Keep<T>(T resource)
        where T : IDisposable
    {
        _ownedResources.Add(resource);
        return resource;
    }

    /// <summary>Writes all of <paramref name="bytes"/>, the descriptors with the first sendmsg. Returns false when
    /// the server had closed the connection.</summary>
    public bool Write(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors = default)
    {
        var deadline = DateTime.UtcNow + s_writeTimeout;
        bool descriptorsSent = descriptors.IsEmpty;
        while (!bytes.IsEmpty || !descriptorsSent)
        {
            nint sent = RawSocketCalls.Send(_socket, bytes, descriptorsSent ? default : descriptors, out int errno);
            if (sent >= 0)
            {
                bytes = bytes[(int)sent..];
                descriptorsSent = true;
                continue;
            }

            if (errno is RawSocketCalls.ErrorBrokenPipe or RawSocketCalls.ErrorConnectionReset)
            {
                return false;
            }

            if (errno is not (RawSocketCalls.ErrorAgain or RawSocketCalls.ErrorInterrupted))
            {
                throw new IOException($"A raw client's sendmsg failed with errno {errno}.");
            }

            int remaining = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
            if (remaining <= 0)
            {
                throw new TimeoutException($"The server took no bytes for {s_writeTimeout.TotalSeconds} s.");
            }

            RawSocketCalls.Poll(_socket, RawSocketCalls.PollOut, Math.Min(remaining, 100));
        }

        return true;
    }

    /// <summary>One sendmsg without waiting: returns the bytes the socket took (0 when its buffer is full), or -1
    /// when the server had closed the connection.</summary>
    public int TryWrite(ReadOnlySpan<byte> bytes)
    {
        nint sent = RawSocketCalls.Send(_socket, bytes, default, out int errno);
        if (sent >= 0)
        {
            return (int)sent;
        }

        if (errno is RawSocketCalls.ErrorBrokenPipe or RawSocketCalls.ErrorConnectionReset)
        {
            return -1;
        }

        return errno is RawSocketCalls.ErrorAgain or RawSocketCalls.ErrorInterrupted
            ? 0
            : throw new IOException($"A raw client's sendmsg failed with errno {errno}.");
    }

    /// <summary>Writes the bytes in pieces of <paramref name="chunk"/> bytes with a pause after each, so the server
    /// reads them in separate reads.</summary>
    public bool WriteSlowly(ReadOnlySpan<byte> bytes, int chunk, TimeSpan pause)
    {
        while (!bytes.IsEmpty)
        {
            int length = Math.Min(chunk, bytes.Length);
            if (!Write(bytes[..length]))
            {
                return false;
            }

            bytes = bytes[length..];
            Thread.Sleep(pause);
        }

        return true;
    }

    /// <summary>Shuts down the sending direction: the server reads end of stream.</summary>
    public void ShutdownSending() => RawSocketCalls.ShutdownSending(_socket);

    /// <summary>Reads and discards until end of stream (or a reset); returns false when the server kept the
    /// connection open for <paramref name="timeout"/>.</summary>
    public bool WaitForEndOfStream(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var buffer = new byte[64 * 1024];
        while (true)
        {
            nint received = RawSocketCalls.Receive(_socket, buffer, out int errno);
            if (received == 0 || (received < 0 && errno == RawSocketCalls.ErrorConnectionReset))
            {
                return true;
            }

            if (received > 0 || errno == RawSocketCalls.ErrorInterrupted)
            {
                continue;
            }

            int remaining = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
            if (remaining <= 0)
            {
                return false;
            }

            RawSocketCalls.Poll(_socket, RawSocketCalls.PollIn, Math.Min(remaining, 100));
        }
    }

    /// <summary>Reads the next frame (8-byte header, then payload). Returns null at end of stream.</summary>
    /// <exception cref="TimeoutException">No whole frame arrived within <paramref name="timeout"/>.</exception>
    public (uint Length, ushort Count, byte Type, byte[] Payload)? ReadFrame(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var header = new byte[8];
        if (!ReadExactly(header, deadline))
        {
            return null;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var payload = new byte[length];
        if (!ReadExactly(payload, deadline))
        {
            return null;
        }

        return (length, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4)), header[6], payload);
    }

    /// <summary>Reads frames until one whose connection header has the <paramref name="flags"/> and request id;
    /// returns its payload, or null at end of stream.</summary>
    public byte[]? ReadMessage(uint flags, uint requestId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var frame = ReadFrame(deadline - DateTime.UtcNow);
            if (frame is null)
            {
                return null;
            }

            var payload = frame.Value.Payload;
            if (payload.Length >= Wire.ConnectionHeaderSize &&
                BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(8)) == requestId &&
                BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(12)) == flags)
            {
                return payload;
            }
        }
    }

    /// <summary>Closes the socket and everything kept with <see cref="Keep"/>.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        foreach (var resource in _ownedResources)
        {
            resource.Dispose();
        }
    }

    private bool ReadExactly(Span<byte> buffer, DateTime deadline)
    {
        while (!buffer.IsEmpty)
        {
            nint received = RawSocketCalls.Receive(_socket, buffer, out int errno);
            if (received == 0 || (received < 0 && errno == RawSocketCalls.ErrorConnectionReset))
            {
                return false;
            }

            if (received > 0)
            {
                buffer = buffer[(int)received..];
                continue;
            }

            int remaining = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
            if (remaining <= 0)
            {
                throw new TimeoutException("The server sent no whole frame in time.");
            }

            RawSocketCalls.Poll(_socket, RawSocketCalls.PollIn, Math.Min(remaining, 100));
        }

        return true;
    }
}
