using IpcGen.Unix;

namespace IpcGen.Integration.Peer;

/// <summary>
/// The peer's inline-probe mode: serves <see cref="IInlineProbe"/> over the inherited transport with the
/// connection's own dispatch loop (no context in the options), so that its dispatch thread reads the transport
/// while idle, and exits when the connection ends.
/// </summary>
public static class InlineProbeProgram
{
    /// <summary>The command-line argument that selects this mode.</summary>
    public const string Mode = "inline-probe";

    /// <summary>Runs the mode until the connection ends and returns the exit code.</summary>
    public static int Run()
    {
        var probe = new InlineProbe();
        using var ended = new ManualResetEventSlim();
        string reason = "not started";
        using (var connection = new Connection<IInlineProbe, IInlineProbeHost>(
            UnixTransport.FromInheritedDescriptor(), probe))
        {
            probe.Connection = connection;
            connection.Disconnected += (_, e) =>
            {
                reason = $"{e.Reason}: {e.Detail}";
                ended.Set();
            };
            connection.Start();
            ended.Wait();
        }

        Console.Error.WriteLine($"inline probe peer {Environment.ProcessId}: disconnected: {reason}");
        return 0;
    }
}
