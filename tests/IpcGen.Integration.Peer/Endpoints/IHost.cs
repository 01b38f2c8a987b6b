namespace IpcGen.Integration.Peer;

/// <summary>The endpoint the test process implements for the peer's calls back.</summary>
[IpcEndpoint]
public partial interface IHost
{
    /// <summary>Receives the value of a <see cref="IWorker.Record"/> back from the peer.</summary>
    void Echoed(int value);

    /// <summary>Returns <c>a + b</c>.</summary>
    int Add(int a, int b);
}
