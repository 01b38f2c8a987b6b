using IpcGen.Samples.EchoServer;
using IpcGen.Unix;

namespace IpcGen.Hostile.Tests;

/// <summary>A client that connects and closes before the server starts its connection: starting must end in a
/// disconnect, not in an exception that reaches the server's accept loop.</summary>
[TestFixture]
public sealed class StartRaceTests
{
    private const int Attempts = 1000;

    [Test]
    public void Start_HandlerDisposesEarly_NoThrow()
    {
        string folder = Directory.CreateTempSubdirectory("ipcgen-start-").FullName;
        try
        {
            using var listener = UnixListener.Listen(Path.Combine(folder, "start.sock"));
            var failures = new List<string>();
            for (int i = 0; i < Attempts; i++)
            {
                RawClient.Connect(listener.Path).Dispose();
                using var accepting = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var transport = listener.AcceptAsync(accepting.Token).GetAwaiter().GetResult();
                var connection = new Connection<ISampleClient, IEchoService>(transport, new SampleClient());

                // Disposing in the Disconnected handler is the usual cleanup of a server.
                connection.Disconnected += (_, _) => connection.Dispose();
                try
                {
                    connection.Start();
                }
                catch (ObjectDisposedException exception)
                {
                    failures.Add($"attempt {i}: {exception.Message}");
                    connection.Dispose();
                }
            }

            Assert.That(failures, Is.Empty, $"Connection.Start threw in {failures.Count} of {Attempts} attempts");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Server_ClientsClosingAtOnce_KeepsServing()
    {
        var server = SharedServer.EnsureRunning();
        for (int i = 0; i < 64; i++)
        {
            RawClient.Connect(server.SocketPath).Dispose();
        }

        ServerChecks.AssertAlive(server);
        ServerChecks.AssertServes(server);
        ServerChecks.AssertNoDescriptorLeak(server);
    }
}
