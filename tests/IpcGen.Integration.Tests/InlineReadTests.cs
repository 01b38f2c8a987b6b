using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using IpcGen.Integration.Peer;
using IpcGen.Unix;

namespace IpcGen.Integration.Tests;

/// <summary>
/// Reading the transport on the calling thread, across real processes: a sync caller reads its own response, and a
/// connection's own dispatch thread reads while its queue is empty, in place of the transport's IO thread. The peer
/// runs in its inline-probe mode, whose connection has its own dispatch loop as well. Messages carry
/// <see cref="ReadStamp"/> values, which record the thread that read each message, so each test can check that it
/// took the path it is about.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class InlineReadTests
{
    private const string DispatchThreadPrefix = "IpcGen dispatch ";
    private const string IoThreadPrefix = "IpcGen IO ";
    private const string BlockedCallerName = "blocked caller";

    // One-way messages the peer sends in the flood tests, more than it can send during a test.
    private const int FloodCount = 5_000_000;

    private static readonly string[] s_kinds = ["one-way", "sync", "task"];
    private static readonly TimeSpan s_failFast = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_prompt = TimeSpan.FromSeconds(5);

    private enum Reader
    {
        Caller,
        DispatchThread,
    }

    [Test]
    public void HostHandlers_RunOnDispatchThread()
    {
        const int rounds = 30;
        using var peer = ProbePeer.Start();

        // One-way, so no thread of this process waits in a call and the idle dispatch thread reads the callbacks.
        peer.Probe.CallHost(rounds);
        var reports = peer.Host.TakeReports(3 * rounds);

        Assert.That(reports.Select(r => r.HandlerThread).Distinct().ToList(), Has.Count.EqualTo(1));
        Assert.That(reports[0].HandlerThread, Does.StartWith(DispatchThreadPrefix));
        Assert.That(reports.Where(r => !r.OnLoopThread), Is.Empty, "handlers off the loop thread");
        Assert.That(reports.Where(r => !r.OnConnectionContext), Is.Empty, "handlers off the connection's context");
        foreach (string kind in s_kinds)
        {
            Assert.That(reports.Where(r => r.Kind == kind && r.ReaderThread == r.HandlerThread), Is.Not.Empty,
                $"no {kind} request was read by the dispatch thread itself");
        }
    }

    [Test]
    public void PeerHandlers_RunOnDispatchThread()
    {
        const int rounds = 20;
        using var peer = ProbePeer.Start();
        var reports = new List<HandlerReport>();

        for (int i = 0; i < rounds; i++)
        {
            reports.Add(peer.Probe.Where(new ReadStamp(i)));
        }

        for (int i = 0; i < rounds; i++)
        {
            reports.Add(Wait.Result(peer.Probe.WhereAsync(new ReadStamp(i), CancellationToken.None), Wait.Long));
        }

        for (int i = 0; i < rounds; i++)
        {
            peer.Probe.Notify(new ReadStamp(i));
        }

        reports.AddRange(peer.Probe.TakeNotified());

        Assert.That(reports, Has.Count.EqualTo(3 * rounds));
        Assert.That(reports.Select(r => r.HandlerThread).Distinct().ToList(), Has.Count.EqualTo(1));
        Assert.That(reports[0].HandlerThread, Does.StartWith(DispatchThreadPrefix));
        Assert.That(reports.Select(r => r.ContextType).Distinct(), Is.EqualTo(new[] { nameof(IpcEventLoop) }));
        Assert.That(reports.Where(r => !r.OnLoopThread), Is.Empty, "handlers off the loop thread");
        Assert.That(reports.Where(r => !r.OnConnectionContext), Is.Empty, "handlers off the connection's context");
        foreach (string kind in s_kinds)
        {
            Assert.That(reports.Where(r => r.Kind == kind && r.ReaderThread == r.HandlerThread), Is.Not.Empty,
                $"no {kind} request was read by the peer's dispatch thread itself");
        }
    }

    [Test]
    public void LongHandler_OtherPeerThreadKeepsWorking()
    {
        const int holdMilliseconds = 1500;
        const int calls = 50;
        const int oneWays = 100;
        using var peer = ProbePeer.Start();

        // The one-way messages go out once the hold has begun, which the peer's first call to this side shows.
        var poster = Task.Factory.StartNew(() =>
        {
            if (!peer.Host.EchoReceived.Wait(Wait.Long))
            {
                throw new TimeoutException("The peer's first Echo call did not arrive.");
            }

            for (int i = 0; i < oneWays; i++)
            {
                peer.Probe.Notify(new ReadStamp(i));
            }
        }, TaskCreationOptions.LongRunning);
        var stopwatch = Stopwatch.StartNew();
        var report = peer.Probe.Hold(holdMilliseconds, calls, oneWays);
        var holdTime = stopwatch.Elapsed;
        Wait.ForEnd(poster, Wait.Long);
        var notified = peer.Probe.TakeNotified();

        Assert.That(poster.Exception, Is.Null);
        Assert.That(holdTime.TotalMilliseconds, Is.GreaterThanOrEqualTo(holdMilliseconds));
        Assert.That(report.CallerError, Is.Null);
        Assert.That(report.CallerFinished, Is.True, "the other thread's calls completed during the hold");
        Assert.That(report.CallsCompleted, Is.EqualTo(calls));
        Assert.That(report.ResponsesReadByCaller, Is.GreaterThan(0), "the calling thread read responses itself");
        Assert.That(report.StampsDecoded, Is.EqualTo(calls + oneWays), "messages read during the hold");
        Assert.That(report.OneWayHandledDuringHold, Is.Zero);
        Assert.That(notified.Select(r => r.Value), Is.EqualTo(Enumerable.Range(0, oneWays)));
        Assert.That(notified.Where(r => !r.OnLoopThread), Is.Empty, "one-way handlers off the loop thread");
    }

    [Test]
    public void EightThreads_MixedCalls_OwnResponses()
    {
        const int threadCount = 8;
        const int callsPerThread = 2000;
        using var peer = ProbePeer.Start();
        var outcomes = new CallerOutcome[threadCount];
        var threads = Enumerable.Range(0, threadCount)
            .Select(t => new Thread(() => outcomes[t] = RunMixedCalls(peer.Probe, t, callsPerThread))
            {
                IsBackground = true,
                Name = $"caller {t}",
            })
            .ToList();

        threads.ForEach(thread => thread.Start());
        foreach (var thread in threads)
        {
            Assert.That(thread.Join(Wait.Long), Is.True, $"{thread.Name} finished");
        }

        Assert.That(outcomes.Select(o => o.Error), Is.All.Null);
        Assert.That(outcomes.Sum(o => o.Wrong), Is.Zero, "responses that belong to another call");
        Assert.That(outcomes.Sum(o => o.Completed), Is.EqualTo(threadCount * callsPerThread));
        Assert.That(outcomes.Sum(o => o.ReadInline), Is.GreaterThan(0), "sync responses read by their own caller");
        Assert.That(peer.Connection.IsConnected, Is.True);
    }

    [Test]
    public void NestedChains_FromDispatchThread_Complete()
    {
        const int chains = 1000;
        using var peer = ProbePeer.Start();

        var results = RunOnDispatchThread(peer, () => RunChains(peer.Probe, chains));

        Assert.That(results, Has.Length.EqualTo(chains));
        Assert.That(results, Is.All.EqualTo(3));
        Assert.That(peer.Host.NestOffContext, Is.Zero, "Nest handlers off the dispatch thread");
        Assert.That(peer.Host.NestReaders, Has.Count.EqualTo(2 * chains));
        Assert.That(peer.Host.NestReaders.Where(name => name?.StartsWith(DispatchThreadPrefix) == true),
            Is.Not.Empty, "no Nest request was read by the dispatch thread itself");
    }

    [Test]
    public void NestedChains_FromOtherThread_Complete()
    {
        const int chains = 1000;
        using var peer = ProbePeer.Start();

        var chainTask = Task.Factory.StartNew(() => RunChains(peer.Probe, chains), TaskCreationOptions.LongRunning);
        var results = Wait.Result(chainTask, Wait.Long);

        Assert.That(results, Is.All.EqualTo(3));
        Assert.That(peer.Host.NestOffContext, Is.Zero, "Nest handlers off the dispatch thread");
        Assert.That(peer.Host.NestReaders, Has.Count.EqualTo(2 * chains));
    }

    [Test]
    public void PeerKilled_CallerReadingInline_FailsFast() =>
        OpenDescriptors.AssertNoLeak(() => KillDuringBlockedCall(Reader.Caller));

    [Test]
    public void PeerKilled_DispatchReadingIdle_FailsFast() =>
        OpenDescriptors.AssertNoLeak(() => KillDuringBlockedCall(Reader.DispatchThread));

    [Test]
    public void Dispose_CallerReadingInline_ReturnsPromptly()
    {
        var escaped = CollectEscapedExceptions(
            () => OpenDescriptors.AssertNoLeak(() => DisposeDuringBlockedCall(Reader.Caller)));

        Assert.That(escaped, Is.Empty, "exceptions that escaped a thread or a task");
    }

    [Test]
    public void Dispose_DispatchReadingIdle_ReturnsPromptly()
    {
        var escaped = CollectEscapedExceptions(
            () => OpenDescriptors.AssertNoLeak(() => DisposeDuringBlockedCall(Reader.DispatchThread)));

        Assert.That(escaped, Is.Empty, "exceptions that escaped a thread or a task");
    }

    [Test]
    public void Dispose_DuringCallStorm_EveryCallerReturns()
    {
        var escaped = CollectEscapedExceptions(() => OpenDescriptors.AssertNoLeak(
            () => EndDuringCallStorm(peer => peer.Connection.Dispose(), DisconnectReason.LocalClosed)));

        Assert.That(escaped, Is.Empty, "exceptions that escaped a thread or a task");
    }

    [Test]
    public void PeerKilled_DuringCallStorm_EveryCallerReturns() =>
        OpenDescriptors.AssertNoLeak(() => EndDuringCallStorm(peer => peer.Kill(), DisconnectReason.PeerClosed));

    [Test]
    public void Timeout_CallerReadingInline_ThrowsAtDeadline()
    {
        var timeout = TimeSpan.FromMilliseconds(400);
        using var peer = ProbePeer.Start();
        var echoed = peer.Probe.Echo(new ReadStamp(1));
        Assert.That(echoed.ReaderThreadId, Is.EqualTo(Environment.CurrentManagedThreadId),
            "precondition: the test thread reads its own responses");

        var stopwatch = Stopwatch.StartNew();
        using (IpcCall.WithTimeout(timeout))
        {
            Assert.Throws<TimeoutException>(() => peer.Probe.Block(1500));
        }

        var elapsed = stopwatch.Elapsed;

        Assert.That(elapsed, Is.GreaterThanOrEqualTo(timeout));
        Assert.That(elapsed, Is.LessThan(timeout + s_failFast));
        Assert.That(peer.Probe.Echo(new ReadStamp(2)).Value, Is.EqualTo(2), "the connection works after a timeout");
    }

    [Test]
    public void Timeout_DispatchThreadReadingInline_Throws()
    {
        var timeout = TimeSpan.FromMilliseconds(400);
        using var peer = ProbePeer.Start();

        var (caught, elapsed) = RunOnDispatchThread(peer, () =>
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                using (IpcCall.WithTimeout(timeout))
                {
                    peer.Probe.Block(1500);
                }

                return ((Exception?)null, stopwatch.Elapsed);
            }
            catch (Exception exception)
            {
                return (exception, stopwatch.Elapsed);
            }
        });

        Assert.That(caught, Is.TypeOf<TimeoutException>());
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(timeout));
        Assert.That(elapsed, Is.LessThan(timeout + s_failFast));
        Assert.That(peer.Probe.Echo(new ReadStamp(2)).Value, Is.EqualTo(2), "the connection works after a timeout");
    }

    [Test]
    public void Deadlock_OtherThreadReadingInline_Detected()
    {
        var options = new ConnectionOptions { DeadlockDetectionDelay = TimeSpan.FromMilliseconds(300) };
        using var peer = ProbePeer.Start(options);

        // The dispatch thread waits for another thread's call, whose handler in the peer calls back into this side.
        var (joined, reader, caught) = RunOnDispatchThread(peer, () =>
        {
            string? readBy = null;
            Exception? error = null;
            var other = new Thread(() =>
            {
                try
                {
                    readBy = peer.Probe.Echo(new ReadStamp(1)).ReaderThread;
                    peer.Probe.AddThroughHost(1, 2);
                }
                catch (Exception exception)
                {
                    error = exception;
                }
            })
            {
                IsBackground = true,
                Name = "other caller",
            };
            other.Start();
            bool ended = other.Join(Wait.Long);
            return (ended, readBy, error);
        });

        Assert.That(joined, Is.True, "the other thread's call ended");
        Assert.That(reader, Is.EqualTo("other caller"), "precondition: the other thread reads its own responses");
        Assert.That(caught, Is.TypeOf<IpcDeadlockException>());
        Assert.That(peer.Probe.Echo(new ReadStamp(3)).Value, Is.EqualTo(3), "the connection works afterwards");
    }

    [Test]
    public void UserContext_HandlersNeverOnIoThread()
    {
        const int rounds = 30;
        const string loopThreadName = "user loop";
        var loop = new IpcEventLoop();
        var loopThread = new Thread(() => loop.Run()) { IsBackground = true, Name = loopThreadName };
        loopThread.Start();
        try
        {
            using var peer = ProbePeer.Start(new ConnectionOptions { SynchronizationContext = loop });
            using var callers = new BackgroundCallers(peer.Probe, 3);

            peer.Probe.CallHost(rounds);
            var reports = peer.Host.TakeReports(3 * rounds);
            var outcomes = callers.Stop();

            Assert.That(reports.Select(r => r.HandlerThread).Distinct(), Is.EqualTo(new[] { loopThreadName }));
            Assert.That(reports.Where(r => !r.OnConnectionContext), Is.Empty, "handlers off the user context");
            Assert.That(reports.Where(r => r.ReaderThread?.StartsWith("caller ") == true), Is.Not.Empty,
                "no request was read inline by a calling thread");
            Assert.That(outcomes.Select(o => o.Error), Is.All.Null);
            Assert.That(outcomes.Sum(o => o.Wrong), Is.Zero);
        }
        finally
        {
            loop.Stop();
            Assert.That(loopThread.Join(Wait.Long), Is.True, "the user loop ended");
        }
    }

    /// <summary>
    /// The peer sends one-way messages in bursts while three threads of this process make sync calls, so the read
    /// lease moves between those callers, the idle dispatch thread and the IO thread. Every message arrives once,
    /// in order.
    /// </summary>
    [Test]
    public void LeaseMoving_OneWaysInOrderOnce()
    {
        const int count = 20_000;
        using var peer = ProbePeer.Start();

        // Pauses on both sides leave the lease free now and then, for the IO thread or the idle dispatch thread.
        using var callers = new BackgroundCallers(peer.Probe, 3, pauseMilliseconds: 1);

        peer.Probe.NotifyHostInBursts(count, burst: 100, pauseMilliseconds: 1);
        var reports = peer.Host.TakeReportsWhileConnected(peer.Connection, count, TimeSpan.FromSeconds(20));
        var outcomes = callers.Stop();
        var readers = reports.GroupBy(r => ReaderKind(r.ReaderThread)).Select(g => $"{g.Key} {g.Count()}").ToList();

        Assert.That(outcomes.Select(o => o.Error), Is.All.Null);
        Assert.That(outcomes.Sum(o => o.Wrong), Is.Zero);
        Assert.That(reports.Select(r => r.Value), Is.EqualTo(Enumerable.Range(0, count)));
        Assert.That(readers, Has.Count.GreaterThan(1), $"the lease never moved; readers: {string.Join(", ", readers)}");
    }

    [Test]
    public void PeerKilled_DuringNestedChains_FailsFast()
    {
        using var peer = ProbePeer.Start();
        var running = new ManualResetEventSlim();
        var chains = Task.Run(() => RunOnDispatchThread(peer, () =>
        {
            try
            {
                while (true)
                {
                    peer.Probe.Nest(new ReadStamp(3));
                    running.Set();
                }
            }
            catch (Exception exception)
            {
                return (Exception: exception, EndedAt: Stopwatch.GetTimestamp());
            }
        }));
        Assert.That(running.Wait(Wait.Long), Is.True, "the chains started");
        Thread.Sleep(300);

        long killedAt = Stopwatch.GetTimestamp();
        peer.Kill();
        var (caught, endedAt) = Wait.Result(chains, Wait.Long);

        Assert.That(caught, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(Stopwatch.GetElapsedTime(killedAt, endedAt), Is.LessThan(s_failFast));
        peer.AssertDisconnectedOnce();
    }

    /// <summary>
    /// A context whose Post runs the callback at once puts one-way handlers on the thread that reads the message,
    /// here a sync caller reading inline. The messages must still be read one at a time, so they arrive in order and
    /// once each, and the connection stays up.
    /// </summary>
    [Test]
    public void InlineContext_OneWaysInOrderOnce()
    {
        const int count = 20_000;
        using var peer = ProbePeer.Start(new ConnectionOptions { SynchronizationContext = new InlineContext() });
        using var callers = new BackgroundCallers(peer.Probe, 2);

        peer.Probe.NotifyHost(count);
        var reports = peer.Host.TakeReportsWhileConnected(peer.Connection, count, TimeSpan.FromSeconds(20));
        var outcomes = callers.Stop();

        Assert.That(peer.Connection.IsConnected, Is.True, "the connection stayed up");
        Assert.That(outcomes.Select(o => o.Error), Is.All.Null);
        Assert.That(reports.Select(r => r.Value), Is.EqualTo(Enumerable.Range(0, count)));
    }

    /// <summary>
    /// A peer that shuts down the reading side of its socket but keeps it open makes this side's send fail with
    /// EPIPE, and the transport reports the peer's end once a read finds nothing more. Here the connection's idle
    /// dispatch thread holds the read lease and blocks in poll, which no socket event wakes.
    /// </summary>
    [Test]
    public void PeerStopsReading_IdleDispatchReader_Disconnects()
    {
        using var pair = InProcessPair.Create();
        MakeDispatchThreadReadIdle(pair.Connection, pair.Host);

        // Time for the dispatch thread to finish the handler, take the read lease again and block in poll.
        Thread.Sleep(200);
        pair.StopRemoteReading();
        var exception = Assert.Throws<IpcDisconnectedException>(() => pair.Connection.Peer.Notify(new ReadStamp(1)));

        Assert.That(exception.Reason, Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(pair.Disconnected.Wait(s_prompt), Is.True, "the Disconnected event was raised");
    }

    /// <summary>As <see cref="PeerStopsReading_IdleDispatchReader_Disconnects"/>, with a sync caller blocked inline
    /// in poll: its call must fail with the peer's end, not wait for its timeout. Deadlock detection is off, because
    /// its checks every 50 ms would read the socket and find the end that way.</summary>
    [Test]
    public void PeerStopsReading_CallerReadingInline_FailsFast()
    {
        using var pair = InProcessPair.Create(
            new ConnectionOptions { DeadlockDetectionDelay = Timeout.InfiniteTimeSpan });
        var caller = new BlockedCaller(pair.Connection.Peer, blockMilliseconds: 10_000);
        caller.StartAndWaitUntilBlocked();
        Assert.That(caller.PreconditionReader, Is.EqualTo(BlockedCallerName), "precondition: the caller reads");

        pair.StopRemoteReading();
        Assert.Throws<IpcDisconnectedException>(() => pair.Connection.Peer.Notify(new ReadStamp(1)));
        long stoppedAt = Stopwatch.GetTimestamp();
        bool returned = caller.Join(s_prompt);
        pair.Dispose();
        Assert.That(caller.Join(Wait.Long), Is.True, "the caller returned after Dispose");

        Assert.That(returned, Is.True, "the blocked caller returned before Dispose");
        Assert.That(caller.Error, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(((IpcDisconnectedException)caller.Error!).Reason, Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(Stopwatch.GetElapsedTime(stoppedAt, caller.EndedAt), Is.LessThan(s_failFast));
    }

    [Test]
    public void ProtocolViolation_CallerReadingInline_FailsFast() =>
        OpenDescriptors.AssertNoLeak(() =>
        {
            var (local, remote) = UnixTransport.CreatePaired();
            using var rawPeer = SocketOver(remote.TakeAttachment());
            using var connection = new Connection<IInlineProbeHost, IInlineProbe>(local, new ProbeHost());
            int disconnects = 0;
            connection.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
            connection.Start();

            // The dispatch thread has run no callback, so it does not read and the caller takes the read lease. The
            // raw peer never responds.
            var caller = new BlockedCaller(connection.Peer, blockMilliseconds: 1, echoFirst: false);
            caller.StartAndWaitUntilBlocked();
            long sentAt = Stopwatch.GetTimestamp();
            rawPeer.Send(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0xFF });

            Assert.That(caller.Join(s_prompt), Is.True, "the blocked caller returned");
            Assert.That(caller.Error, Is.TypeOf<IpcDisconnectedException>());
            Assert.That(((IpcDisconnectedException)caller.Error!).Reason,
                Is.EqualTo(DisconnectReason.ProtocolViolation));
            Assert.That(Stopwatch.GetElapsedTime(sentAt, caller.EndedAt), Is.LessThan(s_failFast));
            Wait.Until(() => Volatile.Read(ref disconnects) > 0, Wait.Long, "the Disconnected event");
            Thread.Sleep(200);
            Assert.That(Volatile.Read(ref disconnects), Is.EqualTo(1));
        });

    /// <summary>
    /// Thread.Interrupt ends a sync call waiting on its monitor with ThreadInterruptedException. A caller that reads
    /// inline blocks in poll instead, which the interrupt does not wake, so the reader has to notice it itself.
    /// </summary>
    [Test]
    public void Interrupt_CallerReadingInline_EndsCall()
    {
        using var peer = ProbePeer.Start();
        var caller = new BlockedCaller(peer.Probe, blockMilliseconds: 3000);
        caller.StartAndWaitUntilBlocked();
        Assert.That(caller.PreconditionReader, Is.EqualTo(BlockedCallerName), "precondition: the caller reads");

        long interruptedAt = Stopwatch.GetTimestamp();
        caller.Interrupt();
        Assert.That(caller.Join(s_prompt), Is.True, "the interrupted caller returned");

        Assert.That(caller.Error, Is.TypeOf<ThreadInterruptedException>());
        Assert.That(Stopwatch.GetElapsedTime(interruptedAt, caller.EndedAt), Is.LessThan(s_failFast));
    }

    /// <summary>
    /// As <see cref="Interrupt_CallerReadingInline_EndsCall"/>, while the peer floods this side with one-way
    /// messages, so the interrupt often arrives while the caller delivers one of them. The call still ends promptly
    /// with ThreadInterruptedException. An interrupt that lands inside a delivery loses that message, so then the
    /// connection closes as a transport error that names Thread.Interrupt, never as the peer's protocol violation.
    /// </summary>
    [Test]
    public void Interrupt_DuringOneWayFlood_EndsCall()
    {
        using var peer = ProbePeer.Start();
        peer.Host.RecordsReports = false;
        peer.Probe.NotifyHost(FloodCount);
        var caller = new BlockedCaller(peer.Probe, blockMilliseconds: 10_000, echoFirst: false);
        caller.StartAndWaitUntilBlocked();

        long interruptedAt = Stopwatch.GetTimestamp();
        caller.Interrupt();
        bool returned = caller.Join(s_prompt);
        bool connected = peer.Connection.IsConnected;
        var disconnect = peer.Transport.Disconnect;
        peer.Kill();
        Assert.That(caller.Join(Wait.Long), Is.True, "the caller returned after the kill");

        Assert.That(returned, Is.True, $"the interrupted caller returned within {s_prompt}");
        Assert.That(caller.Error, Is.TypeOf<ThreadInterruptedException>());
        Assert.That(Stopwatch.GetElapsedTime(interruptedAt, caller.EndedAt), Is.LessThan(s_failFast));
        if (!connected)
        {
            Assert.That(disconnect!.Reason, Is.EqualTo(DisconnectReason.TransportError));
            Assert.That(disconnect.Detail, Does.Contain("Thread.Interrupt"));
        }
    }

    /// <summary>Names the kind of thread that read a message: "caller", "dispatch" or "IO".</summary>
    private static string ReaderKind(string? readerThread) => readerThread switch
    {
        not null when readerThread.StartsWith("caller ") => "caller",
        not null when readerThread.StartsWith(DispatchThreadPrefix) => "dispatch",
        not null when readerThread.StartsWith(IoThreadPrefix) => "IO",
        _ => $"other ({readerThread})",
    };

    private static void KillDuringBlockedCall(Reader reader)
    {
        using var peer = ProbePeer.Start();
        if (reader == Reader.DispatchThread)
        {
            MakeDispatchThreadReadIdle(peer.Connection, peer.Host);
        }

        var caller = new BlockedCaller(peer.Probe, blockMilliseconds: 60_000);
        caller.StartAndWaitUntilBlocked();
        AssertReader(caller, reader);

        long killedAt = Stopwatch.GetTimestamp();
        peer.Kill();

        Assert.That(caller.Join(s_prompt), Is.True, "the blocked caller returned");
        Assert.That(caller.Error, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(((IpcDisconnectedException)caller.Error!).Reason, Is.EqualTo(DisconnectReason.PeerClosed));
        Assert.That(Stopwatch.GetElapsedTime(killedAt, caller.EndedAt), Is.LessThan(s_failFast));
        peer.AssertDisconnectedOnce();
    }

    private static void DisposeDuringBlockedCall(Reader reader)
    {
        using var peer = ProbePeer.Start();
        Thread? dispatchThread = null;
        if (reader == Reader.DispatchThread)
        {
            MakeDispatchThreadReadIdle(peer.Connection, peer.Host);
            dispatchThread = CaptureDispatchThread(peer.Connection);
        }

        var caller = new BlockedCaller(peer.Probe, blockMilliseconds: 60_000);
        caller.StartAndWaitUntilBlocked();
        AssertReader(caller, reader);

        // Captured after the caller took the read lease, so the dispatch thread waits on its queue, not in poll.
        dispatchThread ??= CaptureDispatchThread(peer.Connection);

        long disposedAt = Stopwatch.GetTimestamp();
        var disposing = Task.Factory.StartNew(peer.Connection.Dispose, TaskCreationOptions.LongRunning);
        Wait.ForEnd(disposing, s_prompt);
        var disposeTime = Stopwatch.GetElapsedTime(disposedAt);

        Assert.That(disposing.Exception, Is.Null);
        Assert.That(disposeTime, Is.LessThan(s_failFast), "Dispose returned promptly");
        Assert.That(caller.Join(s_prompt), Is.True, "the blocked caller returned");
        Assert.That(caller.Error, Is.TypeOf<IpcDisconnectedException>());
        Assert.That(((IpcDisconnectedException)caller.Error!).Reason, Is.EqualTo(DisconnectReason.LocalClosed));
        Assert.That(Stopwatch.GetElapsedTime(disposedAt, caller.EndedAt), Is.LessThan(s_failFast));
        Assert.That(dispatchThread.Join(s_prompt), Is.True, "the dispatch thread ended");
        peer.AssertDisconnectedOnce();

        // The peer's dispatch thread still sleeps in Block, so the peer would raise its Disconnected event and exit
        // only after that.
        peer.Kill();
    }

    /// <summary>Ends the connection with <paramref name="end"/> while four threads make sync calls and the peer
    /// calls back, and checks that every thread returns at once with the disconnect.</summary>
    private static void EndDuringCallStorm(Action<ProbePeer> end, DisconnectReason expected)
    {
        using var peer = ProbePeer.Start();
        peer.Host.RecordsReports = false;
        var callers = new BackgroundCallers(peer.Probe, 4);
        peer.Probe.NotifyHostInBursts(1_000_000, burst: 50, pauseMilliseconds: 1);
        Thread.Sleep(300);

        long endedAt = Stopwatch.GetTimestamp();
        end(peer);
        bool returned = callers.Join(s_prompt);
        var elapsed = Stopwatch.GetElapsedTime(endedAt);
        var outcomes = callers.Stop();

        Assert.That(returned, Is.True, "every caller returned");
        Assert.That(elapsed, Is.LessThan(s_failFast));
        Assert.That(outcomes.Select(o => o.Failure), Is.All.TypeOf<IpcDisconnectedException>());
        Assert.That(outcomes.Select(o => ((IpcDisconnectedException)o.Failure!).Reason), Is.All.EqualTo(expected));
        Assert.That(outcomes.Sum(o => o.Wrong), Is.Zero);
        peer.AssertDisconnectedOnce();
        peer.Kill();
    }

    private static void AssertReader(BlockedCaller caller, Reader reader)
    {
        if (reader == Reader.Caller)
        {
            Assert.That(caller.PreconditionReader, Is.EqualTo(BlockedCallerName),
                "precondition: the caller reads its own responses");
        }
        else
        {
            Assert.That(caller.PreconditionReader, Does.StartWith(DispatchThreadPrefix),
                "precondition: the idle dispatch thread reads the caller's responses");
        }
    }

    /// <summary>Has the peer send one-way messages until one is read by this side's dispatch thread itself, which
    /// then keeps reading while idle.</summary>
    private static void MakeDispatchThreadReadIdle(
        Connection<IInlineProbeHost, IInlineProbe> connection, ProbeHost host)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            connection.Peer.NotifyHost(1);
            var report = host.TakeReports(1)[0];
            if (report.ReaderThread == report.HandlerThread)
            {
                return;
            }
        }

        Assert.Fail("No one-way message was read by the dispatch thread itself in 20 attempts.");
    }

    private static Thread CaptureDispatchThread(Connection<IInlineProbeHost, IInlineProbe> connection)
    {
        Thread? thread = null;
        connection.SynchronizationContext.Send(_ => thread = Thread.CurrentThread, null);
        Assert.That(thread!.Name, Does.StartWith(DispatchThreadPrefix));
        return thread;
    }

    private static T RunOnDispatchThread<T>(ProbePeer peer, Func<T> action)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.Connection.SynchronizationContext.Post(_ =>
        {
            try
            {
                completion.SetResult(action());
            }
            catch (Exception exception)
            {
                completion.SetException(exception);
            }
        }, null);
        return Wait.Result(completion.Task, Wait.Long);
    }

    private static int[] RunChains(IInlineProbe probe, int chains)
    {
        // Each chain runs test -> peer -> test -> peer -> test: Nest(3) in the peer calls Nest(2) here, and so on.
        var results = new int[chains];
        for (int i = 0; i < chains; i++)
        {
            results[i] = probe.Nest(new ReadStamp(3));
        }

        return results;
    }

    private static CallerOutcome RunMixedCalls(IInlineProbe probe, int thread, int count)
    {
        var outcome = new CallerOutcome();
        try
        {
            for (int i = 0; i < count; i++)
            {
                int value = (thread * 1_000_000) + i;
                bool asTask = i % 4 == 3;
                var echoed = asTask
                    ? WaitForTask(probe.EchoAsync(new ReadStamp(value), CancellationToken.None))
                    : probe.Echo(new ReadStamp(value));
                outcome.Count(echoed, value, readInline: !asTask);
            }
        }
        catch (Exception exception)
        {
            outcome.Error = Describe(exception);
        }

        return outcome;
    }

    /// <summary>Describes an exception without its stack trace, whose line numbers would make the runtime open
    /// symbol files and so change the descriptor counts.</summary>
    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    private static ReadStamp WaitForTask(Task<ReadStamp> task) =>
        task.Wait(Wait.Long) ? task.Result : throw new TimeoutException($"A Task request took over {Wait.Long}.");

    private static List<object> CollectEscapedExceptions(Action scenario)
    {
        var escaped = new ConcurrentQueue<object>();
        UnhandledExceptionEventHandler onUnhandled = (_, e) => escaped.Enqueue(e.ExceptionObject);
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) => escaped.Enqueue(e.Exception);
        AppDomain.CurrentDomain.UnhandledException += onUnhandled;
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            scenario();

            // Faulted tasks that no code observed are reported when they are finalized.
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= onUnhandled;
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }

        return escaped.ToList();
    }

    /// <summary>Wraps a socket descriptor in a <see cref="Socket"/> that owns it.</summary>
    private static Socket SocketOver(Attachment attachment)
    {
        var descriptor = attachment.TakeFileDescriptor();
        var socket = new Socket(new SafeSocketHandle(descriptor.DangerousGetHandle(), ownsHandle: true));
        descriptor.SetHandleAsInvalid();

        // The transport made the descriptor non-blocking; Socket refuses blocking calls on such a descriptor.
        socket.Blocking = false;
        return socket;
    }

    /// <summary>The inline-probe peer in a child process and the started connection to it.</summary>
    private sealed class ProbePeer : IDisposable
    {
        private readonly Process _process;
        private int _disconnects;

        private ProbePeer(
            Process process, UnixTransport transport, Connection<IInlineProbeHost, IInlineProbe> connection,
            ProbeHost host)
        {
            _process = process;
            Transport = transport;
            Connection = connection;
            Host = host;
            connection.Disconnected += (_, _) => Interlocked.Increment(ref _disconnects);
        }

        public Connection<IInlineProbeHost, IInlineProbe> Connection { get; }

        public UnixTransport Transport { get; }

        public IInlineProbe Probe => Connection.Peer;

        public ProbeHost Host { get; }

        public static ProbePeer Start(ConnectionOptions? options = null)
        {
            string peerDll = Path.Combine(AppContext.BaseDirectory, "IpcGen.Integration.Peer.dll");
            var startInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false };
            startInfo.ArgumentList.Add(peerDll);
            startInfo.ArgumentList.Add(InlineProbeProgram.Mode);

            var (process, transport) = UnixChildProcess.Start(startInfo);
            var host = new ProbeHost();
            var connection = new Connection<IInlineProbeHost, IInlineProbe>(transport, host, options);
            host.Connection = connection;
            var peer = new ProbePeer(process, transport, connection, host);
            connection.Start();
            return peer;
        }

        public void Kill() => _process.Kill();

        /// <summary>Asserts that the Disconnected event is raised, and raised only once.</summary>
        public void AssertDisconnectedOnce()
        {
            Wait.Until(() => Volatile.Read(ref _disconnects) > 0, Wait.Long, "the Disconnected event");
            Thread.Sleep(200);
            Assert.That(Volatile.Read(ref _disconnects), Is.EqualTo(1), "Disconnected events");
        }

        public void Dispose()
        {
            Connection.Dispose();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill();
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }

            _process.Dispose();
        }
    }

    /// <summary>Two connections in this process over one socket pair; the remote end serves an
    /// <see cref="InlineProbe"/>. A duplicate of the remote descriptor keeps the socket open after the remote
    /// transport closes its own descriptor, and shuts down its reading side on request.</summary>
    private sealed class InProcessPair : IDisposable
    {
        private readonly Attachment _remoteDuplicate;
        private readonly Connection<IInlineProbe, IInlineProbeHost> _remote;
        private Socket? _remoteSocket;

        private InProcessPair(
            Attachment remoteDuplicate,
            Connection<IInlineProbe, IInlineProbeHost> remote,
            Connection<IInlineProbeHost, IInlineProbe> connection,
            ProbeHost host)
        {
            _remoteDuplicate = remoteDuplicate;
            _remote = remote;
            Connection = connection;
            Host = host;
            connection.Disconnected += (_, _) => Disconnected.Set();
        }

        public Connection<IInlineProbeHost, IInlineProbe> Connection { get; }

        public ProbeHost Host { get; }

        public ManualResetEventSlim Disconnected { get; } = new();

        public static InProcessPair Create(ConnectionOptions? options = null)
        {
            var (local, remote) = UnixTransport.CreatePaired();
            var remoteEnd = remote.TakeAttachment();
            var duplicate = remoteEnd.Duplicate();
            var probe = new InlineProbe();
            var remoteConnection = new Connection<IInlineProbe, IInlineProbeHost>(
                UnixTransport.Adopt(new TransportHandle(remoteEnd)), probe);
            probe.Connection = remoteConnection;
            var host = new ProbeHost();
            var connection = new Connection<IInlineProbeHost, IInlineProbe>(local, host, options);
            host.Connection = connection;
            var pair = new InProcessPair(duplicate, remoteConnection, connection, host);
            remoteConnection.Start();
            connection.Start();
            return pair;
        }

        /// <summary>Shuts down the reading side of the remote socket, which stays open.</summary>
        public void StopRemoteReading()
        {
            _remoteSocket = SocketOver(_remoteDuplicate);
            _remoteSocket.Shutdown(SocketShutdown.Receive);
        }

        public void Dispose()
        {
            Connection.Dispose();
            _remote.Dispose();
            _remoteSocket?.Dispose();
            _remoteDuplicate.Dispose();
            Disconnected.Dispose();
        }
    }

    /// <summary>This process's implementation of <see cref="IInlineProbeHost"/>, which records where its handlers
    /// ran and which threads read their messages.</summary>
    private sealed class ProbeHost : IInlineProbeHost
    {
        private int _nestOffContext;

        public Connection<IInlineProbeHost, IInlineProbe>? Connection { get; set; }

        /// <summary>Reports of the Where, WhereAsync and Notify handlers, in the order they ran.</summary>
        public BlockingCollection<HandlerReport> Reports { get; } = new();

        /// <summary>Set by the first Echo request.</summary>
        public ManualResetEventSlim EchoReceived { get; } = new();

        /// <summary>Names of the threads that read the Nest requests.</summary>
        public ConcurrentQueue<string?> NestReaders { get; } = new();

        /// <summary>Number of Nest handlers that ran off the connection's context.</summary>
        public int NestOffContext => Volatile.Read(ref _nestOffContext);

        /// <summary>Whether the handlers add their reports to <see cref="Reports"/>; off for floods.</summary>
        public bool RecordsReports { get; set; } = true;

        private SynchronizationContext Context => Connection!.SynchronizationContext;

        public HandlerReport Where(ReadStamp stamp) => Record(HandlerReport.Capture("sync", stamp, Context));

        public Task<HandlerReport> WhereAsync(ReadStamp stamp, CancellationToken cancellationToken) =>
            Task.FromResult(Record(HandlerReport.Capture("task", stamp, Context)));

        public void Notify(ReadStamp stamp) => Record(HandlerReport.Capture("one-way", stamp, Context));

        public ReadStamp Echo(ReadStamp stamp)
        {
            EchoReceived.Set();
            return stamp;
        }

        public int Nest(ReadStamp depth)
        {
            if (!ReferenceEquals(SynchronizationContext.Current, Context))
            {
                Interlocked.Increment(ref _nestOffContext);
            }

            NestReaders.Enqueue(depth.ReaderThread);
            return depth.Value == 0 ? 0 : Connection!.Peer.Nest(new ReadStamp(depth.Value - 1)) + 1;
        }

        public int Add(int a, int b) => a + b;

        /// <summary>Takes the next <paramref name="count"/> reports; fails the test if one does not arrive in time.
        /// </summary>
        public List<HandlerReport> TakeReports(int count)
        {
            var reports = new List<HandlerReport>(count);
            for (int i = 0; i < count; i++)
            {
                Assert.That(Reports.TryTake(out var report, Wait.Long), Is.True, $"report {i} of {count} arrived");
                reports.Add(report!);
            }

            return reports;
        }

        /// <summary>Takes up to <paramref name="count"/> reports, until the connection ends or
        /// <paramref name="timeout"/> passes.</summary>
        public List<HandlerReport> TakeReportsWhileConnected(
            Connection<IInlineProbeHost, IInlineProbe> connection, int count, TimeSpan timeout)
        {
            var reports = new List<HandlerReport>(count);
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (reports.Count < count && Stopwatch.GetTimestamp() < deadline)
            {
                if (Reports.TryTake(out var report, TimeSpan.FromMilliseconds(100)))
                {
                    reports.Add(report);
                }
                else if (!connection.IsConnected)
                {
                    break;
                }
            }

            return reports;
        }

        private HandlerReport Record(HandlerReport report)
        {
            if (RecordsReports)
            {
                Reports.Add(report);
            }

            return report;
        }
    }

    /// <summary>A thread that checks who reads its responses with one Echo call and then blocks in a sync call of
    /// the peer's Block, with a two-minute timeout.</summary>
    private sealed class BlockedCaller
    {
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _calling = new();
        private readonly IInlineProbe _probe;
        private readonly int _blockMilliseconds;
        private readonly bool _echoFirst;

        public BlockedCaller(IInlineProbe probe, int blockMilliseconds, bool echoFirst = true)
        {
            _probe = probe;
            _blockMilliseconds = blockMilliseconds;
            _echoFirst = echoFirst;
            _thread = new Thread(Run) { IsBackground = true, Name = BlockedCallerName };
        }

        /// <summary>Name of the thread that read the response of the first Echo call.</summary>
        public string? PreconditionReader { get; private set; }

        public Exception? Error { get; private set; }

        /// <summary>Stopwatch timestamp at which the blocked call ended.</summary>
        public long EndedAt { get; private set; }

        /// <summary>Starts the thread and returns once its blocking call should be waiting in poll.</summary>
        public void StartAndWaitUntilBlocked()
        {
            _thread.Start();
            Assert.That(_calling.Wait(Wait.Long), Is.True, "the caller started its call");
            Thread.Sleep(300);
        }

        public void Interrupt() => _thread.Interrupt();

        public bool Join(TimeSpan timeout) => _thread.Join(timeout);

        private void Run()
        {
            try
            {
                if (_echoFirst)
                {
                    PreconditionReader = _probe.Echo(new ReadStamp(1)).ReaderThread;
                }

                _calling.Set();
                using (IpcCall.WithTimeout(TimeSpan.FromMinutes(2)))
                {
                    _probe.Block(_blockMilliseconds);
                }
            }
            catch (Exception exception)
            {
                Error = exception;
            }
            finally
            {
                EndedAt = Stopwatch.GetTimestamp();
                _calling.Set();
            }
        }
    }

    /// <summary>Threads named "caller N" that make sync Echo calls until stopped, pausing for
    /// <c>pauseMilliseconds</c> after each call when it is positive.</summary>
    private sealed class BackgroundCallers : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly CallerOutcome[] _outcomes;
        private readonly Thread[] _threads;
        private readonly int _pauseMilliseconds;

        public BackgroundCallers(IInlineProbe probe, int count, int pauseMilliseconds = 0)
        {
            _pauseMilliseconds = pauseMilliseconds;
            _outcomes = new CallerOutcome[count];
            _threads = new Thread[count];
            for (int t = 0; t < count; t++)
            {
                int index = t;
                _outcomes[index] = new CallerOutcome();
                _threads[index] = new Thread(() => Run(probe, index)) { IsBackground = true, Name = $"caller {t}" };
                _threads[index].Start();
            }
        }

        /// <summary>Waits for every thread to end on its own, which it does when a call throws.</summary>
        public bool Join(TimeSpan timeout)
        {
            long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            return _threads.All(thread => thread.Join(RemainingTime(deadline)));
        }

        /// <summary>Stops the threads, waits for them and returns what each saw.</summary>
        public CallerOutcome[] Stop()
        {
            _stop.Cancel();
            foreach (var thread in _threads)
            {
                Assert.That(thread.Join(Wait.Long), Is.True, $"{thread.Name} stopped");
            }

            return _outcomes;
        }

        public void Dispose()
        {
            _stop.Cancel();
            foreach (var thread in _threads)
            {
                thread.Join(Wait.Long);
            }

            _stop.Dispose();
        }

        private void Run(IInlineProbe probe, int index)
        {
            var outcome = _outcomes[index];
            try
            {
                for (int i = 0; !_stop.IsCancellationRequested; i++)
                {
                    int value = (index * 1_000_000) + i;
                    outcome.Count(probe.Echo(new ReadStamp(value)), value, readInline: true);
                    if (_pauseMilliseconds > 0)
                    {
                        Thread.Sleep(_pauseMilliseconds);
                    }
                }
            }
            catch (Exception exception)
            {
                outcome.Failure = exception;
                outcome.Error = Describe(exception);
            }
        }

        private static TimeSpan RemainingTime(long deadline) =>
            TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
    }

    /// <summary>What one calling thread saw.</summary>
    private sealed class CallerOutcome
    {
        public int Completed { get; private set; }

        public int Wrong { get; private set; }

        /// <summary>Sync responses read by the calling thread itself.</summary>
        public int ReadInline { get; private set; }

        public string? Error { get; set; }

        /// <summary>The exception that ended the calls, if any.</summary>
        public Exception? Failure { get; set; }

        public void Count(ReadStamp echoed, int expected, bool readInline)
        {
            Completed++;
            Wrong += echoed.Value == expected ? 0 : 1;
            ReadInline += readInline && echoed.ReaderThreadId == Environment.CurrentManagedThreadId ? 1 : 0;
        }
    }

    /// <summary>A context whose Post runs the callback at once on the posting thread.</summary>
    private sealed class InlineContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => d(state);

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;
    }
}
