using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Samples.EchoServer.Interop;

/// <summary>
/// Reads a descriptor received from a client to its end with a byte limit and a deadline, so that a client that
/// sends a pipe it never closes, or an endless device, cannot stall a handler. The descriptor is switched to
/// non-blocking mode first.
/// </summary>
internal static class AttachmentContent
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Reads the descriptor to its end, passing each chunk to <paramref name="consume"/>.</summary>
    /// <exception cref="InvalidDataException">The content is longer than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="TimeoutException">The end was not reached within <paramref name="timeout"/>.</exception>
    /// <exception cref="IOException">The descriptor cannot be read (a directory, a write-only end).</exception>
    public static long Read(SafeFileHandle descriptor, long maxBytes, TimeSpan timeout, Action<byte[], int> consume)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        nint number = descriptor.DangerousGetHandle();
        SetNonBlocking(number);

        // NOTE: O_NONBLOCK belongs to the open file description, which the client shares. A client that clears
        // the flag again between poll and read could make one read block until it writes or closes its end.
        var buffer = new byte[ChunkSize];
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        long total = 0;
        while (true)
        {
            nint read = NativeIo.Read(number, ref buffer[0], (nuint)buffer.Length);
            if (read > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new InvalidDataException(
                        $"The attached descriptor holds more than {maxBytes} bytes, the limit of this request.");
                }

                consume(buffer, (int)read);
                continue;
            }

            if (read == 0)
            {
                return total;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == NativeIo.ErrorInterrupted)
            {
                continue;
            }

            if (errno != NativeIo.ErrorAgain)
            {
                throw NewIOException("Reading the attached descriptor failed", errno);
            }

            WaitReadable(number, deadline, timeout);
        }
    }

    private static void SetNonBlocking(nint descriptor)
    {
        int flags = NativeIo.Fcntl(descriptor, NativeIo.GetStatusFlags, 0);
        if (flags < 0 || NativeIo.Fcntl(descriptor, NativeIo.SetStatusFlags, flags | NativeIo.NonBlocking) < 0)
        {
            throw NewIOException("Setting O_NONBLOCK on the attached descriptor failed", Marshal.GetLastPInvokeError());
        }
    }

    private static void WaitReadable(nint descriptor, long deadline, TimeSpan timeout)
    {
        long remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            throw new TimeoutException(
                $"The attached descriptor reached no end of file within {timeout.TotalSeconds:F1} s; close the " +
                "write end of the pipe or socket before sending it.");
        }

        var entry = new NativeIo.PollEntry { Descriptor = (int)descriptor, Events = NativeIo.PollIn };
        int milliseconds = (int)Math.Max(1, remaining * 1000 / Stopwatch.Frequency);
        NativeIo.Poll(ref entry, 1, milliseconds);
    }

    private static IOException NewIOException(string operation, int errno) =>
        new($"{operation}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
}
