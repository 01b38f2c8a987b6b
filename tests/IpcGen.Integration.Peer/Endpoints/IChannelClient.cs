namespace IpcGen.Integration.Peer;

/// <summary>The endpoint of the calling side of an <see cref="IChannel"/>, which receives no messages.</summary>
[IpcEndpoint]
public partial interface IChannelClient
{
}
