using System.Diagnostics;
using IpcGen.Runtime.TestPeer;

namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
[CancelAfter(120_000)]
public sealed class ProcessTests
{
    private static readonly TimeSpan s_failFast = TimeSpan.FromSeconds(1);

    [Test]
    public void CrossProcess_Calls_Work()
    {
        using var peer = PeerProcess.Start();

        Assert.That(peer.Host.Peer.Add(20, 22), Is.EqualTo(42));
        Assert.That(Wait.Result(peer.Host.Peer.DelayAsync(1, CancellationToken.None), Wait.Long), Is.EqualTo(1));
        Assert.That(peer.Host.Peer.Nested(6), Is.EqualTo(6));
    }

    [Test]
    public void CrossCalls_TenThousand_NoDeadlock()
    {
        using var peer = PeerProcess.Start();
        var hostDone = new TaskCompletionSource<int>();
        const int count = 10_000;

        peer.Host.Peer.StartCalls(count);
        peer.Host.SynchronizationContext.Post(_ =>
        {
            int correct = 0;
            for (int i = 0; i < count; i++)
            {
                correct += peer.Host.Peer.Add(i, 3) == i + 3 ? 1 : 0;
            }

            hostDone.SetResult(correct);
        }, null);

        Assert.That(Wait.Result(hostDone.Task, TimeSpan.FromSeconds(90)), Is.EqualTo(count));
        Assert.That(Wait.Result(peer.Service.CallsCompleted.Task, TimeSpan.FromSeconds(90)), Is.EqualTo(count));
    }

    [Test]
    public void EightThreads_TenThousandMixedCalls_OwnResponses()
    {
        using var peer = PeerProcess.Start();
        const int threads = 8;
        const int calls = 10_000;
        int wrong = 0;

        // Each thread mixes sync calls, Task requests and one-way messages. Every reply must be the caller's own, and
        // the one-way messages of each thread must arrive in the order that thread sent them.
        var callers = Enumerable.Range(0, threads).Select(thread => Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < calls; i++)
            {
                int value = thread * 100_000 + i;
                bool correct = (i % 3) switch
                {
                    0 => peer.Host.Peer.Add(value, 7) == value + 7,
                    1 => peer.Host.Peer.DelayAsync(0, CancellationToken.None).GetAwaiter().GetResult() == 0,
                    _ => Record(peer, (thread + 1) * 1_000_000 + i / 3),
                };
                if (!correct)
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        Wait.ForEnd(Task.WhenAll(callers), TimeSpan.FromSeconds(110));

        Assert.That(wrong, Is.Zero);
        Assert.That(peer.Host.Peer.RecordedInOrder(), Is.EqualTo(threads * (calls / 3)));
    }

    private static bool Record(PeerProcess peer, int sequence)
    {
        peer.Host.Peer.Record(sequence);
        return true;
    }

    [Test]
    public void PeerKilled_SyncCalls_FailFast()
    {
        using var peer = PeerProcess.Start();
        Assert.That(peer.Host.Peer.Add(1, 1), Is.EqualTo(2));
        var calls = Enumerable.Range(0, 4)
            .Select(_ => Task.Factory.StartNew(() => peer.Host.Peer.Nested(0) + peer.Host.Peer.Delay(30_000),
                TaskCreationOptions.LongRunning))
            .ToArray();
        Thread.Sleep(200);

        var stopwatch = Stopwatch.StartNew();
        peer.Kill();
        foreach (var call in calls)
        {
            Wait.ForEnd(call, s_failFast + s_failFast);
        }

        Assert.That(stopwatch.Elapsed, Is.LessThan(s_failFast));
        foreach (var call in calls)
        {
            var exception = call.Exception?.InnerException as IpcDisconnectedException;
            Assert.That(exception, Is.Not.Null);
            Assert.That(exception!.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
        }
    }

    [Test]
    public void PeerKilled_Tasks_FailFast()
    {
        using var peer = PeerProcess.Start();
        var tasks = Enumerable.Range(0, 16)
            .Select(_ => peer.Host.Peer.DelayAsync(30_000, CancellationToken.None))
            .ToArray();
        Assert.That(peer.Host.Peer.Add(1, 1), Is.EqualTo(2));

        var stopwatch = Stopwatch.StartNew();
        peer.Kill();
        Wait.ForEnd(Task.WhenAll(tasks), s_failFast + s_failFast);

        Assert.That(stopwatch.Elapsed, Is.LessThan(s_failFast));
        Assert.That(tasks.Select(t => t.Exception?.InnerException), Is.All.TypeOf<IpcDisconnectedException>());
    }

    [Test]
    public void PeerKilled_OneWayFlood_FailsFast()
    {
        using var peer = PeerProcess.Start();
        int raised = 0;
        var ended = new TaskCompletionSource();
        peer.Host.Disconnected += (_, _) =>
        {
            Interlocked.Increment(ref raised);
            ended.TrySetResult();
        };
        using var flooding = new ManualResetEventSlim();
        var flood = Task.Factory.StartNew(() =>
        {
            for (int i = 0; ; i++)
            {
                peer.Host.Peer.Record(i % 1_000_000);
                flooding.Set();
            }
        }, TaskCreationOptions.LongRunning);
        Assert.That(flooding.Wait(Wait.Long), Is.True);
        Thread.Sleep(100);

        var stopwatch = Stopwatch.StartNew();
        peer.Kill();
        Wait.ForEnd(flood, s_failFast + s_failFast);

        Assert.That(stopwatch.Elapsed, Is.LessThan(s_failFast));
        Assert.That(flood.Exception?.InnerException, Is.TypeOf<IpcDisconnectedException>());
        Wait.ForEnd(ended.Task, Wait.Long);
        Assert.That(raised, Is.EqualTo(1));
    }

    [Test]
    public void Hello_ShapeMismatch_RefusesPeer()
    {
        using var peer = PeerProcess.Start(mode: "mismatched");
        var detail = new TaskCompletionSource<ConnectionDisconnectedEventArgs>();
        peer.Host.Disconnected += (_, e) => detail.TrySetResult(e);

        var call = Assert.Throws<IpcDisconnectedException>(() => peer.Host.Peer.Add(1, 2));
        var args = Wait.Result(detail.Task, Wait.Long);

        Assert.That(call.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(call.Message, Does.Contain("ITestWorker").And.Contain("ITestHost"));
        Assert.That(call.Message, Does.Contain($"0x{TestWorkerDescriptor.Instance.ShapeHash:X16}"));
        Assert.That(call.Message, Does.Contain($"0x{MismatchedWorkerDescriptor.Instance.ShapeHash:X16}"));
        Assert.That(args.Detail, Is.EqualTo(call.Detail));
        Assert.That(peer.WaitForExit(Wait.Long), Is.True, "the peer refuses too and exits");
    }
}
