using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Messages;

namespace IpcGen.Generator.Tests.Infrastructure;

/// <summary>A message sender that records every message it is given and returns, for each request, the response
/// that <see cref="Respond"/> makes, so that tests can see which instances the proxy rents and returns.</summary>
internal sealed class PoolProbeSender : IMessageSender
{
    public List<IMessage> Sent { get; } = [];

    /// <summary>Function that makes the response to a request. The default rents pooled responses, as the generated
    /// decoder does.</summary>
    public Func<IMessage, IMessage> Respond { get; set; } = request => request switch
    {
        PoolProbeMessages.Sum sum => PoolProbeMessages.SumResponse.Rent(sum.A + sum.B),
        PoolProbeMessages.Touch => PoolProbeMessages.TouchResponse.Rent(),
        PoolProbeMessages.Describe describe => new PoolProbeMessages.DescribeResponse(describe.Value.ToString()),
        PoolProbeMessages.Measure measure => PoolProbeMessages.MeasureResponse.Rent(measure.Text.Length),
        _ => throw new ArgumentException($"{request.GetType().Name} is not a request of IPoolProbe."),
    };

    public void Post(IMessage message) => Sent.Add(message);

    public TResponse Send<TResponse>(IMessage request)
        where TResponse : class, IMessage
    {
        Sent.Add(request);
        return (TResponse)Respond(request);
    }

    public Task<TResponse> SendAsync<TResponse>(IMessage request, CancellationToken cancellationToken)
        where TResponse : class, IMessage =>
        throw new NotSupportedException("IPoolProbe has no async requests.");
}
