namespace IpcGen;

/// <summary>Life cycle of a connection.</summary>
internal enum ConnectionState
{
    Created,

    /// <summary>Start is sending the hello message; calls wait for <see cref="Started"/>.</summary>
    Starting,
    Started,
    Disconnected,
}
