using System.Globalization;
using System.Text.Json;

namespace IpcGen.Benchmarks;

/// <summary>The figures of one run, as a table and as JSON.</summary>
internal sealed class Report
{
    private readonly RawResults _rawBlocking;
    private readonly RawResults _rawSpin;
    private readonly IpcGenResults _ipcGen;
    private readonly JsonRpcResults _jsonRpc;

    public Report(RawResults rawBlocking, RawResults rawSpin, IpcGenResults ipcGen, JsonRpcResults jsonRpc)
    {
        _rawBlocking = rawBlocking;
        _rawSpin = rawSpin;
        _ipcGen = ipcGen;
        _jsonRpc = jsonRpc;
    }

    // The limit is the faster of the two raw variants, figure by figure.
    private double RawRoundTrip => Math.Min(
        _rawBlocking.RoundTrip.NanosecondsPerOperation, _rawSpin.RoundTrip.NanosecondsPerOperation);

    private double RawOneWay => Math.Max(
        _rawBlocking.OneWay.OperationsPerSecond, _rawSpin.OneWay.OperationsPerSecond);

    private double RawLarge => Math.Min(
        _rawBlocking.LargeRoundTrip.NanosecondsPerOperation, _rawSpin.LargeRoundTrip.NanosecondsPerOperation);

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| Figure | Raw limit | IpcGen | StreamJsonRpc | IpcGen / raw | StreamJsonRpc / IpcGen |");
        output.WriteLine("|---|---|---|---|---|---|");
        WriteTime(output, "Sync round trip, 64-byte argument", RawRoundTrip, _ipcGen.SyncRoundTrip,
            _jsonRpc.RoundTrip);
        WriteTime(output, "Task request round trip", RawRoundTrip, _ipcGen.TaskRoundTrip, _jsonRpc.RoundTrip);
        WriteRate(output, "One-way, 64-byte argument", RawOneWay, _ipcGen.OneWay, _jsonRpc.OneWay);
        WriteTime(output, "1 MiB argument round trip", RawLarge, _ipcGen.LargeRoundTrip, _jsonRpc.LargeRoundTrip);
        WriteTime(output, "Round trip carrying one descriptor", RawRoundTrip, _ipcGen.DescriptorRoundTrip, null);
        output.WriteLine();
        output.WriteLine("| Raw socket pair | Blocking reads | Reads spinning 50 µs first |");
        output.WriteLine("|---|---|---|");
        output.WriteLine($"| Round trip | {Time(_rawBlocking.RoundTrip)} | {Time(_rawSpin.RoundTrip)} |");
        output.WriteLine($"| CPU per round trip (both processes) | {Cpu(_rawBlocking.RoundTrip)} | " +
            $"{Cpu(_rawSpin.RoundTrip)} |");
        output.WriteLine($"| One-way | {Rate(_rawBlocking.OneWay)} | {Rate(_rawSpin.OneWay)} |");
        output.WriteLine($"| 1 MiB round trip | {Time(_rawBlocking.LargeRoundTrip)} | " +
            $"{Time(_rawSpin.LargeRoundTrip)} |");
        output.WriteLine();
        output.WriteLine($"CPU per IpcGen sync call (both processes): {Cpu(_ipcGen.SyncRoundTrip)}, " +
            $"{_ipcGen.SyncRoundTrip.CpuMicrosecondsPerOperation / _rawSpin.RoundTrip.CpuMicrosecondsPerOperation:F2}" +
            "x the spinning raw variant; StreamJsonRpc: " + Cpu(_jsonRpc.RoundTrip) + ".");
        output.WriteLine("Managed bytes allocated per IpcGen sync call in steady state: " +
            $"{_ipcGen.CallerThreadBytesPerCall:F1} on the calling thread, " +
            $"{_ipcGen.CallerProcessBytesPerCall:F1} in the calling process, " +
            $"{_ipcGen.PeerProcessBytesPerCall:F1} in the peer process.");
        output.WriteLine("Managed bytes allocated per IpcGen 1 MiB call: " +
            $"{_ipcGen.LargeCallerProcessBytesPerCall:F0} in the calling process, " +
            $"{_ipcGen.LargePeerProcessBytesPerCall:F0} in the peer process.");
    }

    public string ToJson()
    {
        var figures = new Dictionary<string, double>
        {
            ["raw_roundtrip_ns"] = RawRoundTrip,
            ["raw_blocking_roundtrip_ns"] = _rawBlocking.RoundTrip.NanosecondsPerOperation,
            ["raw_spin_roundtrip_ns"] = _rawSpin.RoundTrip.NanosecondsPerOperation,
            ["ipcgen_sync_roundtrip_ns"] = _ipcGen.SyncRoundTrip.NanosecondsPerOperation,
            ["ipcgen_task_roundtrip_ns"] = _ipcGen.TaskRoundTrip.NanosecondsPerOperation,
            ["ipcgen_cpu_us_per_call"] = _ipcGen.SyncRoundTrip.CpuMicrosecondsPerOperation,
            ["raw_spin_cpu_us_per_call"] = _rawSpin.RoundTrip.CpuMicrosecondsPerOperation,
            ["sjr_roundtrip_ns"] = _jsonRpc.RoundTrip.NanosecondsPerOperation,
            ["raw_oneway_msgs_per_s"] = RawOneWay,
            ["ipcgen_oneway_msgs_per_s"] = _ipcGen.OneWay.OperationsPerSecond,
            ["sjr_oneway_msgs_per_s"] = _jsonRpc.OneWay.OperationsPerSecond,
            ["raw_1mib_roundtrip_ns"] = RawLarge,
            ["ipcgen_1mib_roundtrip_ns"] = _ipcGen.LargeRoundTrip.NanosecondsPerOperation,
            ["sjr_1mib_roundtrip_ns"] = _jsonRpc.LargeRoundTrip.NanosecondsPerOperation,
            ["ipcgen_fd_roundtrip_ns"] = _ipcGen.DescriptorRoundTrip.NanosecondsPerOperation,
            ["ipcgen_alloc_bytes_per_call"] = _ipcGen.CallerProcessBytesPerCall,
        };
        var rounded = figures.ToDictionary(pair => pair.Key, pair => Math.Round(pair.Value, 2));
        return JsonSerializer.Serialize(rounded, new JsonSerializerOptions { WriteIndented = true });
    }

    private static void WriteTime(TextWriter output, string name, double raw, Measurement ipcGen,
        Measurement? jsonRpc)
    {
        double ns = ipcGen.NanosecondsPerOperation;
        string sjr = jsonRpc is { } j ? Time(j) : "n/a";
        string sjrRatio = jsonRpc is { } k ? $"{k.NanosecondsPerOperation / ns:F1}x" : "n/a";
        output.WriteLine($"| {name} | {Microseconds(raw)} | {Time(ipcGen)} | {sjr} | {ns / raw:F2}x | {sjrRatio} |");
    }

    private static void WriteRate(TextWriter output, string name, double raw, Measurement ipcGen, Measurement jsonRpc)
    {
        double rate = ipcGen.OperationsPerSecond;
        output.WriteLine($"| {name} | {MessagesPerSecond(raw)} | {Rate(ipcGen)} | {Rate(jsonRpc)} | " +
            $"{rate / raw:F2}x | {rate / jsonRpc.OperationsPerSecond:F1}x |");
    }

    private static string Time(Measurement measurement) => Microseconds(measurement.NanosecondsPerOperation);

    private static string Microseconds(double nanoseconds) =>
        (nanoseconds / 1000).ToString("F1", CultureInfo.InvariantCulture) + " µs";

    private static string Rate(Measurement measurement) => MessagesPerSecond(measurement.OperationsPerSecond);

    private static string MessagesPerSecond(double rate) =>
        (rate / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " M msg/s";

    private static string Cpu(Measurement measurement) =>
        measurement.CpuMicrosecondsPerOperation.ToString("F1", CultureInfo.InvariantCulture) + " µs";
}
