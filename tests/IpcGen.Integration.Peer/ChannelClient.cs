namespace IpcGen.Integration.Peer;

/// <summary>Implementation of <see cref="IChannelClient"/>, which has no messages.</summary>
public sealed class ChannelClient : IChannelClient
{
}
