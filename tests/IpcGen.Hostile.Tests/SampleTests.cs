using System.Diagnostics;
using System.IO.Pipes;
using IpcGen.Hostile.Tests.Interop;
using IpcGen.Samples.EchoServer;

namespace IpcGen.Hostile.Tests;

/// <summary>The echo sample's own behaviour: the call command, clean stops on signals, one log line per
/// misbehaving client, and clients served independently of each other.</summary>
[TestFixture]
public sealed class SampleTests
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    [Test]
    public void Call_RunningServer_PrintsEveryResult()
    {
        var server = SharedServer.EnsureRunning();
        var (exitCode, output, error) = RunSample("call", server.SocketPath, "sample text");
        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("Echo: sample text"));
        Assert.That(output, Does.Contain("EchoAttachment: sample text"));
        Assert.That(output, Does.Contain("Notify, then NotificationCount: 1"));
        Assert.That(output, Does.Contain("EchoLaterAsync: sample text"));
        Assert.That(output, Does.Contain("Sha256OfAttachment: "));
    }

    [Test]
    public void Call_NoServer_FailsNamingPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ipcgen-no-server-{Guid.NewGuid():N}.sock");
        var (exitCode, _, error) = RunSample("call", path);
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain(path));
        Assert.That(error, Does.Contain("No such file or directory"));
    }

    [Test]
    public void Sample_NoArguments_PrintsUsage()
    {
        var (exitCode, _, error) = RunSample();
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("usage:"));
    }

    [TestCase(ProcessCalls.SignalTerminate)]
    [TestCase(ProcessCalls.SignalInterrupt)]
    public void Serve_Signal_StopsAndRemovesSocket(int signal)
    {
        using var server = ServerProcess.Start();
        using var connection = WellFormedClient.Connect(server.SocketPath);
        var disconnected = new ManualResetEventSlim();
        connection.Disconnected += (_, _) => disconnected.Set();

        Assert.That(ProcessCalls.Kill(server.ProcessId, signal), Is.EqualTo(0));

        Assert.That(server.WaitForExit(s_exitTimeout), Is.True, "the server did not stop on the signal");
        Assert.That(server.ExitCode, Is.EqualTo(0), server.LogTail());
        Assert.That(File.Exists(server.SocketPath), Is.False, "the socket file is still there");
        Assert.That(disconnected.Wait(s_exitTimeout), Is.True, "the connected client was not disconnected");
    }

    [Test]
    public void Violation_LogsOneLine()
    {
        var server = SharedServer.EnsureRunning();
        ServerChecks.AssertServes(server);
        WaitForQuietLog(server);
        int before = server.Log.Count;

        using (var client = RawClient.Connect(server.SocketPath))
        {
            client.Write(Wire.Concat(Wire.HelloFrame(), Wire.Header(0, 0, 0xEE)));
            Assert.That(client.WaitForEndOfStream(TimeSpan.FromSeconds(5)), Is.True);
        }

        WaitForQuietLog(server);
        var added = server.Log.Skip(before).ToList();
        Assert.That(added, Has.Count.EqualTo(1), string.Join(Environment.NewLine, added));
        Assert.That(added[0], Does.Contain("ProtocolViolation").And.Contain("unknown frame type 238"));
    }

    [Test]
    public void Serve_BlockedHandler_OtherClientServed()
    {
        var server = SharedServer.EnsureRunning();
        using var slow = WellFormedClient.Connect(server.SocketPath);
        using var writeEnd = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        using var readEnd = Attachment.DuplicateOf(writeEnd.ClientSafePipeHandle);

        // The handler waits for the pipe's end of file, which never comes, until its 2-second bound.
        var blocked = Task.Run(() => Assert.Catch<IpcRemoteException>(() => slow.Peer.EchoAttachment(readEnd)));
        Thread.Sleep(100);
        string echoed = WellFormedClient.Echo(server.SocketPath, "not blocked");

        Assert.That(echoed, Is.EqualTo("not blocked"));
        Assert.That(blocked.IsCompleted, Is.False, "the blocked handler finished before the other client's call");
        Assert.That(blocked.Wait(TimeSpan.FromSeconds(10)), Is.True, "the blocked handler never gave up");
    }

    [Test]
    public void Serve_ConcurrentClients_AllServed()
    {
        var server = SharedServer.EnsureRunning();
        var results = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            using var connection = WellFormedClient.Connect(server.SocketPath);
            var later = connection.Peer.EchoLaterAsync($"client {i}", 200, CancellationToken.None);
            string now = connection.Peer.Echo($"now {i}");
            return later.Wait(TimeSpan.FromSeconds(10)) ? $"{now}, {later.Result}" : "timed out";
        })).ToArray();

        Assert.That(Task.WaitAll(results, TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(results.Select(task => task.Result),
            Is.EqualTo(Enumerable.Range(0, 8).Select(i => $"now {i}, client {i}")));
    }

    [Test]
    public void OpenChecksum_OverPerClientLimit_Fails()
    {
        var server = SharedServer.EnsureRunning();
        using var connection = WellFormedClient.Connect(server.SocketPath);
        var handles = Enumerable.Range(0, EchoLimits.MaxChecksumConnectionsPerClient)
            .Select(_ => connection.Peer.OpenChecksum()).ToList();
        try
        {
            Assert.That(() => connection.Peer.OpenChecksum(),
                Throws.TypeOf<IpcRemoteException>().With.Message.Contains("limit"));
        }
        finally
        {
            handles.ForEach(handle => handle.Dispose());
        }
    }

    private static void WaitForQuietLog(ServerProcess server)
    {
        // The console logger writes from a background queue, so lines appear a little after the event.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        int count = server.Log.Count;
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(300);
            if (server.Log.Count == count)
            {
                return;
            }

            count = server.Log.Count;
        }
    }

    private static (int ExitCode, string Output, string Error) RunSample(params string[] arguments)
    {
        using var process = Process.Start(ServerProcess.SampleStartInfo(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_exitTimeout))
        {
            process.Kill();
            Assert.Fail($"the sample did not exit within {s_exitTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
