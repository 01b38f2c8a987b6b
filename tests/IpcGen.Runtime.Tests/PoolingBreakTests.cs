using IpcGen.Messages;
using IpcGen.Runtime.Tests.Connection;
using IpcGen.Runtime.TestPeer;
using MessagePack;

namespace IpcGen.Runtime.Tests;

/// <summary>Attacks on the reuse of pooled messages (sync and one-way calls with plain values) over real connections:
/// every result and every handler argument must be the value of its own call, whatever else runs meanwhile.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class PoolingBreakTests
{
    private const int CallsPerThread = 1500;

    [Test]
    public void ConcurrentCalls_BothDirections_GetOwnResults()
    {
        using var pair = new ConnectionPair(unixTransport: true);
        var threads = new List<Task<int>>();
        for (int t = 0; t < 3; t++)
        {
            int offset = t * 100_000;
            threads.Add(Task.Run(() => CountWrongAdds(a => pair.Host.Peer.Add(a, 7), offset)));
            threads.Add(Task.Run(() => CountWrongAdds(a => pair.Worker.Peer.Add(a, 7), offset)));
        }

        foreach (var thread in threads)
        {
            Assert.That(Wait.Result(thread, Wait.Long), Is.Zero, "calls that returned another call's result");
        }
    }

    [Test]
    public void OneWayAmongSyncCalls_ArriveInOrder()
    {
        using var pair = new ConnectionPair(unixTransport: true);
        var posters = Enumerable.Range(1, 2).Select(stream => Task.Run(() =>
        {
            for (int i = 0; i < CallsPerThread; i++)
            {
                pair.Host.Peer.Record(stream * 1_000_000 + i);
            }
        })).ToList();
        var caller = Task.Run(() => CountWrongAdds(a => pair.Host.Peer.Add(a, 7), 0));

        Assert.That(Wait.Result(caller, Wait.Long), Is.Zero);
        foreach (var poster in posters)
        {
            Wait.ForEnd(poster, Wait.Long);
            Assert.That(poster.IsCompletedSuccessfully, Is.True);
        }

        // The sync call goes out behind every Record sent before it, so the count covers all of them.
        Assert.That(pair.Host.Peer.RecordedInOrder(), Is.EqualTo(2 * CallsPerThread));
    }

    [Test]
    public void HandlerThrows_NextCallsCorrect()
    {
        using var pair = new ConnectionPair(unixTransport: true);
        for (int i = 0; i < 200; i++)
        {
            Assert.Throws<IpcRemoteException>(() => pair.Host.Peer.Fail("boom"));
            Assert.That(pair.Host.Peer.Delay(i % 3), Is.EqualTo(i % 3));
        }
    }

    [Test]
    public void LateResponse_NotSeenByNextCall()
    {
        using var pair = new ConnectionPair(unixTransport: true);
        using (IpcCall.WithTimeout(TimeSpan.FromMilliseconds(50)))
        {
            Assert.Throws<TimeoutException>(() => pair.Host.Peer.Delay(300));
        }

        // The late DelayResponse(300) arrives while these calls run, and must be dropped, not delivered to one.
        var until = DateTime.UtcNow.AddMilliseconds(600);
        int wrong = 0;
        for (int i = 0; DateTime.UtcNow < until; i++)
        {
            wrong += pair.Host.Peer.Delay(i % 2) == i % 2 ? 0 : 1;
        }

        Assert.That(wrong, Is.Zero);
    }

    [Test]
    public void NestedCalls_WithConcurrentCalls_GetOwnResults()
    {
        using var pair = new ConnectionPair(unixTransport: true);
        var adder = Task.Run(() => CountWrongAdds(a => pair.Worker.Peer.Add(a, 7), 0));
        for (int depth = 1; depth <= 40; depth++)
        {
            Assert.That(pair.Host.Peer.Nested(depth), Is.EqualTo(depth));
        }

        Assert.That(Wait.Result(adder, Wait.Long), Is.Zero);
    }

    [Test]
    public void DirectSendResponse_NeverReused()
    {
        using var pair = new ConnectionPair(unixTransport: true);
        var directResponse = pair.Host.Send<TestWorkerMessages.AddResponse>(new TestWorkerMessages.Add(1, 2));

        for (int i = 0; i < 100; i++)
        {
            pair.Host.Peer.Add(i, 1000);
        }

        Assert.That(directResponse.Result, Is.EqualTo(3));
    }

    /// <summary>A stub written by hand that keeps each request it is given, as a stub that queues requests for a
    /// worker or logs them later would; the values it kept must stay those of their own call.</summary>
    [Test]
    public void UserStub_KeptRequest_KeepsValues()
    {
        var (hostTransport, workerTransport) = ConnectionPair.CreateUnixPair();
        using var host = new Connection<ITestHost, ITestWorker>(hostTransport, new HostService());
        var retainingStub = new RetainingWorker(new WorkerService());
        using var worker = new Connection<IRetainingWorker, ITestHost>(workerTransport, retainingStub);
        host.Start();
        worker.Start();

        Assert.That(host.Peer.Add(1, 2), Is.EqualTo(3));
        Assert.That(host.Peer.Add(10, 20), Is.EqualTo(30));

        var first = (TestWorkerMessages.Add)retainingStub.Requests[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.A, Is.EqualTo(1), "the kept first request shows another call's value");
            Assert.That(retainingStub.Requests[1], Is.Not.SameAs(first), "the second request reused the kept first one");
        }
    }

    private static int CountWrongAdds(Func<int, int> add, int offset)
    {
        int wrong = 0;
        for (int i = 0; i < CallsPerThread; i++)
        {
            wrong += add(offset + i) == offset + i + 7 ? 0 : 1;
        }

        return wrong;
    }
}

