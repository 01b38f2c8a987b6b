using System.Runtime.InteropServices;

namespace IpcGen.Samples.EchoServer.Interop;

/// <summary>libc calls for reading a received descriptor without blocking: fcntl, poll and read.</summary>
internal static partial class NativeIo
{
    public const int GetStatusFlags = 3; // F_GETFL
    public const int SetStatusFlags = 4; // F_SETFL
    public const short PollIn = 0x1;

    // Values from <fcntl.h> and <errno.h>: Linux (x64 and arm64) and Darwin differ.
    public static readonly int NonBlocking = OperatingSystem.IsMacOS() ? 0x0004 : 0x0800;
    public static readonly int ErrorAgain = OperatingSystem.IsMacOS() ? 35 : 11;
    public const int ErrorInterrupted = 4;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(nint descriptor, int command, int argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(ref PollEntry entry, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(nint descriptor, ref byte buffer, nuint count);

    /// <summary>Layout of <c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollEntry
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }
}
