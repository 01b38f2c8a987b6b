using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Hostile.Tests.Interop;

/// <summary>
/// libc socket calls for a peer that writes frames by hand, descriptors included. Struct layouts and constants are
/// those of 64-bit Linux (x64 and arm64), the only platform these tests run on.
/// </summary>
internal static unsafe partial class RawSocketCalls
{
    public const int ErrorInterrupted = 4;
    public const int ErrorAgain = 11;
    public const int ErrorBrokenPipe = 32;
    public const int ErrorConnectionReset = 104;
    public const short PollIn = 0x1;
    public const short PollOut = 0x4;

    private const int AddressFamilyUnix = 1;
    private const int SocketStream = 1;
    private const int SocketNonBlocking = 0x800;
    private const int SocketCloseOnExec = 0x80000;
    private const int SocketLevel = 1;
    private const int ScmRights = 1;
    private const int NoSignal = 0x4000;
    private const int ShutdownWrite = 1;
    private const int GetStatusFlags = 3;
    private const int SetStatusFlags = 4;
    private const int NonBlocking = 0x800;
    private const int ControlHeaderSize = 16;
    private const int UnixPathOffset = 2;
    private const int UnixAddressSize = 110;

    /// <summary>Creates a non-blocking, close-on-exec Unix stream socket.</summary>
    public static SafeFileHandle CreateSocket()
    {
        int descriptor = Socket(AddressFamilyUnix, SocketStream | SocketNonBlocking | SocketCloseOnExec, 0);
        if (descriptor < 0)
        {
            throw NewIOException("socket", Marshal.GetLastPInvokeError());
        }

        return new SafeFileHandle(descriptor, ownsHandle: true);
    }

    /// <summary>Connects to a listening socket path; returns 0 or the errno.</summary>
    public static int Connect(SafeFileHandle socket, string path)
    {
        byte* address = stackalloc byte[UnixAddressSize];
        new Span<byte>(address, UnixAddressSize).Clear();
        *(ushort*)address = AddressFamilyUnix;
        int length = Encoding.UTF8.GetBytes(path, new Span<byte>(address + UnixPathOffset, UnixAddressSize - 3));
        int result = ConnectNative(Number(socket), address, (uint)(UnixPathOffset + length + 1));
        return result == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Sets O_NONBLOCK on a descriptor.</summary>
    public static void SetNonBlocking(SafeFileHandle descriptor)
    {
        int flags = Fcntl(Number(descriptor), GetStatusFlags, 0);
        if (flags < 0 || Fcntl(Number(descriptor), SetStatusFlags, flags | NonBlocking) < 0)
        {
            throw NewIOException("fcntl(O_NONBLOCK)", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>One sendmsg of <paramref name="bytes"/> with <paramref name="descriptors"/> as SCM_RIGHTS (none
    /// when empty). Returns the bytes sent, or -1 with <paramref name="errno"/> set.</summary>
    public static nint Send(SafeFileHandle socket, ReadOnlySpan<byte> bytes, ReadOnlySpan<int> descriptors,
        out int errno)
    {
        int controlLength = descriptors.IsEmpty ? 0 : ControlHeaderSize + ((descriptors.Length * 4 + 7) & ~7);
        byte* control = stackalloc byte[Math.Max(controlLength, 1)];
        new Span<byte>(control, Math.Max(controlLength, 1)).Clear();
        if (controlLength > 0)
        {
            *(nuint*)control = (nuint)(ControlHeaderSize + descriptors.Length * 4);
            *(int*)(control + 8) = SocketLevel;
            *(int*)(control + 12) = ScmRights;
            descriptors.CopyTo(new Span<int>(control + ControlHeaderSize, descriptors.Length));
        }

        fixed (byte* data = bytes)
        {
            var vector = new IoVector { Base = data, Length = (nuint)bytes.Length };
            var header = new MessageHeader
            {
                Vectors = &vector,
                VectorCount = 1,
                Control = controlLength > 0 ? control : null,
                ControlLength = (nuint)controlLength,
            };
            nint sent = SendMessage(Number(socket), &header, NoSignal);
            errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            return sent;
        }
    }

    /// <summary>One recv into <paramref name="buffer"/>. Descriptors the server attaches are discarded by the
    /// kernel, because no control buffer is given. Returns the bytes read, 0 at end of stream, or -1.</summary>
    public static nint Receive(SafeFileHandle socket, Span<byte> buffer, out int errno)
    {
        fixed (byte* data = buffer)
        {
            nint received = ReceiveNative(Number(socket), data, (nuint)buffer.Length, 0);
            errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
            return received;
        }
    }

    /// <summary>Waits up to <paramref name="milliseconds"/> for <paramref name="events"/> on the socket.</summary>
    public static void Poll(SafeFileHandle socket, short events, int milliseconds)
    {
        var entry = new PollEntry { Descriptor = Number(socket), Events = events };
        PollNative(&entry, 1, milliseconds);
    }

    /// <summary>Shuts down the sending direction, which the server reads as end of stream.</summary>
    public static void ShutdownSending(SafeFileHandle socket) => Shutdown(Number(socket), ShutdownWrite);

    private static int Number(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static IOException NewIOException(string call, int errno) =>
        new($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectNative(int socket, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMessage(int socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint ReceiveNative(int socket, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollNative(PollEntry* entries, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int Shutdown(int socket, int how);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollEntry
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }
}
