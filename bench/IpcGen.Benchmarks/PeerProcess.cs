using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using IpcGen.Benchmarks.Interop;
using IpcGen.Unix;

namespace IpcGen.Benchmarks;

/// <summary>Starts this program again as the peer process of one benchmark.</summary>
internal static class PeerProcess
{
    /// <summary>First argument of a peer process; the second names its role.</summary>
    public const string PeerArgument = "--peer";

    /// <summary>Starts a peer in <paramref name="role"/> connected through an inherited socket pair.</summary>
    public static (Process Process, UnixTransport Transport) StartConnected(string role, params string[] arguments) =>
        UnixChildProcess.Start(CreateStartInfo(role, arguments));

    /// <summary>Starts a peer in <paramref name="role"/> with no inherited socket.</summary>
    public static Process Start(string role, params string[] arguments) =>
        Process.Start(CreateStartInfo(role, arguments))
            ?? throw new InvalidOperationException($"Starting the {role} peer process started nothing.");

    /// <summary>Turns a transport that was never started into a plain <see cref="Socket"/> on its descriptor, in
    /// blocking mode.</summary>
    public static Socket ToSocket(UnixTransport transport)
    {
        using var handle = transport.ReleaseForTransfer();
        using var attachment = handle.TakeAttachment();
        var descriptor = attachment.TakeFileDescriptor();
        FileControl.MakeBlocking(descriptor);
        var socket = new SafeSocketHandle(descriptor.DangerousGetHandle(), ownsHandle: true);
        descriptor.SetHandleAsInvalid();
        return new Socket(socket);
    }

    /// <summary>Wraps the socket a parent passed with <see cref="UnixChildProcess"/> in a <see cref="Socket"/>, in
    /// blocking mode.</summary>
    public static Socket InheritedSocket()
    {
        string value = Environment.GetEnvironmentVariable(UnixChildProcess.DescriptorVariable)
            ?? throw new InvalidOperationException(
                $"{UnixChildProcess.DescriptorVariable} is not set; the peer must be started by the benchmark.");
        var handle = new SafeSocketHandle(int.Parse(value, CultureInfo.InvariantCulture), ownsHandle: true);
        FileControl.MakeBlocking(handle);
        return new Socket(handle);
    }

    /// <summary>Waits up to 10 seconds for a peer to exit after its connection closed, then kills it.</summary>
    public static void WaitForExit(Process process)
    {
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static ProcessStartInfo CreateStartInfo(string role, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            startInfo.ArgumentList.Add(typeof(PeerProcess).Assembly.Location);
        }

        startInfo.ArgumentList.Add(PeerArgument);
        startInfo.ArgumentList.Add(role);
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
