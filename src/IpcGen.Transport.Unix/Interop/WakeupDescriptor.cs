using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Interop;

/// <summary>A non-blocking descriptor that another thread makes readable to wake a thread blocked in
/// <c>poll</c>: an eventfd on Linux, a pipe on macOS (NOTE: the pipe variant is untested).</summary>
internal sealed unsafe class WakeupDescriptor : IDisposable
{
    private readonly SafeFileHandle _readEnd;
    private readonly SafeFileHandle _writeEnd;

    /// <summary>Creates the eventfd (Linux) or pipe (macOS), close-on-exec and non-blocking.</summary>
    public WakeupDescriptor()
    {
        if (OperatingSystem.IsMacOS())
        {
            int* descriptors = stackalloc int[2];
            if (Libc.Pipe(descriptors) != 0)
            {
                throw SocketCalls.NewIOException("pipe failed");
            }

            _readEnd = new SafeFileHandle(descriptors[0], ownsHandle: true);
            _writeEnd = new SafeFileHandle(descriptors[1], ownsHandle: true);
            SocketCalls.PrepareAfterCreate(_readEnd);
            SocketCalls.PrepareAfterCreate(_writeEnd);
            return;
        }

        int descriptor = Libc.EventFd(0, Native.EventFdCloseOnExecNonBlocking);
        if (descriptor < 0)
        {
            throw SocketCalls.NewIOException("eventfd failed");
        }

        _readEnd = new SafeFileHandle(descriptor, ownsHandle: true);
        _writeEnd = _readEnd;
    }

    /// <summary>Handle of the end to poll, for callers that must keep it open across a wait.</summary>
    public SafeFileHandle PollHandle => _readEnd;

    /// <summary>Descriptor number to poll for POLLIN.</summary>
    public int PollDescriptor => (int)_readEnd.DangerousGetHandle();

    /// <summary>Makes the descriptor readable. A full counter or pipe (EAGAIN) already means "readable", so it is
    /// not an error.</summary>
    public void Signal()
    {
        ulong signal = 1;
        int size = _readEnd == _writeEnd ? sizeof(ulong) : 1;
        while (Libc.Write(_writeEnd, &signal, (nuint)size) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Native.ErrorInterrupted)
            {
                return;
            }
        }
    }

    /// <summary>Consumes every pending signal. Returns false when nothing was pending (EAGAIN), which is a
    /// spurious wakeup and harmless.</summary>
    public bool Drain()
    {
        ulong value;
        bool drained = false;
        while (true)
        {
            nint result = Libc.Read(_readEnd, &value, sizeof(ulong));
            if (result > 0)
            {
                drained = true;
                if (_readEnd == _writeEnd)
                {
                    return true;
                }

                continue;
            }

            int errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == Native.ErrorInterrupted)
            {
                continue;
            }

            return drained;
        }
    }

    /// <summary>Closes both ends.</summary>
    public void Dispose()
    {
        _readEnd.Dispose();
        _writeEnd.Dispose();
    }
}
