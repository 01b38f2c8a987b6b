namespace IpcGen.Runtime.TestPeer;

/// <summary>The endpoint the peer process implements in the connection tests. Its payload limit is low so that
/// the tests can exceed it.</summary>
[IpcEndpoint(MaxPayloadBytes = 4096)]
public partial interface ITestWorker
{
    /// <summary>Records a sequence number, <c>stream * 1 000 000 + number</c>, to check ordering per stream.
    /// </summary>
    void Record(int sequence);

    /// <summary>Returns <c>a + b</c>.</summary>
    int Add(int a, int b);

    /// <summary>Throws <see cref="InvalidOperationException"/> with <paramref name="message"/>.</summary>
    int Fail(string message);

    /// <summary>Blocks the dispatch thread for <paramref name="milliseconds"/> and returns it.</summary>
    int Delay(int milliseconds);

    /// <summary>Waits <paramref name="milliseconds"/> without blocking and returns it; reports a cancellation to
    /// the host.</summary>
    Task<int> DelayAsync(int milliseconds, CancellationToken cancellationToken);

    /// <summary>Calls the host's <see cref="ITestHost.Nested"/> with <c>depth - 1</c> until depth 0.</summary>
    int Nested(int depth);

    /// <summary>Makes <paramref name="count"/> sync calls to the host from the dispatch thread.</summary>
    void StartCalls(int count);

    /// <summary>Returns the number of records, or -1 if a stream arrived out of order.</summary>
    int RecordedInOrder();

    /// <summary>Returns the length of the file whose descriptor travels as <paramref name="file"/>.</summary>
    long FileLength(Attachment file);
}
