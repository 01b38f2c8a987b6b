namespace IpcGen.Samples.EchoServer;

/// <summary>The client side's implementation of <see cref="ISampleClient"/>, which has nothing to handle.</summary>
public sealed class SampleClient : ISampleClient
{
}
