namespace IpcGen;

/// <summary>Base of every exception IpcGen throws for an IPC failure.</summary>
public class IpcException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public IpcException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public IpcException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
