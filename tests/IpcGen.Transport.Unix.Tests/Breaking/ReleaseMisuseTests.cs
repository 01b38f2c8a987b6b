namespace IpcGen.Unix.Tests.Breaking;

/// <summary>A release that waits for a peer which does not read can be ended by Dispose, and the transport cannot
/// be started while it is being released.</summary>
public sealed class ReleaseMisuseTests
{
    private const int LargePayload = 4 * 1024 * 1024;

    [Test]
    public void Release_PeerNotReading_DisposeEndsWait()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = peer;
        var receiver = new RecordingReceiver();
        transport.Start(receiver);
        transport.Send(new byte[LargePayload], []);
        Exception? thrown = null;
        var releasing = new Thread(() => thrown = Assert.Catch(() => transport.ReleaseForTransfer()));

        releasing.Start();
        Thread.Sleep(200);
        transport.Dispose();
        bool ended = releasing.Join(TimeSpan.FromSeconds(5));
        if (!ended)
        {
            // Lets the stuck release finish so the test run does not hang.
            peer.Dispose();
            releasing.Join(TimeSpan.FromSeconds(10));
        }

        Assert.That(ended, Is.True, "ReleaseForTransfer kept waiting for the peer after Dispose");
        Assert.That(thrown, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(((IpcDisconnectedException)thrown!).Reason, Is.EqualTo(DisconnectReason.LocalClosed));
        Assert.That(receiver.WaitForDisconnect().Reason, Is.EqualTo(DisconnectReason.LocalClosed));
    }

    [Test]
    public void Start_DuringRelease_Throws()
    {
        var (transport, peer) = RawPeer.CreatePair();
        using var _ = transport;
        using var __ = peer;
        transport.Send(new byte[LargePayload], []);
        TransportHandle? released = null;
        var releasing = new Thread(() =>
        {
            try
            {
                released = transport.ReleaseForTransfer();
            }
            catch (IpcDisconnectedException)
            {
            }
        });

        releasing.Start();
        Assert.That(TestHelpers.WaitUntil(() => transport.IsReleaseInProgress), Is.True);
        Thread.Sleep(100);
        var exception = Assert.Catch(() => transport.Start(new RecordingReceiver()));
        var (_, payload, _) = peer.ReadFrame();
        bool ended = releasing.Join(TimeSpan.FromSeconds(10));
        released?.Dispose();

        Assert.That(exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(payload, Has.Length.EqualTo(LargePayload));
        Assert.That(ended, Is.True);
        Assert.That(released, Is.Not.Null);
    }
}
