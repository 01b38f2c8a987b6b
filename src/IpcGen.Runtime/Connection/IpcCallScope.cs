namespace IpcGen;

/// <summary>Restores the previous per-thread call timeout when disposed; returned by
/// <see cref="IpcCall.WithTimeout"/>.</summary>
public readonly struct IpcCallScope : IDisposable
{
    private readonly TimeSpan? _previous;
    private readonly int _threadId;

    internal IpcCallScope(TimeSpan? previous, int threadId)
    {
        _previous = previous;
        _threadId = threadId;
    }

    /// <summary>Restores the timeout that was in effect before the scope began.</summary>
    /// <exception cref="InvalidOperationException">The scope is disposed on another thread.</exception>
    public void Dispose()
    {
        if (_threadId != Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException(
                "An IpcCall scope must be disposed on the thread that created it, because the timeout is per thread.");
        }

        IpcCall.Restore(_previous);
    }
}
