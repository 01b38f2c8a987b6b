using MessagePack;

namespace IpcGen.Integration.Peer;

/// <summary>Several values returned by one request.</summary>
[MessagePackObject]
public sealed record Statistics(
    [property: Key(0)] int Count,
    [property: Key(1)] long Sum,
    [property: Key(2)] int Min,
    [property: Key(3)] int Max,
    [property: Key(4)] double Mean);
