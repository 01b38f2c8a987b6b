using IpcGen.Integration.Peer;

namespace IpcGen.Integration.Tests;

/// <summary>One-way messages, sync requests and Task requests between two processes.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class CallKindTests
{
    private PeerProcess _peer = null!;

    private IWorker Worker => _peer.Worker;

    [OneTimeSetUp]
    public void StartPeer() => _peer = PeerProcess.Start();

    [OneTimeTearDown]
    public void StopPeer() => _peer.Dispose();

    [SetUp]
    public void Reset()
    {
        Wait.ForEnd(Worker.ResetAsync(), Wait.Long);
        while (_peer.Host.Echoes.TryTake(out _))
        {
        }
    }

    [Test]
    public void OneWay_ReachesPeerInOrder()
    {
        for (int i = 1; i <= 100; i++)
        {
            Worker.Record(i);
        }

        var echoes = new List<int>();
        for (int i = 0; i < 100; i++)
        {
            Assert.That(_peer.Host.Echoes.TryTake(out int value, Wait.Long), Is.True, $"echo {i} arrived");
            echoes.Add(value);
        }

        Assert.That(echoes, Is.EqualTo(Enumerable.Range(1, 100)));
    }

    [Test]
    public void SyncVoid_DoneBeforeReturn()
    {
        Worker.RecordSync(5);
        Worker.RecordSync(-2);

        Assert.That(Worker.RecordedSum(), Is.EqualTo(3));
    }

    [Test]
    public void TaskOfT_CompletesWithResult()
    {
        var sum = Worker.SumAsync([int.MaxValue, int.MaxValue, 2], CancellationToken.None);

        Assert.That(Wait.Result(sum, Wait.Long), Is.EqualTo(2L * int.MaxValue + 2));
    }

    [Test]
    public void Task_CompletesAfterHandler()
    {
        Worker.RecordSync(9);

        Wait.ForEnd(Worker.ResetAsync(), Wait.Long);

        Assert.That(Worker.RecordedSum(), Is.Zero);
    }

    [Test]
    public void ManyTasks_EachOwnResult()
    {
        var tasks = Enumerable.Range(0, 200).Select(i => Worker.SumAsync([i, i], CancellationToken.None)).ToArray();

        var results = Wait.Result(Task.WhenAll(tasks), Wait.Long);

        Assert.That(results, Is.EqualTo(Enumerable.Range(0, 200).Select(i => 2L * i)));
    }

    [Test]
    public void SyncCall_PeerCallsBack()
    {
        Assert.That(Worker.AddThroughHost(40, 1), Is.EqualTo(42));
    }

    [Test]
    public void MixedKinds_FromThreads_AllArrive()
    {
        const int perThread = 200;
        var threads = Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < perThread; i++)
            {
                Worker.Record(1);
                Worker.RecordSync(1);
                Assert.That(Worker.Int32(i), Is.EqualTo(i));
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        Wait.Result(Task.WhenAll(threads).ContinueWith(t => t.Exception), Wait.Long);

        Assert.That(threads.Select(t => t.Exception), Is.All.Null);
        Assert.That(Worker.RecordedSum(), Is.EqualTo(4 * perThread * 2));
    }
}