/// <summary>An endpoint with the identity and messages of <see cref="ITestWorker"/> whose stub is written by hand.
/// </summary>
internal interface IRetainingWorker : IIpcEndpoint<IRetainingWorker>
{
    static EndpointDescriptor<IRetainingWorker> IIpcEndpoint<IRetainingWorker>.Descriptor { get; } =
        new RetainingDescriptor();
}

/// <summary>The implementation, which contains the generated worker that the stub forwards to.</summary>
internal sealed class RetainingWorker(ITestWorker inner) : IRetainingWorker
{
    public ITestWorker Inner { get; } = inner;

    public List<IMessage> Requests { get; } = [];
}

/// <summary>The descriptor of <see cref="ITestWorker"/>, with a stub that keeps every request.</summary>
internal sealed class RetainingDescriptor : EndpointDescriptor<IRetainingWorker>
{
    private static EndpointDescriptor<ITestWorker> Inner => TestWorkerDescriptor.Instance;

    public override string Name => Inner.Name;

    public override uint Magic => Inner.Magic;

    public override ulong ShapeHash => Inner.ShapeHash;

    public override IReadOnlyList<MessageInfo> Messages => Inner.Messages;

    public override bool TryGetMessage(uint messageId, out MessageInfo message) =>
        Inner.TryGetMessage(messageId, out message);

    public override IMessage Decode(uint messageId, ref MessagePackReader reader, AttachmentReader attachments) =>
        Inner.Decode(messageId, ref reader, attachments);

    public override IRetainingWorker CreateProxy(IMessageSender sender) =>
        throw new NotSupportedException("Only the stub side of IRetainingWorker is used.");

    public override EndpointStub CreateStub(IRetainingWorker implementation)
    {
        var worker = (RetainingWorker)implementation;
        return new RetainingStub(worker, Inner.CreateStub(worker.Inner));
    }

    private sealed class RetainingStub(RetainingWorker worker, EndpointStub inner) : EndpointStub
    {
        public override IMessage? Invoke(IMessage message)
        {
            worker.Requests.Add(message);
            return inner.Invoke(message);
        }

        public override Task<IMessage> InvokeAsync(IMessage message, CancellationToken cancellationToken) =>
            inner.InvokeAsync(message, cancellationToken);
    }
}
