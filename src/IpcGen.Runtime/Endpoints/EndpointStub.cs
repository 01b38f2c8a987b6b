using IpcGen.Messages;

namespace IpcGen;

/// <summary>Dispatches decoded messages of one endpoint to a local implementation. Emitted by the generator.
/// </summary>
public abstract class EndpointStub
{
    /// <summary>Calls the implementation for a one-way message or a synchronous request. Returns the response
    /// for a request and null for a one-way message.</summary>
    /// <exception cref="IpcProtocolException">The message does not belong to this endpoint or is not one-way or
    /// synchronous.</exception>
    public abstract IMessage? Invoke(IMessage message);

    /// <summary>Calls the implementation for an asynchronous request; the task completes with the response.
    /// </summary>
    /// <exception cref="IpcProtocolException">The message is not an asynchronous request of this endpoint.
    /// </exception>
    public abstract Task<IMessage> InvokeAsync(IMessage message, CancellationToken cancellationToken);
}
