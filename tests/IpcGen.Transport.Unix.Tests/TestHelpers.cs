using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Tests;

/// <summary>Shared setup of the transport tests.</summary>
internal static class TestHelpers
{
    /// <summary>Options with the acknowledgement protocol on, as the tests run it.</summary>
    public static UnixTransportOptions Acknowledging { get; } = new() { AcknowledgeDescriptors = true };

    /// <summary>Two connected transports (not started) with the same options.</summary>
    public static (UnixTransport First, UnixTransport Second) CreatePair(UnixTransportOptions? options = null)
    {
        var (first, remote) = UnixTransport.CreatePaired(options);
        return (first, UnixTransport.Adopt(remote, options));
    }

    /// <summary>An attachment owning the read end of a pipe that contains <paramref name="content"/> and then ends.
    /// </summary>
    public static Attachment PipeWithContent(string content)
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var attachment = Attachment.DuplicateOf(server.ClientSafePipeHandle);
        server.DisposeLocalCopyOfClientHandle();
        server.Write(Encoding.UTF8.GetBytes(content));
        return attachment;
    }

    /// <summary>The read end of a new pipe whose write end is already closed; the caller owns it.</summary>
    public static SafePipeHandle PipeReadEnd()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        // Reading ClientSafePipeHandle makes the caller its owner: disposing the server no longer closes it.
        return server.ClientSafePipeHandle;
    }

    /// <summary>Reads a received pipe or file attachment to its end, taking it.</summary>
    public static string ReadAll(Attachment attachment)
    {
        using var stream = attachment.TakeAsStream(FileAccess.Read);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Start information for the test peer program in <paramref name="mode"/>.</summary>
    public static ProcessStartInfo TestPeer(params string[] arguments)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var startInfo = new ProcessStartInfo(host) { UseShellExecute = false };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IpcGen.Transport.Unix.TestPeer.dll"));
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <summary>Waits up to 30 seconds for the process to exit and returns its exit code.</summary>
    public static int WaitForExit(Process process)
    {
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            Assert.Fail("The test peer did not exit within 30 seconds.");
        }

        return process.ExitCode;
    }

    /// <summary>Waits up to 10 seconds for a condition.</summary>
    public static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return true;
    }
}
