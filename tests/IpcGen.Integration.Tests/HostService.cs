using System.Collections.Concurrent;
using IpcGen.Integration.Peer;

namespace IpcGen.Integration.Tests;

/// <summary>The test process's implementation of <see cref="IHost"/>, which records what the peer sent back.
/// </summary>
internal sealed class HostService : IHost
{
    /// <summary>Values of the <see cref="IHost.Echoed"/> messages, in arrival order.</summary>
    public BlockingCollection<int> Echoes { get; } = new();

    public void Echoed(int value) => Echoes.Add(value);

    public int Add(int a, int b) => a + b;
}
