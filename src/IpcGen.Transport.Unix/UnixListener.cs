using IpcGen.Unix.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix;

/// <summary>A Unix domain socket listening on a filesystem path, which accepts connections as
/// <see cref="UnixTransport"/> instances. Disposing it removes the socket file.</summary>
public sealed class UnixListener : IDisposable
{
    private readonly SafeFileHandle _socket;
    private readonly WakeupDescriptor _closing;
    private readonly UnixTransportOptions? _options;
    private int _disposed;

    private UnixListener(SafeFileHandle socket, string path, UnixTransportOptions? options)
    {
        _socket = socket;
        _options = options;
        _closing = new WakeupDescriptor();
        Path = path;
    }

    /// <summary>Filesystem path of the socket.</summary>
    public string Path { get; }

    /// <summary>Starts listening on <paramref name="path"/>. A socket file left there by a process that no longer
    /// listens is removed first. A path where another process listens, or that is not a socket, is an error.
    /// </summary>
    /// <exception cref="IOException">The path is in use or binding failed; the message names the path.</exception>
    public static UnixListener Listen(string path, UnixTransportOptions? options = null, int backlog = 64)
    {
        SocketCalls.ValidatePath(path);
        RemoveStaleSocket(path);
        var socket = SocketCalls.CreateSocket(nonBlocking: true);
        try
        {
            if (SocketCalls.Bind(socket, path, out int errno) != 0)
            {
                throw SocketCalls.NewIOException($"Binding the Unix socket '{path}' failed", errno);
            }

            if (Libc.Listen(socket, backlog) != 0)
            {
                var exception = SocketCalls.NewIOException($"Listening on the Unix socket '{path}' failed");
                Libc.Unlink(path);
                throw exception;
            }

            return new UnixListener(socket, path, options);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the next connection and returns it as a transport that is not started yet.</summary>
    /// <exception cref="ObjectDisposedException">The listener was disposed before or during the wait.</exception>
    public UnixTransport Accept() => AcceptCore(CancellationToken.None);

    /// <summary>Waits on a dedicated thread for the next connection.</summary>
    /// <exception cref="OperationCanceledException">The token was canceled before a connection arrived.</exception>
    public Task<UnixTransport> AcceptAsync(CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => AcceptCore(cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>Stops listening, wakes pending accepts and removes the socket file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closing.Signal();
        Libc.Unlink(Path);
        _socket.Dispose();
        _closing.Dispose();
    }

    private UnixTransport AcceptCore(CancellationToken cancellationToken)
    {
        using var canceled = cancellationToken.CanBeCanceled ? new WakeupDescriptor() : null;
        using var registration = canceled is null ? default : cancellationToken.Register(canceled.Signal);
        Span<PollDescriptor> polls = stackalloc PollDescriptor[3];
        bool socketAdded = false;
        bool closingAdded = false;
        try
        {
            // The references keep both descriptor numbers from being closed and reused during a wait.
            _socket.DangerousAddRef(ref socketAdded);
            _closing.PollHandle.DangerousAddRef(ref closingAdded);
            return AcceptLoop(polls, canceled, cancellationToken);
        }
        finally
        {
            if (socketAdded)
            {
                _socket.DangerousRelease();
            }

            if (closingAdded)
            {
                _closing.PollHandle.DangerousRelease();
            }
        }
    }

    private UnixTransport AcceptLoop(
        Span<PollDescriptor> polls, WakeupDescriptor? canceled, CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            cancellationToken.ThrowIfCancellationRequested();
            var socket = SocketCalls.Accept(_socket, out int errno);
            if (socket is not null)
            {
                return UnixTransport.FromSocket(socket, _options);
            }

            if (errno != Native.ErrorAgain && errno != Native.ErrorInterrupted)
            {
                throw SocketCalls.NewIOException($"Accepting on the Unix socket '{Path}' failed", errno);
            }

            polls[0] = new PollDescriptor { Descriptor = (int)_socket.DangerousGetHandle(), Events = Native.PollIn };
            polls[1] = new PollDescriptor { Descriptor = _closing.PollDescriptor, Events = Native.PollIn };
            polls[2] = new PollDescriptor { Descriptor = canceled?.PollDescriptor ?? -1, Events = Native.PollIn };
            SocketCalls.Poll(polls, -1);
        }
    }

    private static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        // Non-blocking, because a blocking probe waits without limit on a listener whose backlog is full. A
        // non-blocking connect to that listener fails with EAGAIN.
        using var probe = SocketCalls.CreateSocket(nonBlocking: true);
        if (SocketCalls.Connect(probe, path, out int errno) == 0 || errno == Native.ErrorAgain)
        {
            throw new IOException(
                $"Another process is listening on the Unix socket '{path}'; choose another path or stop it.");
        }

        if (errno != Native.ErrorConnectionRefused)
        {
            throw SocketCalls.NewIOException(
                $"The path '{path}' exists and is not a stale Unix socket (connecting to it failed)", errno);
        }

        // Linux also rejects a connection to a file that is not a socket with ECONNREFUSED, so only the file type
        // distinguishes a stale socket from a regular file that must not be removed.
        if (!SocketCalls.IsSocketFile(path, out errno))
        {
            string reason = errno != 0
                ? SocketCalls.NewIOException("statx failed", errno).Message
                : "it is not a socket";
            throw new IOException(
                $"The path '{path}' exists and is not a stale Unix socket ({reason}); remove it or choose another " +
                "path.");
        }

        if (Libc.Unlink(path) != 0)
        {
            throw SocketCalls.NewIOException($"Removing the stale Unix socket '{path}' failed");
        }
    }
}
