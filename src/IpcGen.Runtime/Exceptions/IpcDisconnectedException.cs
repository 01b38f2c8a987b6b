namespace IpcGen;

/// <summary>The connection ended before the call completed, or the call was made after it ended. The reason shows
/// whether the peer closed, the peer broke the protocol, or this side closed.</summary>
public sealed class IpcDisconnectedException : IpcException
{
    /// <summary>Creates the exception for a disconnect.</summary>
    public IpcDisconnectedException(DisconnectReason reason, string detail)
        : base(FormatMessage(reason, detail))
    {
        Reason = reason;
        Detail = detail;
    }

    /// <summary>Why the connection ended.</summary>
    public DisconnectReason Reason { get; }

    /// <summary>The transport's one-line description of the disconnect.</summary>
    public string Detail { get; }

    private static string FormatMessage(DisconnectReason reason, string detail) => reason switch
    {
        DisconnectReason.PeerClosed => $"The peer disconnected: {detail}",
        DisconnectReason.ProtocolViolation => $"The peer was disconnected for a protocol violation: {detail}",
        DisconnectReason.TransportError => $"The connection failed: {detail}",
        DisconnectReason.LocalClosed => $"The connection was closed by this process: {detail}",
        DisconnectReason.Transferred => $"The connection was transferred to another process: {detail}",
        _ => $"The connection ended ({reason}): {detail}",
    };
}
