using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Interop;

/// <summary>Descriptor calls the runtime needs without a transport.</summary>
internal static partial class Descriptors
{
    // F_DUPFD_CLOEXEC is 1030 in Linux's <fcntl.h> and 67 in Darwin's.
    private static readonly int s_dupCloseOnExec = OperatingSystem.IsMacOS() ? 67 : 1030;

    /// <summary>Duplicates a descriptor with close-on-exec set, so a spawned child inherits it only when asked.
    /// </summary>
    public static SafeFileHandle DuplicateCloseOnExec(SafeHandle descriptor)
    {
        bool added = false;
        try
        {
            descriptor.DangerousAddRef(ref added);
            int result = Fcntl((int)descriptor.DangerousGetHandle(), s_dupCloseOnExec, 0);
            if (result < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"Duplicating descriptor {descriptor.DangerousGetHandle()} failed: " +
                    $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }

            return new SafeFileHandle(result, ownsHandle: true);
        }
        finally
        {
            if (added)
            {
                descriptor.DangerousRelease();
            }
        }
    }

    // NOTE: fcntl is variadic. On macOS arm64 variadic arguments go on the stack, so this declaration passes the
    // third argument where fcntl does not read it; Linux and macOS x64 are unaffected. Untested on macOS.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
