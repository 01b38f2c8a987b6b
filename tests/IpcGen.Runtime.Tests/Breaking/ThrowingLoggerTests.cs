using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;
using Microsoft.Extensions.Logging;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class ThrowingLoggerTests
{
    [Test]
    public void LoggerThrows_ConnectionSurvives()
    {
        // The worker's loop runs on a thread of the test, so an exception that escapes it is seen here instead of
        // ending the test process.
        var loop = new IpcEventLoop();
        Exception? escaped = null;
        var loopThread = new Thread(() =>
        {
            try
            {
                loop.Run();
            }
            catch (Exception exception)
            {
                escaped = exception;
            }
        });

        loopThread.Start();
        var (hostSocket, workerSocket) = SocketTransport.CreatePair();
        var host = new Connection<ITestHost, ITestWorker>(hostSocket, new HostService());
        var worker = new Connection<ITestWorker, ITestHost>(workerSocket, new WorkerService(),
            new ConnectionOptions { SynchronizationContext = loop, Logger = new ThrowingLogger() });
        try
        {
            host.Start();
            worker.Start();

            // A negative sequence makes the worker's one-way handler throw, and the worker logs that.
            host.Peer.Record(-1);
            int sum;
            using (IpcCall.WithTimeout(TimeSpan.FromSeconds(5)))
            {
                sum = host.Peer.Add(1, 2);
            }

            Assert.That(escaped, Is.Null);
            Assert.That(sum, Is.EqualTo(3));
        }
        finally
        {
            host.Dispose();
            Assert.DoesNotThrow(worker.Dispose);
            loop.Stop();
            Assert.That(loopThread.Join(Wait.Long), Is.True, "The loop thread did not stop.");
        }
    }

    /// <summary>A logger whose provider fails, as <c>Microsoft.Extensions.Logging</c> reports one: it throws.</summary>
    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            throw new AggregateException("An error occurred while writing to logger(s).",
                new IOException("The test log file is full."));
    }
}
