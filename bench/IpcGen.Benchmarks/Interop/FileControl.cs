using System.ComponentModel;
using System.Runtime.InteropServices;

namespace IpcGen.Benchmarks.Interop;

/// <summary>fcntl(2) for the raw socket benchmark.</summary>
internal static partial class FileControl
{
    // Linux values from <fcntl.h>.
    private const int GetStatusFlags = 3;
    private const int SetStatusFlags = 4;
    private const int NonBlocking = 0x800;

    /// <summary>Clears O_NONBLOCK on <paramref name="descriptor"/>.</summary>
    /// <remarks>When Socket wraps a descriptor that is already non-blocking, it leaves it so and emulates blocking
    /// calls through its epoll thread, which adds a thread hop to every read. The raw limit needs real blocking
    /// calls, so the flag is cleared before the descriptor is wrapped.</remarks>
    /// <exception cref="Win32Exception">fcntl failed.</exception>
    public static void MakeBlocking(SafeHandle descriptor)
    {
        int number = (int)descriptor.DangerousGetHandle();
        int flags = Fcntl(number, GetStatusFlags, 0);
        if (flags < 0 || Fcntl(number, SetStatusFlags, flags & ~NonBlocking) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"fcntl on descriptor {number} failed");
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);
}
