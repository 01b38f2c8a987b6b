using Microsoft.Extensions.Logging;

namespace IpcGen.Unix.Tests.Breaking;

/// <summary>A logger and a receiver that both throw cannot end the process through the IO thread.</summary>
public sealed class FailingCallbackTests
{
    [Test]
    public void ThrowingLoggerAndDisconnectHandler_ProcessSurvives()
    {
        var options = new UnixTransportOptions { Logger = new ThrowingLogger() };
        var (transport, peer) = RawPeer.CreatePair(options);
        using var _ = transport;
        var receiver = new ThrowingReceiver();
        transport.Start(receiver);

        // Before the fix this ends the test host: the exception escapes the IO thread.
        peer.Dispose();
        bool reported = receiver.Disconnected.Wait(TimeSpan.FromSeconds(10));
        Thread.Sleep(200);

        Assert.That(reported, Is.True);
        Assert.That(transport.IsConnected, Is.False);
        Assert.Throws<IpcDisconnectedException>(() => transport.Send("x"u8, []));
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("the log provider failed");
    }

    private sealed class ThrowingReceiver : ITransportReceiver
    {
        public ManualResetEventSlim Disconnected { get; } = new();

        public void OnMessage(ReadOnlyMemory<byte> payload, Attachment[] attachments)
        {
        }

        public void OnDisconnected(TransportDisconnect disconnect)
        {
            Disconnected.Set();
            throw new InvalidOperationException("the disconnect handler failed");
        }
    }
}
