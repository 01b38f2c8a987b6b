namespace IpcGen.Unix.Tests;

/// <summary>A receiver that runs a callback for each message on the IO thread and records the disconnect.
/// </summary>
internal sealed class CallbackReceiver(Action<ReadOnlyMemory<byte>, Attachment[]> onMessage) : ITransportReceiver
{
    private readonly TaskCompletionSource<TransportDisconnect> _disconnected =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OnMessage(ReadOnlyMemory<byte> payload, Attachment[] attachments) => onMessage(payload, attachments);

    public void OnDisconnected(TransportDisconnect disconnect) => _disconnected.TrySetResult(disconnect);

    /// <summary>Waits for the disconnect, failing the test after 10 seconds.</summary>
    public TransportDisconnect WaitForDisconnect()
    {
        if (!_disconnected.Task.Wait(TimeSpan.FromSeconds(10)))
        {
            Assert.Fail("The transport did not report a disconnect within 10 seconds.");
        }

        return _disconnected.Task.Result;
    }
}
