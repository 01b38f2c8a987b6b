namespace IpcGen.Generator.Tests.Endpoints;

/// <summary>An endpoint whose messages are pooled in each combination: request and response, only the request,
/// only the response, and a one-way message. Only the pooling tests use it, so that they own its pools.</summary>
[IpcEndpoint]
public partial interface IPoolProbe
{
    /// <summary>Sync request whose request and response are pooled.</summary>
    long Sum(long a, long b);

    /// <summary>Sync request without arguments or result; both messages are pooled.</summary>
    [Sync]
    void Touch();

    /// <summary>One-way message, pooled.</summary>
    void Note(int value);

    /// <summary>Sync request whose request is pooled and whose string response is not.</summary>
    string Describe(int value);

    /// <summary>Sync request whose response is pooled and whose string request is not.</summary>
    int Measure(string text);
}
