namespace IpcGen.Generator.Tests.Endpoints;

/// <summary>A small endpoint with one message of each kind.</summary>
[IpcEndpoint]
public partial interface ICalculator
{
    /// <summary>One-way message.</summary>
    void Notify(string text);

    /// <summary>Sync request with a result.</summary>
    int Add(int a, int b);

    /// <summary>Sync request without a result.</summary>
    [Sync]
    void Reset();

    /// <summary>Async request with a result and a cancellation token.</summary>
    Task<long> SumAsync(int[] values, CancellationToken cancellationToken);

    /// <summary>Async request without a result.</summary>
    Task FlushAsync();
}
