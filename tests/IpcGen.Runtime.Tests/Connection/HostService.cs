using System.Collections.Concurrent;
using IpcGen.Runtime.TestPeer;

namespace IpcGen.Runtime.Tests.Connection;

/// <summary>The tests' implementation of <see cref="ITestHost"/>.</summary>
internal sealed class HostService : ITestHost
{
    public ITestWorker? Worker { get; set; }

    public ConcurrentQueue<int> Cancellations { get; } = new();

    public TaskCompletionSource<int> CallsCompleted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int RecordCount;

    public void Record(int sequence) => Interlocked.Increment(ref RecordCount);

    public int Add(int a, int b) => a + b;

    /// <summary>Makes <see cref="Nested"/> post a record to the worker and return the worker's record count.
    /// </summary>
    public bool ProbeHeldMessages { get; set; }

    public int Nested(int depth)
    {
        if (ProbeHeldMessages)
        {
            Worker!.Record(0);
            return Worker.RecordedInOrder();
        }

        return depth <= 0 ? 0 : Worker!.Nested(depth - 1) + 1;
    }

    public void Cancelled(int milliseconds) => Cancellations.Enqueue(milliseconds);

    public void CallsDone(int completed) => CallsCompleted.TrySetResult(completed);
}
