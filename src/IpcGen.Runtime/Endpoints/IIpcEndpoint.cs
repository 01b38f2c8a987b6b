namespace IpcGen;

/// <summary>Implemented by the generator on every <see cref="IpcEndpointAttribute"/> interface, so that generic
/// code such as <c>Connection&lt;TLocal, TPeer&gt;</c> finds the endpoint's descriptor at compile time.</summary>
/// <typeparam name="TSelf">The endpoint interface itself.</typeparam>
public interface IIpcEndpoint<TSelf>
    where TSelf : class, IIpcEndpoint<TSelf>
{
    /// <summary>The endpoint's descriptor.</summary>
    static abstract EndpointDescriptor<TSelf> Descriptor { get; }
}
