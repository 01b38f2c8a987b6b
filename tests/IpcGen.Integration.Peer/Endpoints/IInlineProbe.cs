namespace IpcGen.Integration.Peer;

/// <summary>
/// The endpoint the peer implements in its inline-probe mode, where the connection runs its own dispatch loop, so
/// that the dispatch thread reads the transport while it is idle. Its handlers report the threads they ran on and
/// the threads that read their messages.
/// </summary>
[IpcEndpoint]
public partial interface IInlineProbe
{
    /// <summary>Returns where this sync handler ran.</summary>
    HandlerReport Where(ReadStamp stamp);

    /// <summary>Returns where this Task handler started.</summary>
    Task<HandlerReport> WhereAsync(ReadStamp stamp, CancellationToken cancellationToken);

    /// <summary>Records where this one-way handler ran, for <see cref="TakeNotified"/>.</summary>
    void Notify(ReadStamp stamp);

    /// <summary>Returns the records of the <see cref="Notify"/> messages handled so far, in order, and clears them.
    /// </summary>
    List<HandlerReport> TakeNotified();

    /// <summary>Returns the stamp's value. The caller's decoder records the thread that read the response.</summary>
    ReadStamp Echo(ReadStamp stamp);

    /// <summary>Returns the stamp's value after yielding once.</summary>
    Task<ReadStamp> EchoAsync(ReadStamp stamp, CancellationToken cancellationToken);

    /// <summary>Blocks the dispatch thread for <paramref name="milliseconds"/> and returns it.</summary>
    int Block(int milliseconds);

    /// <summary>Blocks the dispatch thread for <paramref name="milliseconds"/>. Meanwhile another thread of the
    /// peer makes <paramref name="calls"/> sync calls of the host's Echo and then waits for
    /// <paramref name="oneWayCount"/> more stamps to be decoded, which the test sends as one-way messages.</summary>
    HoldReport Hold(int milliseconds, int calls, int oneWayCount);

    /// <summary>Returns 0 for depth 0. Otherwise calls the host's Nest with depth - 1 and returns its result plus
    /// one.</summary>
    int Nest(ReadStamp depth);

    /// <summary>Calls the host's Add from this handler and returns its result.</summary>
    int AddThroughHost(int a, int b);

    /// <summary>From the dispatch thread, sends the host <paramref name="rounds"/> rounds of one Notify, one
    /// Where and one WhereAsync, each waited for.</summary>
    void CallHost(int rounds);

    /// <summary>Starts a thread that sends the host <paramref name="count"/> Notify messages, values 0 to
    /// count - 1, as fast as the transport takes them.</summary>
    void NotifyHost(int count);

    /// <summary>As <see cref="NotifyHost"/>, but pauses for <paramref name="pauseMilliseconds"/> after each
    /// <paramref name="burst"/> messages.</summary>
    void NotifyHostInBursts(int count, int burst, int pauseMilliseconds);
}
