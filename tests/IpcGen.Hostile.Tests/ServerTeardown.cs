namespace IpcGen.Hostile.Tests;

/// <summary>Stops the shared echo server after the last test of the assembly.</summary>
[SetUpFixture]
public sealed class ServerTeardown
{
    [OneTimeTearDown]
    public void StopSharedServer() => SharedServer.Stop();
}
