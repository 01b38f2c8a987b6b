using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IpcGen.Unix;

/// <summary>Settings of a <see cref="UnixTransport"/>. Both ends of a connection must use the same
/// <see cref="AcknowledgeDescriptors"/> value.</summary>
public sealed class UnixTransportOptions
{
    /// <summary>Shared instance with the default settings.</summary>
    internal static readonly UnixTransportOptions Default = new();

    /// <summary>Whether the receiver acknowledges every descriptor it takes off the socket, so that the sender keeps
    /// its copy open until then. macOS needs this (a descriptor closed by the sender while in flight can be lost);
    /// the default is on there and off elsewhere.</summary>
    public bool AcknowledgeDescriptors { get; init; } = OperatingSystem.IsMacOS();

    /// <summary>How long <see cref="UnixTransport.Connect"/> keeps retrying while the listener's backlog is full;
    /// the default is 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Logger for disconnects and errors; the default writes nothing.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
