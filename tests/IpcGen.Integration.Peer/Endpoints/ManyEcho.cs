using MessagePack;

namespace IpcGen.Integration.Peer;

/// <summary>The arguments of the last <see cref="IWorker.Many"/> message, as the peer received them.</summary>
[MessagePackObject]
public sealed record ManyEcho(
    [property: Key(0)] bool Flag,
    [property: Key(1)] long Number,
    [property: Key(2)] string Text,
    [property: Key(3)] double Ratio,
    [property: Key(4)] Color Color,
    [property: Key(5)] int[] Values);
