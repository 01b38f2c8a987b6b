using System.Buffers.Binary;
using System.Net.Sockets;

namespace IpcGen.Runtime.TestPeer;

/// <summary>
/// A minimal <see cref="Transport"/> for the connection tests: an AF_UNIX stream socket with 4-byte
/// little-endian length-prefixed frames, one blocking IO thread for receiving, and sends written inline under a
/// lock. It carries no attachments.
/// </summary>
public sealed class SocketTransport : Transport
{
    private const int LengthPrefixSize = 4;

    private readonly Socket _socket;
    private readonly object _sendLock = new();
    private byte[] _sendBuffer = new byte[4096];
    private ITransportReceiver? _receiver;
    private int _disconnected;
    private volatile bool _localClosed;

    /// <summary>Wraps a connected socket and takes ownership of it.</summary>
    public SocketTransport(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
    }

    /// <inheritdoc/>
    public override bool IsConnected => Volatile.Read(ref _disconnected) == 0;

    /// <summary>Creates a connected pair of transports in this process.</summary>
    public static (SocketTransport First, SocketTransport Second) CreatePair()
    {
        string path = CreateSocketPath();
        using var listener = Listen(path);
        var client = Connect(path);
        var server = new SocketTransport(listener.Accept());
        File.Delete(path);
        return (client, server);
    }

    /// <summary>Returns a new socket path in the temporary folder.</summary>
    public static string CreateSocketPath() =>
        Path.Combine(Path.GetTempPath(), $"ipcgen-test-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");

    /// <summary>Creates a listening socket bound to <paramref name="path"/>.</summary>
    public static Socket Listen(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        return listener;
    }

    /// <summary>Connects to a listening socket at <paramref name="path"/>.</summary>
    public static SocketTransport Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return new SocketTransport(socket);
    }

    /// <inheritdoc/>
    public override void Start(ITransportReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (Interlocked.CompareExchange(ref _receiver, receiver, null) is not null)
        {
            throw new InvalidOperationException("The transport was already started.");
        }

        var thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "test transport IO" };
        thread.Start();
    }

    /// <inheritdoc/>
    public override void Send(ReadOnlySpan<byte> payload, ReadOnlySpan<Attachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            attachment.Dispose();
        }

        if (attachments.Length != 0)
        {
            throw new NotSupportedException("The test transport carries no attachments.");
        }

        if (payload.Length > MaxPayloadBytes)
        {
            throw new IpcLimitExceededException(
                $"The payload of {payload.Length} bytes is over the limit of {MaxPayloadBytes} bytes.");
        }

        lock (_sendLock)
        {
            if (!IsConnected)
            {
                throw new IpcDisconnectedException(DisconnectReason.LocalClosed, "the test transport is closed");
            }

            int frameSize = LengthPrefixSize + payload.Length;
            if (_sendBuffer.Length < frameSize)
            {
                _sendBuffer = new byte[Math.Max(frameSize, _sendBuffer.Length * 2)];
            }

            BinaryPrimitives.WriteInt32LittleEndian(_sendBuffer, payload.Length);
            payload.CopyTo(_sendBuffer.AsSpan(LengthPrefixSize));
            try
            {
                var remaining = _sendBuffer.AsSpan(0, frameSize);
                while (!remaining.IsEmpty)
                {
                    remaining = remaining[_socket.Send(remaining)..];
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                throw new IpcDisconnectedException(DisconnectReason.PeerClosed, $"send failed: {exception.Message}");
            }
        }
    }

    /// <inheritdoc/>
    public override TransportHandle ReleaseForTransfer() =>
        throw new NotSupportedException("The test transport cannot be transferred.");

    /// <inheritdoc/>
    public override void Dispose()
    {
        _localClosed = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already disconnected.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _socket.Dispose();
        if (_receiver is null)
        {
            Interlocked.Exchange(ref _disconnected, 1);
        }
    }

    private void ReceiveLoop()
    {
        var receiver = _receiver!;
        byte[] buffer = new byte[64 * 1024];
        int start = 0;
        int end = 0;
        try
        {
            while (true)
            {
                while (end - start >= LengthPrefixSize)
                {
                    int length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(start));
                    if (length < 0 || length > MaxPayloadBytes)
                    {
                        Report(DisconnectReason.ProtocolViolation, $"invalid frame length {length}");
                        return;
                    }

                    if (end - start < LengthPrefixSize + length)
                    {
                        if (buffer.Length < LengthPrefixSize + length)
                        {
                            var larger = new byte[LengthPrefixSize + length];
                            Array.Copy(buffer, start, larger, 0, end - start);
                            end -= start;
                            start = 0;
                            buffer = larger;
                        }

                        break;
                    }

                    receiver.OnMessage(buffer.AsMemory(start + LengthPrefixSize, length), []);
                    start += LengthPrefixSize + length;
                }

                if (start == end)
                {
                    start = end = 0;
                }
                else if (end == buffer.Length)
                {
                    Array.Copy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                int read = _socket.Receive(buffer.AsSpan(end));
                if (read == 0)
                {
                    Report(_localClosed ? DisconnectReason.LocalClosed : DisconnectReason.PeerClosed, "end of stream");
                    return;
                }

                end += read;
            }
        }
        catch (IpcProtocolException exception)
        {
            Report(DisconnectReason.ProtocolViolation, exception.Message);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            Report(_localClosed ? DisconnectReason.LocalClosed : DisconnectReason.PeerClosed, exception.Message);
        }
    }

    private void Report(DisconnectReason reason, string detail)
    {
        if (Interlocked.Exchange(ref _disconnected, 1) == 0)
        {
            _socket.Dispose();
            _receiver!.OnDisconnected(new TransportDisconnect(reason, detail));
        }
    }
}
