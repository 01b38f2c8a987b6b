using IpcGen.Messages;

namespace IpcGen;

/// <summary>A decoded incoming message (or the disconnect) waiting to be dispatched on the connection's
/// context.</summary>
internal readonly record struct InboundItem(
    long Sequence,
    InboundKind Kind,
    IMessage? Message,
    MessageInfo Info,
    uint RequestId,
    long ArrivalTimestamp,
    CancellationTokenSource? Cancellation,
    long QueuedBytes);
