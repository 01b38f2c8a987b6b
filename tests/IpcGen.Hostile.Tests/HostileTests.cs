using IpcGen.Hostile.Tests.Cases;

namespace IpcGen.Hostile.Tests;

/// <summary>
/// Each hostile case against the running echo server. A case connects with a raw socket and writes its hostile
/// bytes and descriptors. It then asserts that (a) the server closed the connection in time, (b) the server still
/// serves a well-formed client, (c) its descriptor count is back to where it was, and (d) it is still alive.
/// </summary>
[TestFixture]
public sealed class HostileTests
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_keptOpenProbe = TimeSpan.FromMilliseconds(200);

    /// <summary>Ids of every case, the test cases of <see cref="Attack"/>.</summary>
    public static IEnumerable<string> CaseIds => HostileCases.ById.Keys;

    [OneTimeSetUp]
    public void ReportCount()
    {
        var families = HostileCases.Families;
        TestContext.Progress.WriteLine(
            $"Hostile suite: {families.Sum(family => family.Cases.Count)} cases in {families.Count} families " +
            $"({string.Join(", ", families.Select(family => $"{family.Family} {family.Cases.Count}"))})");
    }

    [TestCaseSource(nameof(CaseIds))]
    public void Attack(string caseId)
    {
        var hostile = HostileCases.ById[caseId];
        var server = SharedServer.EnsureRunning();
        using (var client = Open(hostile.Target, server))
        {
            hostile.Script(client, server);
            switch (hostile.Ending)
            {
                case Ending.ClosedByServer:
                    Assert.That(client.WaitForEndOfStream(s_closeTimeout), Is.True,
                        $"the server kept the connection open for {s_closeTimeout.TotalSeconds} s:" +
                        $"{Environment.NewLine}{server.LogTail()}");
                    break;
                case Ending.ClosedAfterEndOfStream:
                    client.ShutdownSending();
                    Assert.That(client.WaitForEndOfStream(s_closeTimeout), Is.True,
                        $"the server kept the connection open for {s_closeTimeout.TotalSeconds} s after the " +
                        $"client's end of stream:{Environment.NewLine}{server.LogTail()}");
                    break;
                case Ending.KeptOpen:
                    Assert.That(client.WaitForEndOfStream(s_keptOpenProbe), Is.False,
                        "the server closed a slow client that broke no rule");
                    ServerChecks.AssertServes(server);
                    break;
                case Ending.ClosedByClient:
                    break;
            }
        }

        ServerChecks.AssertAlive(server);
        ServerChecks.AssertServes(server);
        ServerChecks.AssertNoDescriptorLeak(server);
    }

    [Test]
    public void Suite_HasEnoughCasesAndFamilies()
    {
        var families = HostileCases.Families;
        Assert.That(families.Sum(family => family.Cases.Count), Is.GreaterThanOrEqualTo(150));
        Assert.That(families.Count, Is.GreaterThanOrEqualTo(18));
    }

    private static RawClient Open(Target target, ServerProcess server)
    {
        if (target == Target.Echo)
        {
            return RawClient.Connect(server.SocketPath);
        }

        // A checksum connection exists only as the far end returned by OpenChecksum.
        using var connection = WellFormedClient.Connect(server.SocketPath);
        using var handle = connection.Peer.OpenChecksum();
        return RawClient.Adopt(handle.TakeAttachment().TakeFileDescriptor());
    }
}
