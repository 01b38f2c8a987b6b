using System.Diagnostics;

namespace IpcGen.Benchmarks;

/// <summary>Results of the raw socket pair in one wait mode.</summary>
internal sealed record RawResults(Measurement RoundTrip, Measurement OneWay, Measurement LargeRoundTrip);

/// <summary>The raw socket pair ping-pong between this process and a peer, in one wait mode.</summary>
internal sealed class RawBenchmark : IDisposable
{
    public const string Role = "raw";

    private readonly Process _process;
    private readonly RawChannel _channel;
    private readonly byte[] _large = new byte[BenchOptions.LargeBytes];

    /// <summary>Starts the peer with both sides in <paramref name="mode"/>.</summary>
    public RawBenchmark(RawWaitMode mode, BenchOptions options)
    {
        var (process, transport) = PeerProcess.StartConnected(Role, RawChannel.ModeName(mode));
        _process = process;
        _channel = new RawChannel(PeerProcess.ToSocket(transport), mode);
        _large[0] = 1;
        string name = $"raw {RawChannel.ModeName(mode)}";
        RoundTrip = new Scenario($"{name} round trip", process, options.RoundTrips, RunRoundTrips);
        OneWay = new Scenario($"{name} one-way", process, options.OneWayMessages, RunOneWay);
        LargeRoundTrip = new Scenario($"{name} 1 MiB", process, options.LargeRoundTrips, RunLarge);
    }

    public Scenario RoundTrip { get; }

    public Scenario OneWay { get; }

    public Scenario LargeRoundTrip { get; }

    public IEnumerable<Scenario> Scenarios => [RoundTrip, OneWay, LargeRoundTrip];

    public RawResults Results => new(RoundTrip.Result, OneWay.Result, LargeRoundTrip.Result);

    /// <summary>The peer: replies with a 64-byte frame to every frame that requests one, until end of stream.
    /// </summary>
    public static int RunPeer(string modeName)
    {
        using var channel = new RawChannel(PeerProcess.InheritedSocket(), RawChannel.ParseMode(modeName));
        while (true)
        {
            int first = channel.ReceiveFrame();
            if (first < 0)
            {
                return 0;
            }

            if (first == 1)
            {
                channel.SendSmall(replyRequested: false);
            }
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        PeerProcess.WaitForExit(_process);
    }

    private void RunRoundTrips(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _channel.SendSmall(replyRequested: true);
            _channel.ReceiveFrame();
        }
    }

    private void RunOneWay(int count)
    {
        for (int i = 0; i < count - 1; i++)
        {
            _channel.SendSmall(replyRequested: false);
        }

        _channel.SendSmall(replyRequested: true);
        _channel.ReceiveFrame();
    }

    private void RunLarge(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _channel.SendLarge(_large);
            _channel.ReceiveFrame();
        }
    }
}
