using System.Collections.Concurrent;

namespace IpcGen.Unix.Tests;

/// <summary>A receiver that records messages (payload copies and attachments) and the disconnect, with bounded
/// waits. <see cref="Hook"/> runs on the IO thread before a message is recorded and may throw.</summary>
internal sealed class RecordingReceiver : ITransportReceiver
{
    private readonly BlockingCollection<ReceivedMessage> _messages = new();
    private readonly TaskCompletionSource<TransportDisconnect> _disconnected =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _disconnectCount;
    private int _messagesAfterDisconnect;

    /// <summary>Runs for each message on the IO thread before it is recorded.</summary>
    public Action<ReadOnlyMemory<byte>, Attachment[]>? Hook { get; init; }

    /// <summary>Number of OnDisconnected calls.</summary>
    public int DisconnectCount => Volatile.Read(ref _disconnectCount);

    /// <summary>Number of OnMessage calls after OnDisconnected.</summary>
    public int MessagesAfterDisconnect => Volatile.Read(ref _messagesAfterDisconnect);

    /// <summary>Number of messages recorded and not taken yet.</summary>
    public int PendingCount => _messages.Count;

    public void OnMessage(ReadOnlyMemory<byte> payload, Attachment[] attachments)
    {
        if (DisconnectCount > 0)
        {
            Interlocked.Increment(ref _messagesAfterDisconnect);
        }

        Hook?.Invoke(payload, attachments);
        _messages.Add(new ReceivedMessage(payload.ToArray(), attachments));
    }

    public void OnDisconnected(TransportDisconnect disconnect)
    {
        Interlocked.Increment(ref _disconnectCount);
        _disconnected.TrySetResult(disconnect);
    }

    /// <summary>Takes the next message, failing the test after 10 seconds.</summary>
    public ReceivedMessage Take()
    {
        if (!_messages.TryTake(out var message, TimeSpan.FromSeconds(10)))
        {
            Assert.Fail("No message arrived within 10 seconds.");
        }

        return message!;
    }

    /// <summary>Waits for the disconnect, failing the test after 10 seconds.</summary>
    public TransportDisconnect WaitForDisconnect()
    {
        if (!_disconnected.Task.Wait(TimeSpan.FromSeconds(10)))
        {
            Assert.Fail("The transport did not report a disconnect within 10 seconds.");
        }

        return _disconnected.Task.Result;
    }

    /// <summary>Disposes every recorded attachment not taken yet.</summary>
    public void DisposePending()
    {
        while (_messages.TryTake(out var message))
        {
            message.Dispose();
        }
    }
}

/// <summary>A recorded message: a copy of its payload and the attachments the test now owns.</summary>
internal sealed record ReceivedMessage(byte[] Payload, Attachment[] Attachments) : IDisposable
{
    public void Dispose()
    {
        foreach (var attachment in Attachments)
        {
            attachment.Dispose();
        }
    }
}
