namespace IpcGen.Hostile.Tests;

/// <summary>Which of the server's endpoints a raw client talks to.</summary>
public enum Target
{
    /// <summary>The echo endpoint, on a connection to the server's socket path.</summary>
    Echo,

    /// <summary>The checksum endpoint, on a connection opened by <c>IEchoService.OpenChecksum</c>.</summary>
    Checksum,
}
