using System.Diagnostics;
using System.Globalization;
using IpcGen.Unix;

namespace IpcGen.Samples.PingPong;

/// <summary>
/// Two processes that call each other synchronously: a nested chain (left calls right, whose handler calls left,
/// and so on), then both sides calling each other at the same moment. Neither deadlocks, because a thread that
/// waits for a synchronous response handles the peer's synchronous requests meanwhile.
/// </summary>
internal static class Program
{
    private const string ChildArgument = "--right";
    private const int UsageError = 2;

    // Each level of the nested chain keeps frames on both main threads' stacks. A depth of 100 000 overflowed the
    // stack and killed the process on Linux x64, so the sample stops well below that.
    private const int MaxDepth = 1000;

    private const string Usage =
        """
        usage: IpcGen.Samples.PingPong [DEPTH [CALLS]]

        Starts a child process and calls it synchronously in both directions, then prints how long it took.

          DEPTH   depth of the nested chain left -> right -> left ... (default 16, at most 1000)
          CALLS   synchronous calls each side makes to the other at the same time (default 1000)
        """;

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ChildArgument)
        {
            return RunRight();
        }

        if (args is ["--help" or "-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (args.Length > 2
            || !TryReadCount(args, 0, 16, out int depth)
            || !TryReadCount(args, 1, 1000, out int calls)
            || depth > MaxDepth)
        {
            Console.Error.WriteLine($"error: invalid arguments '{string.Join(' ', args)}'; expected DEPTH from 0 to " +
                $"{MaxDepth} and CALLS from 0 up, both optional.");
            Console.Error.WriteLine(Usage);
            return UsageError;
        }

        return RunLeft(depth, calls);
    }

    private static bool TryReadCount(string[] args, int index, int defaultValue, out int count)
    {
        if (index >= args.Length)
        {
            count = defaultValue;
            return true;
        }

        return int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    private static int RunLeft(int depth, int crossCalls)
    {
        var startInfo = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            startInfo.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        startInfo.ArgumentList.Add(ChildArgument);
        var (process, transport) = UnixChildProcess.Start(startInfo);
        using var child = process;
        var left = new Left();
        using var connection = new Connection<ILeft, IRight>(transport, left);
        left.Right = connection.Peer;
        connection.Start();

        var stopwatch = Stopwatch.StartNew();
        int reached = connection.Peer.Ping(depth);
        Console.WriteLine($"nested chain: left -> right -> left ... reached depth {reached} of {depth} " +
            $"in {stopwatch.Elapsed.TotalMilliseconds:F1} ms");

        stopwatch.Restart();
        var rightCalls = connection.Peer.CallBackAsync(crossCalls);
        int leftSum = 0;
        for (int i = 0; i < crossCalls; i++)
        {
            leftSum += connection.Peer.Tick(1);
        }

        int rightSum = rightCalls.GetAwaiter().GetResult();
        Console.WriteLine($"cross calls: left made {leftSum}, right made {rightSum} synchronous calls at the same " +
            $"time in {stopwatch.Elapsed.TotalMilliseconds:F1} ms");

        connection.Dispose();
        child.WaitForExit(TimeSpan.FromSeconds(10));
        return reached == depth && leftSum == crossCalls && rightSum == crossCalls ? 0 : 1;
    }

    private static int RunRight()
    {
        var loop = new IpcEventLoop();
        var right = new Right();
        using var connection = new Connection<IRight, ILeft>(
            UnixTransport.FromInheritedDescriptor(), right, new ConnectionOptions { SynchronizationContext = loop });
        right.Left = connection.Peer;
        connection.Disconnected += (_, _) => loop.Stop();
        connection.Start();
        loop.Run();
        return 0;
    }

    private sealed class Left : ILeft
    {
        public IRight? Right { get; set; }

        public int Pong(int remaining) => remaining == 0 ? 0 : 1 + Right!.Ping(remaining - 1);

        public int Tick(int value) => value;
    }

    private sealed class Right : IRight
    {
        public ILeft? Left { get; set; }

        public int Ping(int remaining) => remaining == 0 ? 0 : 1 + Left!.Pong(remaining - 1);

        public int Tick(int value) => value;

        public Task<int> CallBackAsync(int count)
        {
            // This handler runs on the right side's event loop, so the loop thread waits in each call below. The left
            // side's Tick calls that arrive meanwhile are handled by this waiting thread.
            int sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum += Left!.Tick(1);
            }

            return Task.FromResult(sum);
        }
    }
}
