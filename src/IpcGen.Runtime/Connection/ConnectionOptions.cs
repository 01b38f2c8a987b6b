using Microsoft.Extensions.Logging;

namespace IpcGen;

/// <summary>Settings of a <see cref="Connection{TLocal, TPeer}"/>.</summary>
public sealed class ConnectionOptions
{
    /// <summary>Default of <see cref="SyncCallTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultSyncCallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="DeadlockDetectionDelay"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultDeadlockDetectionDelay = TimeSpan.FromSeconds(2);

    /// <summary>Default of <see cref="SyncSpinDuration"/>: 20 microseconds.</summary>
    public static readonly TimeSpan DefaultSyncSpinDuration = TimeSpan.FromTicks(200);

    /// <summary>Default of <see cref="MaxQueuedInboundBytes"/>: 256 MiB.</summary>
    public const long DefaultMaxQueuedInboundBytes = 256L * 1024 * 1024;

    /// <summary>Default of <see cref="MaxConcurrentIncomingAsyncRequests"/>: 65 536.</summary>
    public const int DefaultMaxConcurrentIncomingAsyncRequests = 65_536;

    /// <summary>
    /// Context on which handlers, the <c>Disconnected</c> event and continuations of the connection's own
    /// work run. Null (the default) gives the connection a dedicated dispatch thread running its own
    /// <see cref="IpcEventLoop"/>, stopped after the <c>Disconnected</c> event.
    /// </summary>
    public SynchronizationContext? SynchronizationContext { get; init; }

    /// <summary>Logger for disconnects, protocol violations and failed one-way handlers; null logs nothing.
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>How long a synchronous call waits for its response before it throws
    /// <see cref="TimeoutException"/>; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// <see cref="IpcCall.WithTimeout"/> overrides it for the calls of one thread.</summary>
    public TimeSpan SyncCallTimeout { get; init; } = DefaultSyncCallTimeout;

    /// <summary>
    /// How long a peer's synchronous request may wait for this connection's dispatch thread, while a thread
    /// other than the dispatch thread waits in a synchronous call on the same connection, before that call
    /// fails with <see cref="IpcDeadlockException"/>. <see cref="Timeout.InfiniteTimeSpan"/> disables the check.
    /// </summary>
    public TimeSpan DeadlockDetectionDelay { get; init; } = DefaultDeadlockDetectionDelay;

    /// <summary>
    /// How long a synchronous caller spins before it blocks in <see cref="Monitor.Wait(object, int)"/>. A short
    /// spin saves the wake-up of a blocked thread when the response is quick, at the cost of CPU time while
    /// spinning; <see cref="TimeSpan.Zero"/> blocks at once. The default dispatch thread spins as long when its
    /// queue runs empty.
    /// </summary>
    public TimeSpan SyncSpinDuration { get; init; } = DefaultSyncSpinDuration;

    /// <summary>
    /// Maximum size of the peer's messages received but not yet dispatched, in bytes: each message counts its
    /// encoded body plus 64 bytes, an estimate of the per-message overhead. A peer that goes over it, because
    /// it sends faster than handlers return or while the dispatch thread is blocked or waits in a sync call,
    /// is disconnected as a protocol violation. It must be at least the local endpoint's
    /// <c>MaxPayloadBytes</c> for the largest message to fit.
    /// </summary>
    public long MaxQueuedInboundBytes { get; init; } = DefaultMaxQueuedInboundBytes;

    /// <summary>
    /// Maximum number of the peer's async requests in progress at once, queued or with a handler still running.
    /// Each one keeps a <see cref="CancellationTokenSource"/> and its handler's state until it completes. A peer
    /// that sends one more is disconnected as a protocol violation.
    /// </summary>
    public int MaxConcurrentIncomingAsyncRequests { get; init; } = DefaultMaxConcurrentIncomingAsyncRequests;
}
