namespace IpcGen;

/// <summary>Consumer of a transport's incoming messages. Every call comes on the transport's IO thread, one at a
/// time, in the order the peer sent the messages.</summary>
public interface ITransportReceiver
{
    /// <summary>Handles one whole message. The payload is valid only during the call. The receiver owns the
    /// attachments and must dispose every one it does not keep.</summary>
    /// <exception cref="IpcProtocolException">The message is invalid; the transport disconnects the peer.
    /// </exception>
    void OnMessage(ReadOnlyMemory<byte> payload, Attachment[] attachments);

    /// <summary>Reports the end of the transport. Called exactly once, after the last <see cref="OnMessage"/>.
    /// </summary>
    void OnDisconnected(TransportDisconnect disconnect);
}
