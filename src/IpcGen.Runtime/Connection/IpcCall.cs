namespace IpcGen;

/// <summary>Per-thread settings for the synchronous calls a thread makes.</summary>
public static class IpcCall
{
    [ThreadStatic]
    private static TimeSpan? t_timeout;

    /// <summary>The timeout that <see cref="WithTimeout"/> set on this thread, or null for the connection's.
    /// </summary>
    public static TimeSpan? CurrentTimeout => t_timeout;

    /// <summary>
    /// Sets the timeout of every synchronous call this thread makes, on any connection, until the returned
    /// scope is disposed; scopes nest. <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    /// <example><code>using (IpcCall.WithTimeout(TimeSpan.FromSeconds(1))) { peer.Ping(); }</code></example>
    public static IpcCallScope WithTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(
                nameof(timeout), timeout, "The timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        var scope = new IpcCallScope(t_timeout, Environment.CurrentManagedThreadId);
        t_timeout = timeout;
        return scope;
    }

    internal static void Restore(TimeSpan? previous) => t_timeout = previous;
}
