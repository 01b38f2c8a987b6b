using System.Diagnostics;

namespace IpcGen.Benchmarks;

/// <summary>
/// One figure to measure: a batch of operations against a peer process. The program runs the batches of every
/// scenario in turn (raw, IpcGen and StreamJsonRpc interleaved), so that a change in the load of a shared machine
/// falls on all of them alike instead of on whichever ran at that moment.
/// </summary>
internal sealed class Scenario
{
    private readonly Process _peer;
    private readonly Action<int> _batch;
    private readonly List<double> _nanoseconds = [];
    private readonly List<double> _cpuMicroseconds = [];

    public Scenario(string name, Process peer, int operations, Action<int> batch)
    {
        Name = name;
        _peer = peer;
        Operations = operations;
        _batch = batch;
    }

    public string Name { get; }

    public int Operations { get; }

    /// <summary>Medians of the batches run so far.</summary>
    public Measurement Result =>
        new(Measurement.Median([.. _nanoseconds]), Measurement.Median([.. _cpuMicroseconds]));

    /// <summary>Runs batches without recording them, at least one and for at least
    /// <paramref name="minimum"/>, so that the runtime's tiered compiler has replaced the hot methods' first,
    /// unoptimized code before anything is measured (it does so in the background after about 100 ms of calls).
    /// </summary>
    public void WarmUp(TimeSpan minimum)
    {
        long start = Stopwatch.GetTimestamp();
        do
        {
            _batch(Operations);
        }
        while (Stopwatch.GetElapsedTime(start) < minimum);
    }

    /// <summary>Runs one batch and records its time and the CPU time of both processes per operation.</summary>
    public void RunBatch()
    {
        var cpuBefore = Measurement.CpuTime(_peer);
        long start = Stopwatch.GetTimestamp();
        _batch(Operations);
        long end = Stopwatch.GetTimestamp();
        var cpuAfter = Measurement.CpuTime(_peer);
        _nanoseconds.Add((end - start) * 1e9 / Stopwatch.Frequency / Operations);
        _cpuMicroseconds.Add((cpuAfter - cpuBefore).TotalMicroseconds / Operations);
    }
}
