namespace IpcGen.Samples.EchoServer;

/// <summary>Endpoint of a client of the echo server. It has no messages: the server never calls its clients.
/// </summary>
[IpcEndpoint]
public partial interface ISampleClient
{
}
