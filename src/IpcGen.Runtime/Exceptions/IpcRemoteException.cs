namespace IpcGen;

/// <summary>The peer's handler for a request threw. The connection stays open.</summary>
public sealed class IpcRemoteException : IpcException
{
    /// <summary>Creates the exception from what the peer reported.</summary>
    public IpcRemoteException(string endpoint, string method, string remoteType, string remoteMessage)
        : base($"{endpoint}.{method} failed in the peer process with {remoteType}: {remoteMessage}")
    {
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
    }

    /// <summary>Full name of the exception type the peer's handler threw.</summary>
    public string RemoteType { get; }

    /// <summary>Message of the exception the peer's handler threw.</summary>
    public string RemoteMessage { get; }
}
