using System.Diagnostics;
using IpcGen.Unix;

namespace IpcGen.Benchmarks;

/// <summary>Results of the IpcGen connection benchmarks.</summary>
internal sealed record IpcGenResults(
    Measurement SyncRoundTrip,
    Measurement TaskRoundTrip,
    Measurement OneWay,
    Measurement LargeRoundTrip,
    Measurement DescriptorRoundTrip,
    double CallerThreadBytesPerCall,
    double CallerProcessBytesPerCall,
    double PeerProcessBytesPerCall,
    double LargeCallerProcessBytesPerCall,
    double LargePeerProcessBytesPerCall);

/// <summary>Calls through <see cref="Connection{TLocal, TPeer}"/> to a peer process with default options.</summary>
internal sealed class IpcGenBenchmark : IDisposable
{
    public const string Role = "ipcgen";

    // Values of at least 2^32 encode as 9-byte MessagePack integers, so the eight arguments take 72 bytes.
    private const long Big = 1L << 40;

    private readonly Process _process;
    private readonly Connection<IBenchHost, IBenchPeer> _connection;
    private readonly IBenchPeer _peer;
    private readonly byte[] _large = new byte[BenchOptions.LargeBytes];
    private readonly FileStream _file = new("/dev/null", FileMode.Open, FileAccess.Read);
    private readonly int _allocationCalls;

    /// <summary>Starts the peer and connects to it.</summary>
    public IpcGenBenchmark(BenchOptions options)
    {
        var (process, transport) = PeerProcess.StartConnected(Role);
        _process = process;
        _connection = new Connection<IBenchHost, IBenchPeer>(transport, new Host(), CreateOptions());
        _peer = _connection.Peer;
        _connection.Start();
        _allocationCalls = options.RoundTrips;
        SyncRoundTrip = new Scenario("IpcGen sync", process, options.RoundTrips, RunSync);
        TaskRoundTrip = new Scenario("IpcGen task", process, options.RoundTrips, RunTask);
        OneWay = new Scenario("IpcGen one-way", process, options.OneWayMessages, RunOneWay);
        LargeRoundTrip = new Scenario("IpcGen 1 MiB", process, options.LargeRoundTrips, RunLarge);
        DescriptorRoundTrip = new Scenario("IpcGen descriptor", process, options.RoundTrips, RunDescriptor);
    }

    public Scenario SyncRoundTrip { get; }

    public Scenario TaskRoundTrip { get; }

    public Scenario OneWay { get; }

    public Scenario LargeRoundTrip { get; }

    public Scenario DescriptorRoundTrip { get; }

    public IEnumerable<Scenario> Scenarios =>
        [SyncRoundTrip, TaskRoundTrip, OneWay, LargeRoundTrip, DescriptorRoundTrip];

    /// <summary>Returns the medians so far and measures the allocations of sync calls.</summary>
    public IpcGenResults GetResults()
    {
        var (thread, caller, peer) = MeasureAllocations(RunSync, _allocationCalls);
        var (_, largeCaller, largePeer) = MeasureAllocations(RunLarge, LargeRoundTrip.Operations);
        return new IpcGenResults(SyncRoundTrip.Result, TaskRoundTrip.Result, OneWay.Result, LargeRoundTrip.Result,
            DescriptorRoundTrip.Result, thread, caller, peer, largeCaller, largePeer);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _file.Dispose();
        PeerProcess.WaitForExit(_process);
    }

