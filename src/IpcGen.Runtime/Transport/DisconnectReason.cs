namespace IpcGen;

/// <summary>Why a transport or connection stopped.</summary>
public enum DisconnectReason
{
    /// <summary>The peer closed its end (end of stream, or the peer process exited).</summary>
    PeerClosed,

    /// <summary>The peer sent something this side rejects: a malformed frame, a size over a limit, an unknown
    /// message, or a protocol violation. The detail names the value and the limit.</summary>
    ProtocolViolation,

    /// <summary>A send or receive failed with an operating-system error that the peer did not cause on purpose.
    /// </summary>
    TransportError,

    /// <summary>This side closed or disposed the transport.</summary>
    LocalClosed,

    /// <summary>This side released the transport for transfer to another process.</summary>
    Transferred,
}
