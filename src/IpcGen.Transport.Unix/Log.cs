using Microsoft.Extensions.Logging;

namespace IpcGen.Unix;

/// <summary>Log messages of the Unix transport: one line per disconnect, naming the value and the limit.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "{Transport}: disconnecting the peer for a protocol violation: {Detail}")]
    public static partial void ProtocolViolation(ILogger logger, string transport, string detail);

    [LoggerMessage(2, LogLevel.Error, "{Transport}: disconnecting after a socket error: {Detail}")]
    public static partial void TransportError(ILogger logger, string transport, string detail);

    [LoggerMessage(3, LogLevel.Debug, "{Transport}: the peer closed the connection: {Detail}")]
    public static partial void PeerClosed(ILogger logger, string transport, string detail);

    [LoggerMessage(4, LogLevel.Debug, "{Transport}: closed by this process: {Detail}")]
    public static partial void LocalClosed(ILogger logger, string transport, string detail);

    [LoggerMessage(5, LogLevel.Debug, "{Transport}: released for transfer: {Detail}")]
    public static partial void Transferred(ILogger logger, string transport, string detail);

    [LoggerMessage(6, LogLevel.Warning, "{Transport}: disconnecting the peer because the receiver rejected a message: "
        + "{Detail}")]
    public static partial void MessageRejected(ILogger logger, string transport, string detail, Exception exception);

    [LoggerMessage(7, LogLevel.Error, "{Transport}: the receiver's OnDisconnected threw")]
    public static partial void DisconnectHandlerFailed(ILogger logger, string transport, Exception exception);
}
