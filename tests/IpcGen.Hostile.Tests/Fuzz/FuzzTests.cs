using System.Diagnostics;
using IpcGen.Hostile.Tests.Cases;

namespace IpcGen.Hostile.Tests.Fuzz;

/// <summary>
/// Writes mutated frames to the running echo server, one connection per input, and checks that every connection
/// ends once the client's end of stream arrives and that the server survives, keeps serving and leaks no
/// descriptor. The size and seed come from environment variables (see docs/fuzzing.md).
/// </summary>
[TestFixture]
public sealed class FuzzTests
{
    private const int CheckInterval = 250;
    private const int MaxReportedFailures = 10;
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(5);

    [Test]
    public void Fuzz_MutatedFrames_ServerSurvives()
    {
        var settings = FuzzSettings.FromEnvironment();
        var mutator = new FrameMutator(settings.Seed);
        var failures = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        var server = SharedServer.EnsureRunning();
        int violationsBefore = CountViolations(server);
        for (int i = 0; i < settings.Count; i++)
        {
            int index = settings.Start + i;
            var input = mutator.Generate(index);
            if (!RunInput(server, input))
            {
                failures.Add($"input {index}: the server kept the connection open {s_closeTimeout.TotalSeconds} s " +
                    $"after the end of stream; bytes {input.ToHex()}, {input.Descriptors} descriptors");
            }

            if (!server.IsAlive)
            {
                failures.Add($"input {index}: the server died; bytes {input.ToHex()}:{Environment.NewLine}" +
                    server.LogTail(20));
                server = SharedServer.EnsureRunning();
            }

            if (i % CheckInterval == CheckInterval - 1 || i == settings.Count - 1)
            {
                ServerChecks.AssertServes(server);
            }

            if (failures.Count >= MaxReportedFailures)
            {
                break;
            }
        }

        // The log shows how many inputs got past the frame parser and decoders far enough to be rejected.
        TestContext.Progress.WriteLine(
            $"Fuzz: {settings.Count} inputs from index {settings.Start} with seed {settings.Seed} in " +
            $"{stopwatch.Elapsed.TotalSeconds:F1} s; the server logged {CountViolations(server) - violationsBefore} " +
            "protocol violations");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures) + Environment.NewLine +
            $"Replay one input with IPCGEN_FUZZ_SEED={settings.Seed} IPCGEN_FUZZ_START=<index> IPCGEN_FUZZ_COUNT=1.");
        ServerChecks.AssertAlive(server);
        ServerChecks.AssertServes(server);
        ServerChecks.AssertNoDescriptorLeak(server);
    }

    [Test]
    public void Mutator_SameSeedAndIndex_SameInput()
    {
        var first = new FrameMutator(7).Generate(42);
        var second = new FrameMutator(7).Generate(42);
        Assert.That(second.Bytes, Is.EqualTo(first.Bytes));
        Assert.That(second.Descriptors, Is.EqualTo(first.Descriptors));
    }

    [Test]
    public void Mutator_Inputs_DifferFromValidFrames()
    {
        var mutator = new FrameMutator(FuzzSettings.DefaultSeed);
        var valid = Wire.HelloFrame();
        int distinct = Enumerable.Range(0, 200).Select(i => Convert.ToHexString(mutator.Generate(i).Bytes))
            .Distinct().Count();
        Assert.That(distinct, Is.GreaterThan(190));
        Assert.That(mutator.Generate(0).Bytes, Is.Not.EqualTo(valid));
    }

    /// <summary>Runs one input; returns false when the server did not close after the client's end of stream.
    /// </summary>
    private static bool RunInput(ServerProcess server, FuzzInput input)
    {
        using var client = Open(server, input.Target);
        client.Write(input.Bytes, TestDescriptors.DevNull(input.Descriptors));
        client.ShutdownSending();
        return client.WaitForEndOfStream(s_closeTimeout);
    }

    private static int CountViolations(ServerProcess server) =>
        server.Log.Count(line => line.Contains("(ProtocolViolation)", StringComparison.Ordinal));

    private static RawClient Open(ServerProcess server, Target target)
    {
        if (target == Target.Echo)
        {
            return RawClient.Connect(server.SocketPath);
        }

        using var connection = WellFormedClient.Connect(server.SocketPath);
        using var handle = connection.Peer.OpenChecksum();
        return RawClient.Adopt(handle.TakeAttachment().TakeFileDescriptor());
    }
}
