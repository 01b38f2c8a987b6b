using System.Diagnostics;
using System.Net.Sockets;
using StreamJsonRpc;

namespace IpcGen.Benchmarks;

/// <summary>Results of the StreamJsonRpc benchmarks.</summary>
internal sealed record JsonRpcResults(Measurement RoundTrip, Measurement OneWay, Measurement LargeRoundTrip);

/// <summary>
/// StreamJsonRpc with its MessagePack formatter and <see cref="LengthHeaderMessageHandler"/> over a Unix domain
/// socket (<see cref="UnixDomainSocketEndPoint"/> and <see cref="NetworkStream"/>), doing the same work as the
/// IpcGen benchmarks.
/// </summary>
internal sealed class JsonRpcBenchmark : IDisposable
{
    public const string Role = "streamjsonrpc";

    private const long Big = 1L << 40;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ipcgen-bench-{Environment.ProcessId}.sock");
    private readonly Process _process;
    private readonly JsonRpc _rpc;
    private readonly byte[] _large = new byte[BenchOptions.LargeBytes];

    /// <summary>Starts the peer and connects to it.</summary>
    public JsonRpcBenchmark(BenchOptions options)
    {
        File.Delete(_path);
        _process = PeerProcess.Start(Role, _path);
        try
        {
            var stream = new NetworkStream(ConnectWithRetry(_path, _process), ownsSocket: true);
            _rpc = new JsonRpc(new LengthHeaderMessageHandler(stream, stream, new MessagePackFormatter()));
            _rpc.StartListening();
        }
        catch
        {
            PeerProcess.WaitForExit(_process);
            throw;
        }

        RoundTrip = new Scenario("StreamJsonRpc round trip", _process, options.JsonRpcRoundTrips,
            count => RunRoundTrips(count).GetAwaiter().GetResult());
        OneWay = new Scenario("StreamJsonRpc one-way", _process, options.JsonRpcOneWayMessages,
            count => RunOneWay(count).GetAwaiter().GetResult());
        LargeRoundTrip = new Scenario("StreamJsonRpc 1 MiB", _process, options.JsonRpcLargeRoundTrips,
            count => RunLarge(count).GetAwaiter().GetResult());
    }

    public Scenario RoundTrip { get; }

    public Scenario OneWay { get; }

    public Scenario LargeRoundTrip { get; }

    public IEnumerable<Scenario> Scenarios => [RoundTrip, OneWay, LargeRoundTrip];

    public JsonRpcResults Results => new(RoundTrip.Result, OneWay.Result, LargeRoundTrip.Result);

    public void Dispose()
    {
        _rpc.Dispose();
        PeerProcess.WaitForExit(_process);
        File.Delete(_path);
    }

    /// <summary>The peer: listens on <paramref name="path"/>, serves one connection and exits when it ends.</summary>
    public static int RunPeer(string path)
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var socket = listener.Accept();
        using var stream = new NetworkStream(socket, ownsSocket: true);
        using var rpc = new JsonRpc(
            new LengthHeaderMessageHandler(stream, stream, new MessagePackFormatter()), new Target());
        rpc.StartListening();
        rpc.Completion.ContinueWith(static _ => { }).Wait();
        return 0;
    }

    private static Socket ConnectWithRetry(string path, Process peer)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                return socket;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !peer.HasExited)
            {
                socket.Dispose();
                Thread.Sleep(20);
            }
        }
    }

    private async Task RunRoundTrips(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await _rpc.InvokeAsync<long>(nameof(Target.Sum), Big, Big, Big, Big, Big, Big, Big, (long)i)
                .ConfigureAwait(false);
        }
    }

    private async Task RunOneWay(int count)
    {
        long target = await _rpc.InvokeAsync<long>(nameof(Target.PostedCount)).ConfigureAwait(false) + count;
        for (int i = 0; i < count; i++)
        {
            await _rpc.NotifyAsync(nameof(Target.Post), Big, Big, Big, Big, Big, Big, Big, (long)i)
                .ConfigureAwait(false);
        }

        // StreamJsonRpc starts the handlers in arrival order, so this request runs after every notification.
        if (await _rpc.InvokeAsync<long>(nameof(Target.PostedCount)).ConfigureAwait(false) != target)
        {
            throw new InvalidOperationException("The StreamJsonRpc peer handled a different number of messages.");
        }
    }

    private async Task RunLarge(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await _rpc.InvokeAsync<int>(nameof(Target.Take), _large).ConfigureAwait(false);
        }
    }

    private sealed class Target
    {
        private long _posted;

        public long Sum(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) =>
            a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;

        public void Post(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7) =>
            Interlocked.Increment(ref _posted);

        public long PostedCount() => Interlocked.Read(ref _posted);

        public int Take(byte[] data) => data.Length;
    }
}