    private void RunSync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _peer.Sum(Big, Big, Big, Big, Big, Big, Big, i);
        }
    }

    private void RunTask(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _peer.SumLater(Big, Big, Big, Big, Big, Big, Big, i).GetAwaiter().GetResult();
        }
    }

    private void RunOneWay(int count)
    {
        long target = _peer.PostedCount() + count;
        for (int i = 0; i < count; i++)
        {
            _peer.Post(Big, Big, Big, Big, Big, Big, Big, i);
        }

        // The peer dispatches in arrival order, so this sync call returns after every post was handled.
        if (_peer.PostedCount() != target)
        {
            throw new InvalidOperationException("The peer handled a different number of messages.");
        }
    }

    private void RunLarge(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _peer.Take(_large);
        }
    }

    private void RunDescriptor(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _peer.Close(Attachment.DuplicateOf(_file));
        }
    }

    /// <summary>Sends five batches of <paramref name="messages"/> one-way messages after a warm-up and prints, per
    /// batch, the rate of the sending loop alone and the rate until the peer has handled every message.</summary>
    public static void RunOneWayOnly(int messages)
    {
        var (process, transport) = PeerProcess.StartConnected(Role);
        var connection = new Connection<IBenchHost, IBenchPeer>(transport, new Host(), CreateOptions());
        try
        {
            connection.Start();
            var peer = connection.Peer;
            for (int batch = 0; batch < 6; batch++)
            {
                long target = peer.PostedCount() + messages;
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = 0; i < messages; i++)
                {
                    peer.Post(Big, Big, Big, Big, Big, Big, Big, i);
                }

                var sent = System.Diagnostics.Stopwatch.GetElapsedTime(start);
                if (peer.PostedCount() != target)
                {
                    throw new InvalidOperationException("The peer handled a different number of messages.");
                }

                var handled = System.Diagnostics.Stopwatch.GetElapsedTime(start);
                Console.WriteLine($"batch {batch}: sending loop {messages / sent.TotalSeconds / 1e6:F2} M msg/s, " +
                    $"handled {messages / handled.TotalSeconds / 1e6:F2} M msg/s");
            }
        }
        finally
        {
            connection.Dispose();
            PeerProcess.WaitForExit(process);
        }
    }

    /// <summary>Makes five batches of <paramref name="calls"/> sync calls after a warm-up and prints the median time
    /// and CPU time per call. With <paramref name="large"/>, each call carries the 1 MiB argument.</summary>
    public static void RunSyncOnly(int calls, bool large = false)
    {
        var data = new byte[BenchOptions.LargeBytes];
        var (process, transport) = PeerProcess.StartConnected(Role);
        var connection = new Connection<IBenchHost, IBenchPeer>(transport, new Host(), CreateOptions());
        try
        {
            connection.Start();
            var result = Measurement.Run(process, calls, calls, 5, count =>
            {
                for (int i = 0; i < count; i++)
                {
                    if (large)
                    {
                        connection.Peer.Take(data);
                    }
                    else
                    {
                        connection.Peer.Sum(Big, Big, Big, Big, Big, Big, Big, i);
                    }
                }
            });

            Console.WriteLine($"{calls} sync calls per batch, medians of 5 batches: " +
                $"{result.NanosecondsPerOperation / 1000:F1} µs and {result.CpuMicrosecondsPerOperation:F1} µs CPU " +
                "per call");
        }
        finally
        {
            connection.Dispose();
            PeerProcess.WaitForExit(process);
        }
    }

    /// <summary>The peer: serves <see cref="IBenchPeer"/> on the default dispatch thread until the connection ends.
    /// </summary>
    public static int RunPeer()
    {
        using var ended = new ManualResetEventSlim();
        using var connection = new Connection<IBenchPeer, IBenchHost>(
            UnixTransport.FromInheritedDescriptor(), new Peer(), CreateOptions());
        connection.Disconnected += (_, _) => ended.Set();
        connection.Start();
        ended.Wait();
        return 0;
    }

    /// <summary>Default options, except that <c>IPCGEN_BENCH_SPIN_US</c> sets
    /// <see cref="ConnectionOptions.SyncSpinDuration"/> on both sides, in microseconds.</summary>
    private static ConnectionOptions CreateOptions()
    {
        string? spin = Environment.GetEnvironmentVariable("IPCGEN_BENCH_SPIN_US");
        return spin is null
            ? new ConnectionOptions()
            : new ConnectionOptions { SyncSpinDuration = TimeSpan.FromMicroseconds(double.Parse(spin)) };
    }

    /// <summary>Measures managed bytes allocated per steady-state call of <paramref name="run"/>: on the calling
    /// thread, in the whole calling process (its IO and dispatch threads included) and in the whole peer process.
    /// </summary>
    private (double Thread, double Process, double Peer) MeasureAllocations(Action<int> run, int calls)
    {
        long peerBefore = _peer.AllocatedBytes();
        long processBefore = GC.GetTotalAllocatedBytes(precise: true);
        long threadBefore = GC.GetAllocatedBytesForCurrentThread();
        run(calls);
        long threadAfter = GC.GetAllocatedBytesForCurrentThread();
        long processAfter = GC.GetTotalAllocatedBytes(precise: true);
        long peerAfter = _peer.AllocatedBytes();
        return (
            (double)(threadAfter - threadBefore) / calls,
            (double)(processAfter - processBefore) / calls,
            (double)(peerAfter - peerBefore) / calls);
    }

    private sealed class Host : IBenchHost
    {
        public void Unused()
        {
        }
    }

    private sealed class Peer : IBenchPeer
    {
        private long _posted;

        public long Sum(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) =>
            a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;

        public Task<long> SumLater(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) =>
            Task.FromResult(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);

        public void Post(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) => _posted++;

        public long PostedCount() => _posted;

        public int Take(byte[] data) => data.Length;

        public int Close(Attachment file)
        {
            file.Dispose();
            return 1;
        }

        public long AllocatedBytes() => GC.GetTotalAllocatedBytes(precise: true);
    }
}
