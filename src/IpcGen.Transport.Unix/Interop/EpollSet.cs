using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Interop;

/// <summary>
/// The IO thread's wait set on Linux: an epoll instance that contains the transport's socket (one-shot) and its
/// wakeup descriptor. Unlike <c>poll</c>, another thread can change which events of the socket wake the IO thread
/// while it waits, without waking it; that is what lets a waiting caller read the socket itself.
/// </summary>
internal sealed unsafe partial class EpollSet : IDisposable
{
    public const uint In = 0x1;
    public const uint Out = 0x4;
    public const uint Error = 0x8;
    public const uint HangUp = 0x10;

    private const int CloseOnExec = 0x80000;
    private const int ControlAdd = 1;
    private const int ControlModify = 3;
    private const uint OneShot = 1u << 30;

    // struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    private static readonly int s_eventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int s_dataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly SafeFileHandle _epoll;

    public EpollSet()
    {
        int descriptor = EpollCreate1(CloseOnExec);
        if (descriptor < 0)
        {
            throw SocketCalls.NewIOException("epoll_create1 failed while creating a Unix transport");
        }

        _epoll = new SafeFileHandle(descriptor, ownsHandle: true);
    }

    /// <summary>Whether the platform has epoll.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Adds <paramref name="descriptor"/> with <paramref name="events"/>, reported with
    /// <paramref name="token"/>. A one-shot descriptor reports one event and then none until
    /// <see cref="Modify"/> re-arms it.</summary>
    public void Add(SafeHandle descriptor, uint events, ulong token, bool oneShot) =>
        Control(ControlAdd, descriptor, oneShot ? events | OneShot : events, token);

    /// <summary>Re-arms a one-shot descriptor with <paramref name="events"/>. Takes effect at once, also for a
    /// thread already inside <see cref="Wait"/>. Hangup and error are reported even when not asked for.</summary>
    public void Modify(SafeHandle descriptor, uint events, ulong token) =>
        Control(ControlModify, descriptor, events | OneShot, token);

    /// <summary>Waits without limit for events and writes up to two of them to <paramref name="events"/> and
    /// <paramref name="tokens"/>. Returns how many were written.</summary>
    public int Wait(Span<uint> events, Span<ulong> tokens)
    {
        byte* buffer = stackalloc byte[2 * 16];
        bool added = false;
        try
        {
            _epoll.DangerousAddRef(ref added);
            int descriptor = (int)_epoll.DangerousGetHandle();
            while (true)
            {
                int count = EpollWait(descriptor, buffer, 2, -1);
                if (count >= 0)
                {
                    for (int i = 0; i < count; i++)
                    {
                        byte* entry = buffer + (i * s_eventSize);
                        events[i] = *(uint*)entry;
                        tokens[i] = *(ulong*)(entry + s_dataOffset);
                    }

                    return count;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Native.ErrorInterrupted)
                {
                    throw SocketCalls.NewIOException("epoll_wait failed", errno);
                }
            }
        }
        finally
        {
            if (added)
            {
                _epoll.DangerousRelease();
            }
        }
    }

    public void Dispose() => _epoll.Dispose();

    private void Control(int operation, SafeHandle descriptor, uint events, ulong token)
    {
        byte* entry = stackalloc byte[16];
        *(uint*)entry = events;
        *(ulong*)(entry + s_dataOffset) = token;
        bool added = false;
        try
        {
            descriptor.DangerousAddRef(ref added);
            if (EpollControl(_epoll, operation, (int)descriptor.DangerousGetHandle(), entry) != 0)
            {
                throw SocketCalls.NewIOException("epoll_ctl failed");
            }
        }
        finally
        {
            if (added)
            {
                descriptor.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollControl(SafeHandle epoll, int operation, int descriptor, void* eventEntry);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, void* events, int maxEvents, int timeoutMilliseconds);
}
