using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;

namespace IpcGen.Benchmarks;

/// <summary>How a raw channel waits for data that has not arrived yet.</summary>
internal enum RawWaitMode
{
    /// <summary>A blocking recv.</summary>
    Blocking,

    /// <summary>Non-blocking recv retried for up to 50 µs, then poll(2) until the socket is readable.</summary>
    SpinThenBlock,
}

/// <summary>
/// The limit the benchmark compares with: length-prefixed frames over a socket pair with no framework. Frames are
/// a 4-byte little-endian length and the payload. The first payload byte is 1 when the receiver must reply with a
/// 64-byte frame.
/// </summary>
internal sealed class RawChannel : IDisposable
{
    private static readonly long s_spinTicks = Stopwatch.Frequency * 50 / 1_000_000;

    private readonly Socket _socket;
    private readonly RawWaitMode _mode;
    private readonly byte[] _sendBuffer = new byte[4 + BenchOptions.SmallBytes];
    private readonly byte[] _receiveBuffer = new byte[4 * BenchOptions.LargeBytes];
    private int _receiveStart;
    private int _receiveEnd;

    public RawChannel(Socket socket, RawWaitMode mode)
    {
        _socket = socket;
        _mode = mode;
        // The descriptor is blocking at the OS level, and Socket sets O_NONBLOCK for the spinning variant.
        _socket.Blocking = mode == RawWaitMode.Blocking;
    }

    public static string ModeName(RawWaitMode mode) => mode == RawWaitMode.Blocking ? "blocking" : "spin";

    public static RawWaitMode ParseMode(string name) =>
        name == "blocking" ? RawWaitMode.Blocking : RawWaitMode.SpinThenBlock;

    /// <summary>Sends a 64-byte frame; <paramref name="replyRequested"/> requests a 64-byte reply.
    /// </summary>
    public void SendSmall(bool replyRequested)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_sendBuffer, BenchOptions.SmallBytes);
        _sendBuffer[4] = replyRequested ? (byte)1 : (byte)0;
        SendAll(_sendBuffer);
    }

    /// <summary>Sends <paramref name="payload"/> as one frame: the length prefix and the payload in two sends.
    /// </summary>
    public void SendLarge(byte[] payload)
    {
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, payload.Length);
        SendAll(prefix);
        SendAll(payload);
    }

    /// <summary>Waits for the next whole frame and returns its first payload byte, or -1 at end of stream.
    /// </summary>
    public int ReceiveFrame()
    {
        while (true)
        {
            int available = _receiveEnd - _receiveStart;
            if (available >= 4)
            {
                int length = BinaryPrimitives.ReadInt32LittleEndian(_receiveBuffer.AsSpan(_receiveStart));
                if (available >= 4 + length)
                {
                    int first = length > 0 ? _receiveBuffer[_receiveStart + 4] : 0;
                    _receiveStart += 4 + length;
                    if (_receiveStart == _receiveEnd)
                    {
                        _receiveStart = 0;
                        _receiveEnd = 0;
                    }

                    return first;
                }
            }

            if (_receiveStart > 0 && _receiveEnd == _receiveBuffer.Length)
            {
                Buffer.BlockCopy(_receiveBuffer, _receiveStart, _receiveBuffer, 0, available);
                _receiveStart = 0;
                _receiveEnd = available;
            }

            int received = Receive(_receiveBuffer.AsSpan(_receiveEnd));
            if (received == 0)
            {
                return -1;
            }

            _receiveEnd += received;
        }
    }

    public void Dispose() => _socket.Dispose();

    private int Receive(Span<byte> buffer)
    {
        if (_mode == RawWaitMode.Blocking)
        {
            return _socket.Receive(buffer);
        }

        long spinEnd = Stopwatch.GetTimestamp() + s_spinTicks;
        while (true)
        {
            int received = _socket.Receive(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                return received;
            }

            if (error != SocketError.WouldBlock)
            {
                return error == SocketError.ConnectionReset ? 0 : throw new SocketException((int)error);
            }

            if (Stopwatch.GetTimestamp() >= spinEnd)
            {
                _socket.Poll(-1, SelectMode.SelectRead);
            }
            else
            {
                // On a loaded machine the peer may be waiting for this core, so the spin yields it.
                Thread.Yield();
            }
        }
    }

    private void SendAll(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int sent = _socket.Send(data, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                _socket.Poll(-1, SelectMode.SelectWrite);
                continue;
            }

            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            data = data[sent..];
        }
    }
}
