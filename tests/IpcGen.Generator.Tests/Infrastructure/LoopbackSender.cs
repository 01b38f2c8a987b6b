using IpcGen.Messages;

namespace IpcGen.Generator.Tests.Infrastructure;

/// <summary>A message sender that encodes each message, decodes it with the descriptor, dispatches it to a stub
/// and sends the response back the same way, all on the calling thread.</summary>
internal sealed class LoopbackSender(EndpointDescriptor descriptor, EndpointStub stub) : IMessageSender
{
    public void Post(IMessage message) => Assert.That(stub.Invoke(Transfer(message)), Is.Null);

    public TResponse Send<TResponse>(IMessage request)
        where TResponse : class, IMessage
    {
        var response = stub.Invoke(Transfer(request));
        Assert.That(response, Is.Not.Null);
        return (TResponse)Transfer(response!);
    }

    public async Task<TResponse> SendAsync<TResponse>(IMessage request, CancellationToken cancellationToken)
        where TResponse : class, IMessage
    {
        var response = await stub.InvokeAsync(Transfer(request), cancellationToken).ConfigureAwait(false);
        return (TResponse)Transfer(response);
    }

    private IMessage Transfer(IMessage message)
    {
        var (payload, attachments) = Wire.Encode(message);
        return Wire.Decode(descriptor, message.MessageId, payload, attachments);
    }

    public static TEndpoint CreateProxy<TEndpoint>(TEndpoint implementation)
        where TEndpoint : class, IIpcEndpoint<TEndpoint>
    {
        var descriptor = TEndpoint.Descriptor;
        return descriptor.CreateProxy(new LoopbackSender(descriptor, descriptor.CreateStub(implementation)));
    }
}
