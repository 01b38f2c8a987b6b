using System.Collections.Concurrent;
using IpcGen.Runtime.TestPeer;
using IpcGen.Runtime.Tests.Connection;

namespace IpcGen.Runtime.Tests.Breaking;

[TestFixture]
[CancelAfter(60_000)]
public sealed class CancelCallbackTests
{
    private const string CallbackError = "The handler's cancellation callback failed.";

    [Test]
    public void Cancel_CallbackThrows_ErrorObserved()
    {
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.ToString().Contains(CallbackError))
            {
                unobserved.Enqueue(e.Exception);
            }
        };

        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            var logger = new ListLogger();
            CancelThroughThrowingCallback(logger);
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.That(unobserved, Is.Empty);
            Assert.That(logger.Lines, Has.Some.StartsWith("106 "));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }
    }

    private static void CancelThroughThrowingCallback(ListLogger logger)
    {
        var (hostSocket, workerSocket) = SocketTransport.CreatePair();
        var service = new CallbackWorker();
        using var host = new Connection<ITestHost, ITestWorker>(hostSocket, new HostService());
        using var worker = new Connection<ITestWorker, ITestHost>(
            workerSocket, service, new ConnectionOptions { Logger = logger });
        host.Start();
        worker.Start();

        using var cancellation = new CancellationTokenSource();
        var call = host.Peer.DelayAsync(10_000, cancellation.Token);
        Wait.ForEnd(service.Started.Task, Wait.Long);
        cancellation.Cancel();

        Wait.ForEnd(call, Wait.Long);
        Wait.ForEnd(service.Finished.Task, Wait.Long);
        Wait.Until(() => !logger.Lines.IsEmpty, TimeSpan.FromSeconds(5), "the log line of the failed callback");
    }

    /// <summary>A worker whose <see cref="DelayAsync"/> registers a cancellation callback that throws.</summary>
    private sealed class CallbackWorker : ITestWorker
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<int> DelayAsync(int milliseconds, CancellationToken cancellationToken)
        {
            try
            {
                using var registration = cancellationToken.Register(
                    () => throw new InvalidOperationException(CallbackError));
                Started.TrySetResult();
                await Task.Delay(milliseconds, cancellationToken).ConfigureAwait(false);
                return milliseconds;
            }
            finally
            {
                Finished.TrySetResult();
            }
        }

        public void Record(int sequence)
        {
        }

        public int Add(int a, int b) => a + b;

        public int Fail(string message) => throw new InvalidOperationException(message);

        public int Delay(int milliseconds) => milliseconds;

        public int Nested(int depth) => depth;

        public void StartCalls(int count)
        {
        }

        public int RecordedInOrder() => 0;

        public long FileLength(Attachment file) => 0;
    }
}
