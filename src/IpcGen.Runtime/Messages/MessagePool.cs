namespace IpcGen.Messages;

/// <summary>A small cache of reusable messages of one type, shared by all threads.</summary>
/// <remarks>Generated messages of sync and one-way calls whose values are all numbers, enums, dates, times or Guids
/// keep two pools each, one for messages to send and one for decoded messages, so that such a call allocates no
/// message in steady state. Each pool keeps two messages, so that two threads that give a message back at about the
/// same time both find room. <see cref="TryRent"/> takes a message out of a slot atomically,
/// so two threads never rent the same instance as long as each instance is returned once. When more threads call at
/// once, the ones that find the slots empty create new messages, and the garbage collector takes any message that
/// <see cref="Return"/> finds no free slot for.</remarks>
/// <typeparam name="TMessage">Message type.</typeparam>
public sealed class MessagePool<TMessage>
    where TMessage : class
{
    private TMessage? _first;
    private TMessage? _second;

    /// <summary>Takes a cached message out of the pool, or returns null when the pool is empty.</summary>
    public TMessage? TryRent() => TryTake(ref _first) ?? TryTake(ref _second);

    /// <summary>Puts a message that its owner no longer uses into the pool; when both slots are taken, the message
    /// is left to the garbage collector.</summary>
    /// <remarks>The caller must own <paramref name="message"/> and return it once, because a message returned twice
    /// could be rented by two threads.</remarks>
    public void Return(TMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Volatile.Read(ref _first) is null && Interlocked.CompareExchange(ref _first, message, null) is null)
        {
            return;
        }

        Interlocked.CompareExchange(ref _second, message, null);
    }

    // Reading first skips the interlocked exchange while the slot is empty.
    private static TMessage? TryTake(ref TMessage? slot) =>
        Volatile.Read(ref slot) is null ? null : Interlocked.Exchange(ref slot, null);
}
