namespace IpcGen.Runtime.TestPeer;

/// <summary>The endpoint the test process implements in the connection tests.</summary>
[IpcEndpoint]
public partial interface ITestHost
{
    /// <summary>Records a sequence number.</summary>
    void Record(int sequence);

    /// <summary>Returns <c>a + b</c>.</summary>
    int Add(int a, int b);

    /// <summary>Calls the worker's <see cref="ITestWorker.Nested"/> with <c>depth - 1</c> until depth 0.</summary>
    int Nested(int depth);

    /// <summary>Reports that the worker's <see cref="ITestWorker.DelayAsync"/> handler saw its token cancelled.
    /// </summary>
    void Cancelled(int milliseconds);

    /// <summary>Reports how many of the calls that <see cref="ITestWorker.StartCalls"/> made returned the right
    /// value.</summary>
    void CallsDone(int completed);
}
