namespace IpcGen.Messages;

/// <summary>A one-slot cache of reusable messages of one type, shared by all threads.</summary>
/// <remarks>Generated messages of sync and one-way calls whose values are all numbers, enums, dates, times or Guids
/// keep one pool each, so that such a call through the generated proxy allocates no message in steady state.
/// <see cref="TryRent"/> takes the cached message out of the slot atomically, so two threads never rent the same
/// instance as long as each instance is returned once. When several threads call at once, the ones that find the
/// slot empty create new messages, and the garbage collector takes any message that <see cref="Return"/> replaces.
/// </remarks>
/// <typeparam name="TMessage">Message type.</typeparam>
public sealed class MessagePool<TMessage>
    where TMessage : class
{
    private TMessage? _cached;

    /// <summary>Takes the cached message out of the pool, or returns null when the pool is empty.</summary>
    public TMessage? TryRent() =>
        // Reading first skips the interlocked exchange while the slot is empty.
        Volatile.Read(ref _cached) is null ? null : Interlocked.Exchange(ref _cached, null);

    /// <summary>Puts a message that its owner no longer uses into the pool, replacing any message cached there.
    /// </summary>
    /// <remarks>The caller must own <paramref name="message"/> and return it once, because a message returned twice
    /// could be rented by two threads.</remarks>
    public void Return(TMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Volatile.Write(ref _cached, message);
    }
}
