using MessagePack;

namespace IpcGen.Integration.Peer;

/// <summary>A MessagePack record struct.</summary>
[MessagePackObject]
public readonly record struct Vector([property: Key(0)] double X, [property: Key(1)] double Y);
