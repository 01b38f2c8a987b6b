namespace IpcGen.Integration.Peer;

/// <summary>The endpoint the test process implements for the calls of <see cref="IInlineProbe"/>'s peer.
/// </summary>
[IpcEndpoint]
public partial interface IInlineProbeHost
{
    /// <summary>Returns where this sync handler ran.</summary>
    HandlerReport Where(ReadStamp stamp);

    /// <summary>Returns where this Task handler started.</summary>
    Task<HandlerReport> WhereAsync(ReadStamp stamp, CancellationToken cancellationToken);

    /// <summary>Records where this one-way handler ran.</summary>
    void Notify(ReadStamp stamp);

    /// <summary>Returns the stamp's value.</summary>
    ReadStamp Echo(ReadStamp stamp);

    /// <summary>Returns 0 for depth 0. Otherwise calls the peer's Nest with depth - 1 and returns its result plus
    /// one.</summary>
    int Nest(ReadStamp depth);

    /// <summary>Returns <c>a + b</c>.</summary>
    int Add(int a, int b);
}
