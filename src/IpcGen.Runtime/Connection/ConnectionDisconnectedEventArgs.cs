namespace IpcGen;

/// <summary>Arguments of a connection's <c>Disconnected</c> event.</summary>
public sealed class ConnectionDisconnectedEventArgs : EventArgs
{
    /// <summary>Creates the arguments from the exception that pending calls received.</summary>
    public ConnectionDisconnectedEventArgs(IpcDisconnectedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Exception = exception;
    }

    /// <summary>Why the connection ended.</summary>
    public DisconnectReason Reason => Exception.Reason;

    /// <summary>One line naming the value and the limit for a violation, or the error for a failure.</summary>
    public string Detail => Exception.Detail;

    /// <summary>The exception that pending and later calls receive.</summary>
    public IpcDisconnectedException Exception { get; }
}
