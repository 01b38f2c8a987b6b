using System.Collections.Concurrent;
using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;
using MessagePack;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class HostileFrameTests
{
    private static readonly uint s_workerMagic = TestWorkerDescriptor.Instance.Magic;
    private static readonly uint s_add = RawPeer.IdOf(TestWorkerDescriptor.Instance, "Add");

    private RawPeer _peer = null!;

    [SetUp]
    public void SetUp() => _peer = new RawPeer(new ConnectionOptions());

    [TearDown]
    public void TearDown() => _peer.Dispose();

    [Test]
    public void CancelForUnknownId_Ignored()
    {
        _peer.SendHello();
        _peer.Send(new ConnectionHeader(0, 0, 77, MessageFlags.Cancel), (ref MessagePackWriter w) => w.WriteNil());
        _peer.Send(new ConnectionHeader(s_workerMagic, s_add, 5, MessageFlags.SyncRequest), WriteTwoInts);

        var response = TakeNonHello(_peer.Received);

        Assert.That(response.RequestId, Is.EqualTo(5u));
        Assert.That(response.Flags, Is.EqualTo(MessageFlags.Response));
        Assert.That(_peer.Worker.IsConnected, Is.True);
    }

    [Test]
    public void Response_FromOtherEndpoint_FailsCall()
    {
        _peer.SendHello();
        var call = Task.Factory.StartNew(() => _peer.Worker.Peer.Add(1, 2), TaskCreationOptions.LongRunning);
        var request = TakeNonHello(_peer.Received);

        // Right request id and response id, but the magic of the worker's own endpoint instead of the host's.
        uint responseId = TestHostDescriptor.Instance.Messages.Single(m => m.Name == "Add").ResponseId;
        _peer.Send(new ConnectionHeader(s_workerMagic, responseId, request.RequestId, MessageFlags.Response),
            (ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(1);
                w.Write(3);
            });

        Wait.ForEnd(call, Wait.Long);
        var error = call.Exception?.InnerException as IpcDisconnectedException;
        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Reason, Is.EqualTo(DisconnectReason.ProtocolViolation));
    }

    [Test]
    public void Send_PeerNeverSendsHello_TimesOut()
    {
        using (IpcCall.WithTimeout(TimeSpan.FromMilliseconds(200)))
        {
            Assert.Throws<TimeoutException>(() => _peer.Worker.Peer.Add(1, 2));
        }

        Assert.That(_peer.Worker.IsConnected, Is.True);
    }

    private static ConnectionHeader TakeNonHello(BlockingCollection<ConnectionHeader> received)
    {
        while (true)
        {
            Assert.That(received.TryTake(out var header, Wait.Long), Is.True, "The worker sent nothing.");
            if (header.Flags != MessageFlags.Hello)
            {
                return header;
            }
        }
    }

    private static void WriteTwoInts(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        writer.Write(1);
        writer.Write(2);
    }
}
