namespace IpcGen.Integration.Peer;

/// <summary>Implementation of <see cref="IChannel"/> that prefixes echoes with the name of its side.</summary>
public sealed class Channel : IChannel
{
    private readonly string _side;

    /// <summary>Creates a channel for the side named <paramref name="side"/>.</summary>
    public Channel(string side) => _side = side;

    /// <inheritdoc/>
    public string Echo(string text) => $"{_side}: {text}";

    /// <inheritdoc/>
    public int ProcessId() => Environment.ProcessId;
}
