namespace IpcGen;

/// <summary>Data from the peer is invalid: a malformed frame or message, a value over a limit, an unknown
/// message. The connection disconnects the peer when a decoder throws it.</summary>
public sealed class IpcProtocolException : IpcException
{
    /// <summary>Creates the exception with a message that names the value and the limit.</summary>
    public IpcProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public IpcProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
