using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class InlineContextTests
{
    [Test]
    public void Send_OnIoThread_FailsAtOnce()
    {
        // The inline context runs the host's handlers on its transport's IO thread, where Nested calls back.
        using var pair = new ConnectionPair(hostOptions: new ConnectionOptions
        {
            SynchronizationContext = new InlineContext(),
        });

        IpcRemoteException? error;
        using (IpcCall.WithTimeout(TimeSpan.FromSeconds(5)))
        {
            error = Assert.Throws<IpcRemoteException>(() => pair.Worker.Peer.Nested(2));
        }

        Assert.That(error!.Message, Does.Contain("IO thread"));
        Assert.That(pair.Host.IsConnected, Is.True);
    }

    /// <summary>A context that runs each posted callback at once on the posting thread.</summary>
    private sealed class InlineContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => d(state);
    }
}
