using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class InterruptedCallTests
{
    [Test]
    public void Send_Interrupted_LateResponseKeepsConnection()
    {
        using var pair = new ConnectionPair();
        Exception? caught = null;
        var caller = new Thread(() =>
        {
            try
            {
                pair.Host.Peer.Delay(300);
            }
            catch (Exception exception)
            {
                caught = exception;
            }
        });

        caller.Start();
        Thread.Sleep(100);
        caller.Interrupt();
        Assert.That(caller.Join(Wait.Long), Is.True, "The interrupted caller did not return.");

        // The worker responds to Delay before Add, so the late Delay response reaches the host first.
        int sum = pair.Host.Peer.Add(1, 2);

        Assert.That(caught, Is.InstanceOf<ThreadInterruptedException>());
        Assert.That(sum, Is.EqualTo(3));
        Assert.That(pair.Host.IsConnected, Is.True);
    }
}
