using System.Globalization;

namespace IpcGen.Benchmarks;

/// <summary>
/// Measures IpcGen between two processes against the raw socket pair limit and StreamJsonRpc, prints a table and
/// optionally writes the figures as JSON. The program starts itself again as each benchmark's peer process.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == PeerProcess.PeerArgument)
        {
            return RunPeer(args[1], args[2..]);
        }

        bool quick = false;
        string? jsonPath = null;
        int profileCalls = 0;
        int profileOneWay = 0;
        int profileLarge = 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--json" when i + 1 < args.Length:
                    jsonPath = args[++i];
                    break;
                case "--profile-sync" when i + 1 < args.Length:
                    profileCalls = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--profile-large" when i + 1 < args.Length:
                    profileLarge = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--profile-oneway" when i + 1 < args.Length:
                    profileOneWay = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine(
                        $"Unknown argument '{args[i]}'. Usage: [--quick] [--json FILE] [--profile-sync CALLS] " +
                        "[--profile-large CALLS] [--profile-oneway MESSAGES]");
                    return 2;
            }
        }

        if (profileLarge > 0)
        {
            IpcGenBenchmark.RunSyncOnly(profileLarge, large: true);
            return 0;
        }

        if (profileOneWay > 0)
        {
            IpcGenBenchmark.RunOneWayOnly(profileOneWay);
            return 0;
        }

        if (profileCalls > 0)
        {
            // Only IpcGen sync calls, for a profiler or strace attached to both processes.
            IpcGenBenchmark.RunSyncOnly(profileCalls);
            return 0;
        }

        var options = quick ? BenchOptions.Quick : BenchOptions.Full;
        var started = DateTime.UtcNow;
        Console.WriteLine($"IpcGen benchmarks ({(quick ? "quick" : "full")}): {options.Batches} batches per " +
            $"figure after a warm-up, medians; {Environment.ProcessorCount} cores; " +
            $"load average {LoadAverage()}");

        Console.Error.WriteLine("Starting the peer processes...");
        using var rawBlocking = new RawBenchmark(RawWaitMode.Blocking, options);
        using var rawSpin = new RawBenchmark(RawWaitMode.SpinThenBlock, options);
        using var ipcGen = new IpcGenBenchmark(options);
        using var jsonRpc = new JsonRpcBenchmark(options);
        Scenario[] scenarios = [.. rawBlocking.Scenarios, .. rawSpin.Scenarios, .. ipcGen.Scenarios,
            .. jsonRpc.Scenarios];
        RunInterleaved(scenarios, options.Batches, TimeSpan.FromMilliseconds(quick ? 1000 : 2000));

        var report = new Report(rawBlocking.Results, rawSpin.Results, ipcGen.GetResults(), jsonRpc.Results);
        report.Print(Console.Out);
        Console.WriteLine($"Finished in {(DateTime.UtcNow - started).TotalSeconds:F1} s; load average " +
            $"{LoadAverage()}.");
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, report.ToJson());
            Console.WriteLine($"Wrote {jsonPath}.");
        }

        return 0;
    }

    /// <summary>Warms up every scenario for at least <paramref name="warmUp"/>, then runs one batch of each in turn
    /// until each has <paramref name="batches"/>.</summary>
    private static void RunInterleaved(Scenario[] scenarios, int batches, TimeSpan warmUp)
    {
        foreach (var scenario in scenarios)
        {
            Console.Error.WriteLine($"Warming up: {scenario.Name}");
            scenario.WarmUp(warmUp);
        }

        for (int batch = 1; batch <= batches; batch++)
        {
            Console.Error.WriteLine($"Batch {batch} of {batches}");
            foreach (var scenario in scenarios)
            {
                scenario.RunBatch();
            }
        }
    }

    private static int RunPeer(string role, string[] arguments) => role switch
    {
        RawBenchmark.Role => RawBenchmark.RunPeer(arguments[0]),
        IpcGenBenchmark.Role => IpcGenBenchmark.RunPeer(),
        JsonRpcBenchmark.Role => JsonRpcBenchmark.RunPeer(arguments[0]),
        _ => throw new ArgumentException($"Unknown peer role '{role}'.", nameof(role)),
    };

    private static string LoadAverage()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
