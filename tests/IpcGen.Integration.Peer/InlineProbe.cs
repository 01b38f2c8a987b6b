using System.Diagnostics;

namespace IpcGen.Integration.Peer;

/// <summary>The peer's implementation of <see cref="IInlineProbe"/>, which tests also run in their own process.
/// </summary>
public sealed class InlineProbe : IInlineProbe
{
    private readonly List<HandlerReport> _notified = new();

    /// <summary>The connection that serves this probe, set before the connection starts.</summary>
    public Connection<IInlineProbe, IInlineProbeHost>? Connection { get; set; }

    private IInlineProbeHost Host => Connection!.Peer;

    private SynchronizationContext Context => Connection!.SynchronizationContext;

    /// <inheritdoc/>
    public HandlerReport Where(ReadStamp stamp) => HandlerReport.Capture("sync", stamp, Context);

    /// <inheritdoc/>
    public async Task<HandlerReport> WhereAsync(ReadStamp stamp, CancellationToken cancellationToken)
    {
        var report = HandlerReport.Capture("task", stamp, Context);
        await Task.Yield();
        return report;
    }

    /// <inheritdoc/>
    public void Notify(ReadStamp stamp)
    {
        var report = HandlerReport.Capture("one-way", stamp, Context);
        lock (_notified)
        {
            _notified.Add(report);
        }
    }

    /// <inheritdoc/>
    public List<HandlerReport> TakeNotified()
    {
        lock (_notified)
        {
            var reports = _notified.ToList();
            _notified.Clear();
            return reports;
        }
    }

    /// <inheritdoc/>
    public ReadStamp Echo(ReadStamp stamp) => stamp;

    /// <inheritdoc/>
    public async Task<ReadStamp> EchoAsync(ReadStamp stamp, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return stamp;
    }

    /// <inheritdoc/>
    public int Block(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return milliseconds;
    }

    /// <inheritdoc/>
    public HoldReport Hold(int milliseconds, int calls, int oneWayCount)
    {
        long decodedBefore = ReadStamp.DecodedCount;
        int notifiedBefore = NotifiedCount();
        var stopwatch = Stopwatch.StartNew();
        var run = new HoldRun(Host, calls, stopwatch);
        var caller = new Thread(run.Call) { IsBackground = true, Name = "probe caller" };
        caller.Start();

        // The dispatch thread stays blocked for the whole hold, whatever the other thread does.
        Thread.Sleep(milliseconds);
        bool finished = run.Finished.IsSet;
        long decoded = ReadStamp.DecodedCount - decodedBefore;
        int handled = NotifiedCount() - notifiedBefore;
        return new HoldReport(finished, run.Completed, run.ReadByCaller, decoded, handled, run.FinishedAt, run.Error);
    }

    /// <inheritdoc/>
    public int Nest(ReadStamp depth) => depth.Value == 0 ? 0 : Host.Nest(new ReadStamp(depth.Value - 1)) + 1;

    /// <inheritdoc/>
    public int AddThroughHost(int a, int b) => Host.Add(a, b);

    /// <inheritdoc/>
    public void CallHost(int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            Host.Notify(new ReadStamp(i));
            Host.Where(new ReadStamp(i));
            Host.WhereAsync(new ReadStamp(i), CancellationToken.None).Wait();
        }
    }

    /// <inheritdoc/>
    public void NotifyHost(int count) => NotifyHostInBursts(count, count, 0);

    /// <inheritdoc/>
    public void NotifyHostInBursts(int count, int burst, int pauseMilliseconds)
    {
        var host = Host;
        var notifier = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < count; i++)
                {
                    host.Notify(new ReadStamp(i));
                    if (pauseMilliseconds > 0 && (i + 1) % burst == 0)
                    {
                        Thread.Sleep(pauseMilliseconds);
                    }
                }
            }
            catch (IpcDisconnectedException)
            {
                // The test ended the connection before every message went out.
            }
        })
        {
            IsBackground = true,
            Name = "probe notifier",
        };
        notifier.Start();
    }

    private int NotifiedCount()
    {
        lock (_notified)
        {
            return _notified.Count;
        }
    }

    /// <summary>The sync calls that another thread makes while <see cref="Hold"/> blocks the dispatch thread.
    /// </summary>
    private sealed class HoldRun(IInlineProbeHost host, int calls, Stopwatch stopwatch)
    {
        public ManualResetEventSlim Finished { get; } = new();

        public int Completed { get; private set; }

        public int ReadByCaller { get; private set; }

        public double FinishedAt { get; private set; } = -1;

        public string? Error { get; private set; }

        public void Call()
        {
            try
            {
                for (int i = 0; i < calls; i++)
                {
                    var echoed = host.Echo(new ReadStamp(i));
                    Completed += echoed.Value == i ? 1 : 0;
                    ReadByCaller += echoed.ReaderThreadId == Environment.CurrentManagedThreadId ? 1 : 0;
                }

                FinishedAt = stopwatch.Elapsed.TotalMilliseconds;
            }
            catch (Exception exception)
            {
                Error = $"{exception.GetType().Name}: {exception.Message}";
            }
            finally
            {
                Finished.Set();
            }
        }
    }
}
