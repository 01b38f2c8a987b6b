using MessagePack;

namespace IpcGen.Integration.Peer;

/// <summary>Where a handler ran and which thread read its message from the transport.</summary>
[MessagePackObject]
public sealed record HandlerReport(
    [property: Key(0)] string Kind,
    [property: Key(1)] int Value,
    [property: Key(2)] string? HandlerThread,
    [property: Key(3)] string? ContextType,
    [property: Key(4)] bool OnLoopThread,
    [property: Key(5)] bool OnConnectionContext,
    [property: Key(6)] string? ReaderThread)
{
    /// <summary>Describes the calling handler of <paramref name="kind"/> (one-way, sync or task) for the message
    /// that carried <paramref name="stamp"/>, on a connection whose context is <paramref name="connectionContext"/>.
    /// </summary>
    public static HandlerReport Capture(string kind, ReadStamp stamp, SynchronizationContext connectionContext)
    {
        var current = SynchronizationContext.Current;
        return new HandlerReport(
            kind,
            stamp.Value,
            Thread.CurrentThread.Name,
            current?.GetType().Name,
            current is IpcEventLoop loop && loop.IsLoopThread,
            current is not null && ReferenceEquals(current, connectionContext),
            stamp.ReaderThread);
    }
}
