using Microsoft.Extensions.Logging;

namespace IpcGen.Samples.EchoServer;

/// <summary>Log lines of the echo server. Disconnects are logged by each connection, in one line.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Listening on {Path} (process {ProcessId})")]
    public static partial void Listening(ILogger logger, string path, int processId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Client {ClientId} connected")]
    public static partial void ClientConnected(ILogger logger, long clientId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Rejected a connection: {Count} connections are open, the limit is {Limit}")]
    public static partial void ConnectionRejected(ILogger logger, int count, int limit);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Accepting a connection on {Path} failed: {Detail}")]
    public static partial void AcceptFailed(ILogger logger, string path, string detail);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "Stopping: closing {Count} connections and removing {Path}")]
    public static partial void Stopping(ILogger logger, int count, string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug,
        Message = "Client {ClientId} opened checksum connection {ConnectionId}")]
    public static partial void ChecksumOpened(ILogger logger, long clientId, long connectionId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Client {ClientId} notified: {Text}")]
    public static partial void Notified(ILogger logger, long clientId, string text);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Cannot serve on {Path}: {Detail}")]
    public static partial void ServeFailed(ILogger logger, string path, string detail);
}
