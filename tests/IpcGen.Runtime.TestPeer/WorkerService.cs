namespace IpcGen.Runtime.TestPeer;

/// <summary>The implementation of <see cref="ITestWorker"/> that the peer process (and some in-process tests)
/// run.</summary>
public sealed class WorkerService : ITestWorker
{
    private readonly Dictionary<int, int> _nextByStream = new();
    private int _recorded;
    private bool _outOfOrder;
    private int _cancelledHandlers;

    /// <summary>Number of <see cref="DelayAsync"/> handlers whose token was cancelled.</summary>
    public int CancelledHandlers => Volatile.Read(ref _cancelledHandlers);

    /// <summary>The proxy of the host on the other side; set once the connection exists.</summary>
    public ITestHost? Host { get; set; }

    /// <summary>Maximum random delay injected into each <see cref="Record"/>, in milliseconds; 0 for none.</summary>
    public int MaxRecordDelayMilliseconds { get; set; }

    /// <summary>Checks that the sequence numbers of each stream (<c>sequence / 1 000 000</c>) arrive in order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The sequence is negative, for the tests of throwing one-way
    /// handlers.</exception>
    public void Record(int sequence)
    {
        if (sequence < 0)
        {
            throw new InvalidOperationException($"Invalid sequence {sequence}.");
        }

        if (MaxRecordDelayMilliseconds > 0)
        {
            Thread.Sleep(Random.Shared.Next(0, MaxRecordDelayMilliseconds + 1));
        }

        int stream = sequence / 1_000_000;
        int number = sequence % 1_000_000;
        _nextByStream.TryGetValue(stream, out int expected);
        if (number != expected)
        {
            _outOfOrder = true;
        }

        _nextByStream[stream] = number + 1;
        _recorded++;
    }

    /// <summary>Returns the number of records, or -1 if any stream arrived out of order.</summary>
    public int RecordedInOrder() => _outOfOrder ? -1 : _recorded;

    /// <inheritdoc/>
    public int Add(int a, int b) => a + b;

    /// <inheritdoc/>
    public long FileLength(Attachment file)
    {
        using var stream = file.TakeAsStream(FileAccess.Read);
        return stream.Length;
    }

    /// <inheritdoc/>
    public int Fail(string message) => throw new InvalidOperationException(message);

    /// <inheritdoc/>
    public int Delay(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return milliseconds;
    }

    /// <inheritdoc/>
    public async Task<int> DelayAsync(int milliseconds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        try
        {
            await Task.Delay(milliseconds, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelledHandlers);
            Host!.Cancelled(milliseconds);
            throw;
        }

        return milliseconds;
    }

    /// <inheritdoc/>
    public int Nested(int depth) => depth <= 0 ? 0 : Host!.Nested(depth - 1) + 1;

    /// <summary>Makes <paramref name="count"/> sync calls to the host from the dispatch thread, then reports how
    /// many returned the right value.</summary>
    public void StartCalls(int count)
    {
        int correct = 0;
        for (int i = 0; i < count; i++)
        {
            if (Host!.Add(i, 1) == i + 1)
            {
                correct++;
            }
        }

        Host!.CallsDone(correct);
    }
}
