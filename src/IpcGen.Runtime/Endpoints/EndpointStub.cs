using IpcGen.Messages;

namespace IpcGen;

/// <summary>Dispatches decoded messages of one endpoint to a local implementation. Emitted by the generator.
/// </summary>
public abstract class EndpointStub
{
    /// <summary>
    /// Whether the stub uses a request only during <see cref="Invoke"/> and keeps no response it returns, so that the
    /// connection may give both back to their pools afterwards (see <see cref="IMessage.Recycle"/>). Generated stubs
    /// return true. The default is false, because a hand-written stub may keep the messages it is given or return
    /// the same response object more than once.
    /// </summary>
    public virtual bool RecyclesMessages => false;

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
