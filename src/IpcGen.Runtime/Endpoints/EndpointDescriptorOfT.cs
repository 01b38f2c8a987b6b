namespace IpcGen;

/// <summary>An <see cref="EndpointDescriptor"/> that can also create the endpoint's proxy and stub.</summary>
/// <typeparam name="TEndpoint">The endpoint interface.</typeparam>
public abstract class EndpointDescriptor<TEndpoint> : EndpointDescriptor
    where TEndpoint : class
{
    /// <summary>Creates a proxy that implements the endpoint by sending messages through
    /// <paramref name="sender"/>.</summary>
    public abstract TEndpoint CreateProxy(IMessageSender sender);

    /// <summary>Creates a stub that dispatches decoded messages to <paramref name="implementation"/>.</summary>
    public abstract EndpointStub CreateStub(TEndpoint implementation);
}
