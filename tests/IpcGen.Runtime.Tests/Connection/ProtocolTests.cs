using IpcGen.Runtime.TestPeer;
using MessagePack;

namespace IpcGen.Runtime.Tests.Connection;

[TestFixture]
[CancelAfter(60_000)]
public sealed class ProtocolTests
{
    private static readonly uint s_workerMagic = TestWorkerDescriptor.Instance.Magic;
    private static readonly uint s_record = RawPeer.IdOf(TestWorkerDescriptor.Instance, "Record");
    private static readonly uint s_add = RawPeer.IdOf(TestWorkerDescriptor.Instance, "Add");

    private ListLogger _logger = null!;
    private RawPeer _peer = null!;

    [SetUp]
    public void SetUp()
    {
        _logger = new ListLogger();
        _peer = new RawPeer(new ConnectionOptions { Logger = _logger });
    }

    [TearDown]
    public void TearDown() => _peer.Dispose();

    [Test]
    public void ValidFrames_Accepted()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(s_workerMagic, s_record, 0, MessageFlags.None), WriteSequence);

        Thread.Sleep(100);

        Assert.That(_peer.Worker.IsConnected, Is.True);
    }

    [Test]
    public void SyncFlag_OnOneWay_Disconnects()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(s_workerMagic, s_record, 1, MessageFlags.SyncRequest), WriteSequence);

        AssertViolation("flagged as SyncRequest", "declared OneWay");
    }

    [Test]
    public void AsyncFlag_OnSync_Disconnects()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(s_workerMagic, s_add, 1, MessageFlags.AsyncRequest), WriteTwoInts);

        AssertViolation("flagged as AsyncRequest", "declared SyncRequest");
    }

    [Test]
    public void TrailingBytes_Disconnects()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(s_workerMagic, s_record, 0, MessageFlags.None), WriteSequence, [0xC0]);

        // The generated decoder or the connection rejects it, each with its own wording.
        AssertViolation("ITestWorker", "1 ");
    }

    [Test]
    public void TrailingBytes_AfterControl_Disconnects()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(0, 0, 5, MessageFlags.Cancel),
            (ref MessagePackWriter w) => w.WriteNil(), [0xC0]);

        AssertViolation("cancel", "1 trailing bytes");
    }

    [Test]
    public void UnknownMessageId_Disconnects()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(s_workerMagic, 12345, 0, MessageFlags.None), WriteSequence);

        AssertViolation("Unknown message id 12345");
    }

    [Test]
    public void UnknownMagic_Disconnects()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(0x12345678, s_record, 0, MessageFlags.None), WriteSequence);

        AssertViolation("0x12345678");
    }

    [Test]
    public void ResponseWithoutRequest_Disconnects()
    {
        uint addResponse = RawPeer.IdOf(TestHostDescriptor.Instance, "AddResponse");
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(TestHostDescriptor.Instance.Magic, addResponse, 77, MessageFlags.Response),
            WriteSequence);

        AssertViolation("request 77", "not pending");
    }

    [Test]
    public void WrongResponseType_FailsPendingCall()
    {
        var host = TestHostDescriptor.Instance;
        _peer.SendHello();
        var call = Task.Factory.StartNew(() => _peer.Worker.Peer.Add(1, 2), TaskCreationOptions.LongRunning);
        ConnectionHeader request;
        do
        {
            Assert.That(_peer.Received.TryTake(out request, Wait.Long), Is.True, "the worker's request");
        }
        while (request.Flags != MessageFlags.SyncRequest);

        _peer.Send(new ConnectionHeader(host.Magic, RawPeer.IdOf(host, "NestedResponse"), request.RequestId,
            MessageFlags.Response), WriteSequence);

        AssertViolation("response id");
        Wait.ForEnd(call, Wait.Long);
        var failure = call.Exception?.InnerException as IpcDisconnectedException;
        Assert.That(failure, Is.Not.Null);
        Assert.That(failure!.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        Assert.That(failure.Message, Does.Contain("ITestHost.Add"));
    }

    [Test]
    public void InvalidBody_Disconnects()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(s_workerMagic, s_record, 0, MessageFlags.None),
            (ref MessagePackWriter w) => w.Write("not an array"));

        AssertViolation("Record");
    }

    [Test]
    public void BodyOverLimit_Disconnects()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(s_workerMagic, s_record, 0, MessageFlags.None), WriteSequence,
            new byte[5000]);

        AssertViolation("ITestWorker.Record", "5002-byte body", "limit of 4096 bytes");
    }

    [Test]
    public void MessageBeforeHello_Disconnects()
    {
        _peer.Send(new ConnectionHeader(s_workerMagic, s_record, 0, MessageFlags.None), WriteSequence);

        AssertViolation("before its hello");
    }

    [Test]
    public void HelloHashMismatch_Disconnects()
    {
        _peer.SendHello(hostShapeHash: 0xBAD);

        AssertViolation("0x0000000000000BAD", $"0x{TestHostDescriptor.Instance.ShapeHash:X16}");
    }

    private void AssertViolation(params string[] fragments)
    {
        var ended = _peer.WaitForDisconnect();

        Assert.That(ended.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
        foreach (string fragment in fragments)
        {
            Assert.That(ended.Detail, Does.Contain(fragment));
        }

        Assert.That(_logger.Lines, Has.Count.EqualTo(1), "one log line per violation");
        Assert.That(_logger.Lines.Single(), Does.StartWith("100 "), "event 100, the disconnect");
        Assert.That(_logger.Lines.Single(), Does.Contain("ITestWorker").And.Contain(fragments[0]));
    }

    private static void WriteSequence(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(1);
        writer.Write(0);
    }

    private static void WriteTwoInts(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        writer.Write(1);
        writer.Write(2);
    }
}
