using Microsoft.Extensions.Logging;

namespace IpcGen.Logging;

/// <summary>Log lines of <see cref="Connection{TLocal, TPeer}"/>.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Connection {LocalEndpoint} to {PeerEndpoint} disconnected ({Reason}): {Detail}")]
    public static partial void Disconnected(
        ILogger logger, string localEndpoint, string peerEndpoint, DisconnectReason reason, string detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error,
        Message = "Handler of one-way message {LocalEndpoint}.{MessageName} threw; the connection stays open")]
    public static partial void OneWayHandlerFailed(
        ILogger logger, string localEndpoint, string messageName, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error,
        Message = "Handler of the Disconnected event of {LocalEndpoint} to {PeerEndpoint} threw")]
    public static partial void DisconnectedHandlerFailed(
        ILogger logger, string localEndpoint, string peerEndpoint, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug,
        Message = "Response to {LocalEndpoint}.{MessageName} (request {RequestId}) was not sent: {Detail}")]
    public static partial void ResponseNotSent(
        ILogger logger, string localEndpoint, string messageName, uint requestId, string detail);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error,
        Message = "The synchronization context of {LocalEndpoint} to {PeerEndpoint} rejected the dispatch callback; " +
            "the connection closes")]
    public static partial void DispatchPostFailed(
        ILogger logger, string localEndpoint, string peerEndpoint, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error,
        Message = "A cancellation callback of a handler of {LocalEndpoint} to {PeerEndpoint} threw")]
    public static partial void CancellationCallbackFailed(
        ILogger logger, string localEndpoint, string peerEndpoint, Exception exception);
}
