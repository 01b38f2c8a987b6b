using IpcGen.Integration.Peer;
using IpcGen.Unix;

namespace IpcGen.Integration.Tests;

/// <summary>No descriptor is left open, in this process or in the peer, after many calls that carry attachments
/// or after a peer is killed in the middle of a call. Counted through /proc/self/fd after a warm-up run, so that
/// descriptors the runtime opens lazily once (assemblies, event pipes, thread pool) are not counted.</summary>
[TestFixture]
[CancelAfter(90_000)]
public sealed class LeakTests
{
    private const int Rounds = 150;

    private string _path = null!;

    [OneTimeSetUp]
    public void CreateFile()
    {
        _path = Path.GetTempFileName();
        File.WriteAllText(_path, "content of the shared file\n");
    }

    [OneTimeTearDown]
    public void DeleteFile() => File.Delete(_path);

    [Test]
    public void ManyAttachmentCalls_NoLeakHere()
    {
        using var peer = PeerProcess.Start();
        RunAttachmentCalls(peer.Worker, 10);
        int before = OpenDescriptors.Count();
        var described = OpenDescriptors.Describe();

        RunAttachmentCalls(peer.Worker, Rounds);

        int after = OpenDescriptors.WaitForAtMost(before);
        Assert.That(after, Is.LessThanOrEqualTo(before),
            $"descriptors left open: {string.Join(", ", OpenDescriptors.Describe().Except(described))}");
    }

    [Test]
    public void ManyAttachmentCalls_NoLeakInPeer()
    {
        using var peer = PeerProcess.Start();
        RunAttachmentCalls(peer.Worker, 10);
        int before = peer.Worker.OpenDescriptorCount();

        RunAttachmentCalls(peer.Worker, Rounds);

        int after = peer.Worker.OpenDescriptorCount();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); after > before && DateTime.UtcNow < deadline;)
        {
            Thread.Sleep(20);
            after = peer.Worker.OpenDescriptorCount();
        }

        Assert.That(after, Is.LessThanOrEqualTo(before));
    }

    [Test]
    public void PeerKilledMidCall_NoLeak()
    {
        KillDuringCalls();
        int before = OpenDescriptors.Count();
        var described = OpenDescriptors.Describe();

        KillDuringCalls();

        int after = OpenDescriptors.WaitForAtMost(before);
        Assert.That(after, Is.LessThanOrEqualTo(before),
            $"descriptors left open: {string.Join(", ", OpenDescriptors.Describe().Except(described))}");
    }

    /// <summary>Makes <paramref name="rounds"/> rounds of every kind of call that carries a descriptor, both ways.
    /// </summary>
    private void RunAttachmentCalls(IWorker worker, int rounds)
    {
        byte[] expected = File.ReadAllBytes(_path);
        for (int i = 0; i < rounds; i++)
        {
            Assert.That(worker.ReadFile(Open()), Is.EqualTo(expected));
            Assert.That(worker.CountFiles([Open(), Open(), Open()]), Is.EqualTo(3));
            using (var returned = worker.ReturnFile(Open()))
            {
                Assert.That(returned.IsOwned, Is.True);
            }

            using (var created = worker.CreateFile("x"))
            using (var stream = created.TakeAsStream(FileAccess.Read))
            {
                Assert.That(stream.Length, Is.EqualTo(1));
            }

            if (i % 10 == 0)
            {
                RelayOnce(worker);
            }
        }
    }

    private static void RelayOnce(IWorker worker)
    {
        var (local, remote) = UnixTransport.CreatePaired();
        var ended = new ManualResetEventSlim();
        using (var third = new Connection<IChannel, IChannelClient>(local, new Channel("test")))
        {
            third.Disconnected += (_, _) => ended.Set();
            third.Start();
            Assert.That(worker.Relay(remote, "r"), Does.StartWith("test: r"));
            Assert.That(ended.Wait(Wait.Long), Is.True, "the peer closed the relayed transport");
        }

        ended.Dispose();
    }

    /// <summary>Starts a peer, blocks it in a sync call, queues calls with attachments behind it, kills the peer
    /// and waits for every call to fail.</summary>
    private void KillDuringCalls()
    {
        using var peer = PeerProcess.Start();
        Assert.That(peer.Worker.ReadFile(Open()), Is.Not.Empty);
        var blocked = Task.Factory.StartNew(() => peer.Worker.Block(30_000), TaskCreationOptions.LongRunning);

        // The two calls come from different threads, so only a head start puts Block ahead of CountFiles, which
        // must then wait behind it in the peer's dispatch queue.
        Thread.Sleep(300);
        var queued = Task.Factory.StartNew(
            () => peer.Worker.CountFiles([Open(), Open()]), TaskCreationOptions.LongRunning);
        var queuedTask = peer.Worker.SumAsync([1], CancellationToken.None);
        Thread.Sleep(300);

        peer.Kill();

        Wait.ForEnd(blocked, Wait.Long);
        Wait.ForEnd(queued, Wait.Long);
        Wait.ForEnd(queuedTask, Wait.Long);
        Assert.That(blocked.Exception?.InnerException, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(queued.Exception?.InnerException, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(peer.WaitForExit(Wait.Long), Is.True);
        Assert.Throws<IpcDisconnectedException>(() => peer.Worker.ReadFile(Open()));
    }

    private Attachment Open() => Attachment.FromFileDescriptor(File.OpenHandle(_path));
}
