using MessagePack;

namespace IpcGen.Integration.Peer;

/// <summary>What happened in the peer process while <see cref="IInlineProbe.Hold"/> held its dispatch thread.
/// </summary>
[MessagePackObject]
public sealed record HoldReport(
    [property: Key(0)] bool CallerFinished,
    [property: Key(1)] int CallsCompleted,
    [property: Key(2)] int ResponsesReadByCaller,
    [property: Key(3)] long StampsDecoded,
    [property: Key(4)] int OneWayHandledDuringHold,
    [property: Key(5)] double CallerFinishedAtMilliseconds,
    [property: Key(6)] string? CallerError);
