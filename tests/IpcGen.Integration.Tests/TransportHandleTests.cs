using IpcGen.Integration.Peer;
using IpcGen.Unix;

namespace IpcGen.Integration.Tests;

/// <summary>Transports that travel inside messages: the receiving process adopts the handle and talks over it.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class TransportHandleTests
{
    private PeerProcess _peer = null!;

    [OneTimeSetUp]
    public void StartPeer() => _peer = PeerProcess.Start();

    [OneTimeTearDown]
    public void StopPeer() => _peer.Dispose();

    [Test]
    public void SentHandle_PeerCallsThirdEndpoint()
    {
        var (local, remote) = UnixTransport.CreatePaired();
        using var third = new Connection<IChannel, IChannelClient>(local, new Channel("test"));
        third.Start();

        string relayed = _peer.Worker.Relay(remote, "hello over a sent handle");

        Assert.That(relayed, Is.EqualTo(
            $"test: hello over a sent handle (served by {Environment.ProcessId}, relayed by {_peer.ProcessId})"));
        Assert.That(remote.IsOwned, Is.False, "the handle's descriptor moved to the peer");
    }

    [Test]
    public void SentHandle_PeerClosesAfterUse()
    {
        var (local, remote) = UnixTransport.CreatePaired();
        using var third = new Connection<IChannel, IChannelClient>(local, new Channel("test"));
        var ended = new TaskCompletionSource<DisconnectReason>();
        third.Disconnected += (_, e) => ended.TrySetResult(e.Reason);
        third.Start();

        _peer.Worker.Relay(remote, "x");

        // The peer disposes its side after the relay, which this side reports as the peer closing.
        Assert.That(Wait.Result(ended.Task, Wait.Long), Is.EqualTo(DisconnectReason.PeerClosed));
    }

    [Test]
    public void ReturnedHandle_AdoptedHere()
    {
        var handle = _peer.Worker.OpenChannel();
        using var channel = new Connection<IChannelClient, IChannel>(UnixTransport.Adopt(handle), new ChannelClient());
        channel.Start();

        Assert.That(handle.IsOwned, Is.False);
        Assert.That(channel.Peer.Echo("back"), Is.EqualTo("peer: back"));
        Assert.That(channel.Peer.ProcessId(), Is.EqualTo(_peer.ProcessId));
    }
}
