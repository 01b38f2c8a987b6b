using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Samples.FileHasher.Interop;

/// <summary>Opens files without blocking, so that a FIFO in the input folder cannot stall the coordinator.</summary>
internal static partial class NativeFile
{
    // Values from <fcntl.h>: Linux (x64 and arm64) and Darwin differ.
    private static readonly int s_readOnlyNonBlocking = OperatingSystem.IsMacOS()
        ? 0x0004 | 0x0100_0000 // O_NONBLOCK | O_CLOEXEC
        : 0x0800 | 0x8_0000; // O_NONBLOCK | O_CLOEXEC

    /// <summary>Opens a file for reading with O_NONBLOCK. For a regular file the flag changes nothing; a FIFO
    /// opens at once instead of waiting for a writer, and is then rejected because it cannot seek.</summary>
    /// <exception cref="IOException">The file could not be opened; the message names the path and the error.
    /// </exception>
    public static SafeFileHandle OpenForReading(string path)
    {
        int descriptor = Open(path, s_readOnlyNonBlocking);
        if (descriptor < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Opening '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        return new SafeFileHandle(descriptor, ownsHandle: true);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
