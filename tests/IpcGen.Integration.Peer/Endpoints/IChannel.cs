namespace IpcGen.Integration.Peer;

/// <summary>The endpoint served over a transport that travelled inside a message.</summary>
[IpcEndpoint]
public partial interface IChannel
{
    /// <summary>Returns <paramref name="text"/> with a prefix that names the serving side.</summary>
    string Echo([MaxLength(1024)] string text);

    /// <summary>Returns the process id of the serving side.</summary>
    int ProcessId();
}
