using System.Diagnostics;

namespace IpcGen.Benchmarks;

/// <summary>Time and CPU time of one operation, as medians over several batches.</summary>
/// <param name="NanosecondsPerOperation">Median wall-clock time per operation, in nanoseconds.</param>
/// <param name="CpuMicrosecondsPerOperation">Median CPU time (user and system, of this process and the peer) per
/// operation, in microseconds.</param>
internal readonly record struct Measurement(double NanosecondsPerOperation, double CpuMicrosecondsPerOperation)
{
    /// <summary>Operations per second from the median time per operation.</summary>
    public double OperationsPerSecond => 1e9 / NanosecondsPerOperation;

    /// <summary>
    /// Runs <paramref name="batch"/> once with <paramref name="warmupOperations"/> operations, then
    /// <paramref name="batches"/> times with <paramref name="operations"/> operations each, and returns the
    /// medians of the time and of the CPU time of both processes per operation.
    /// </summary>
    public static Measurement Run(
        Process peer, int warmupOperations, int operations, int batches, Action<int> batch)
    {
        batch(warmupOperations);
        var times = new double[batches];
        var cpuTimes = new double[batches];
        for (int i = 0; i < batches; i++)
        {
            var cpuBefore = CpuTime(peer);
            long start = Stopwatch.GetTimestamp();
            batch(operations);
            long end = Stopwatch.GetTimestamp();
            var cpuAfter = CpuTime(peer);
            times[i] = (end - start) * 1e9 / Stopwatch.Frequency / operations;
            cpuTimes[i] = (cpuAfter - cpuBefore).TotalMicroseconds / operations;
        }

        return new Measurement(Median(times), Median(cpuTimes));
    }

    /// <summary>Returns the median of <paramref name="values"/>.</summary>
    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Returns the CPU time used so far by this process and <paramref name="peer"/>.
    /// Process.TotalProcessorTime reads /proc/PID/stat on every call, so it is current for both.</summary>
    public static TimeSpan CpuTime(Process peer)
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime + peer.TotalProcessorTime;
    }
}
