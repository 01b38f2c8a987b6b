using System.Collections.Concurrent;
using IpcGen.Unix;
using Microsoft.Extensions.Logging;

namespace IpcGen.Samples.EchoServer;

/// <summary>
/// Serves clients on a Unix socket path: one connection per client, each with its own dispatch thread, so a
/// slow or misbehaving client delays no other. A client that breaks the protocol is disconnected by its
/// connection, which logs one line; the server keeps serving the others.
/// </summary>
internal sealed class EchoServer
{
    private static readonly TimeSpan s_acceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly string _path;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, IDisposable> _connections = new();
    private long _lastId;

    public EchoServer(string path, ILoggerFactory loggers)
    {
        _path = path;
        _loggers = loggers;
        _logger = loggers.CreateLogger("EchoServer");
    }

    /// <summary>Accepts clients until <paramref name="stop"/> is cancelled, then closes every connection and
    /// removes the socket file.</summary>
    /// <exception cref="IOException">Listening on the path failed.</exception>
    public void Run(CancellationToken stop)
    {
        using var listener = UnixListener.Listen(_path, EchoLimits.ClientTransportOptions);
        ServerLog.Listening(_logger, _path, Environment.ProcessId);
        while (!stop.IsCancellationRequested)
        {
            UnixTransport transport;
            try
            {
                transport = listener.AcceptAsync(stop).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (IOException exception)
            {
                // Out of descriptors (EMFILE) and similar; the listener stays usable once they are freed.
                ServerLog.AcceptFailed(_logger, _path, exception.Message);
                stop.WaitHandle.WaitOne(s_acceptRetryDelay);
                continue;
            }

            ServeClient(transport);
        }

        ServerLog.Stopping(_logger, _connections.Count, _path);
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }
    }

    /// <summary>Creates a checksum connection for a client and returns its far end.</summary>
    /// <exception cref="InvalidOperationException">The server serves its maximum number of connections.
    /// </exception>
    public TransportHandle OpenChecksum(long clientId)
    {
        if (_connections.Count >= EchoLimits.MaxConnections)
        {
            throw new InvalidOperationException(
                $"The server serves {_connections.Count} connections, its limit; try again later.");
        }

        var (local, remote) = UnixTransport.CreatePaired(EchoLimits.ClientTransportOptions);
        long id = Interlocked.Increment(ref _lastId);
        var options = new ConnectionOptions { Logger = _loggers.CreateLogger($"EchoServer.Checksum{id}") };
        var connection = new Connection<IChecksumService, ISampleClient>(local, new ChecksumService(), options);
        Track(id, connection, handler => connection.Disconnected += handler);
        connection.Start();
        ServerLog.ChecksumOpened(_logger, clientId, id);
        return remote;
    }

    private void ServeClient(UnixTransport transport)
    {
        if (_connections.Count >= EchoLimits.MaxConnections)
        {
            ServerLog.ConnectionRejected(_logger, _connections.Count, EchoLimits.MaxConnections);
            transport.Dispose();
            return;
        }

        long id = Interlocked.Increment(ref _lastId);
        var logger = _loggers.CreateLogger($"EchoServer.Client{id}");
        var options = new ConnectionOptions { Logger = logger };
        var connection = new Connection<IEchoService, ISampleClient>(
            transport, new EchoService(this, id, logger), options);
        Track(id, connection, handler => connection.Disconnected += handler);
        ServerLog.ClientConnected(_logger, id);
        try
        {
            connection.Start();
        }
        catch (ObjectDisposedException)
        {
            // TODO: remove once Connection.Start tolerates it. A client that closed before its hello was sent makes
            // the Disconnected event run during Start; its handler disposes the transport, so Start then throws.
            // The connection has already logged its disconnect.
            _connections.TryRemove(id, out _);
            connection.Dispose();
        }
    }

    private void Track(
        long id, IDisposable connection, Action<EventHandler<ConnectionDisconnectedEventArgs>> subscribe)
    {
        _connections[id] = connection;
        subscribe((_, _) =>
        {
            _connections.TryRemove(id, out _);
            connection.Dispose();
        });
    }
}
