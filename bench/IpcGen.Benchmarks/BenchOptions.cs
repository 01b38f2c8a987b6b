namespace IpcGen.Benchmarks;

/// <summary>Operation counts of one benchmark run: the quick set or the full set.</summary>
internal sealed record BenchOptions(
    int Batches,
    int RoundTrips,
    int OneWayMessages,
    int LargeRoundTrips,
    int JsonRpcRoundTrips,
    int JsonRpcOneWayMessages,
    int JsonRpcLargeRoundTrips)
{
    /// <summary>Counts for a run that finishes well within a minute on a loaded 2-core machine.</summary>
    public static BenchOptions Quick { get; } = new(15, 1_000, 50_000, 20, 300, 3_000, 5);

    /// <summary>Counts for a full run, with more batches and operations per batch.</summary>
    public static BenchOptions Full { get; } = new(31, 3_000, 100_000, 50, 1_000, 10_000, 15);

    /// <summary>Size of the large argument, in bytes: 1 MiB.</summary>
    public const int LargeBytes = 1024 * 1024;

    /// <summary>Size of the small argument and of every raw ping and pong, in bytes.</summary>
    public const int SmallBytes = 64;
}
