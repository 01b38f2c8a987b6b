using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace IpcGen.Unix.Interop;

/// <summary>Socket and descriptor operations built on <see cref="Libc"/>, with spans in place of pointers.</summary>
internal static unsafe class SocketCalls
{
    private static readonly bool s_macOS = OperatingSystem.IsMacOS();

    /// <summary>Creates a connected pair of non-blocking, close-on-exec stream sockets.</summary>
    public static (SafeFileHandle First, SafeFileHandle Second) CreatePair()
    {
        int* descriptors = stackalloc int[2];
        int type = Native.SocketStream | Native.SocketCloseOnExecNonBlocking;
        if (Libc.SocketPair(Native.AddressFamilyUnix, type, 0, descriptors) != 0)
        {
            throw NewIOException("socketpair failed");
        }

        var first = new SafeFileHandle(descriptors[0], ownsHandle: true);
        var second = new SafeFileHandle(descriptors[1], ownsHandle: true);
        PrepareAfterCreate(first);
        PrepareAfterCreate(second);
        return (first, second);
    }

    /// <summary>Creates an unconnected close-on-exec stream socket; non-blocking only when asked.</summary>
    public static SafeFileHandle CreateSocket(bool nonBlocking)
    {
        int flags = s_macOS ? 0 : 0x80000 | (nonBlocking ? 0x800 : 0);
        int descriptor = Libc.Socket(Native.AddressFamilyUnix, Native.SocketStream | flags, 0);
        if (descriptor < 0)
        {
            throw NewIOException("socket failed");
        }

        var socket = new SafeFileHandle(descriptor, ownsHandle: true);
        if (s_macOS)
        {
            SetCloseOnExec(socket, true);
            if (nonBlocking)
            {
                SetNonBlocking(socket);
            }
        }

        return socket;
    }

    /// <summary>Sets close-on-exec and non-blocking where the creating call could not (macOS). NOTE: on macOS a
    /// process spawned by another thread between the two calls inherits the descriptor.</summary>
    public static void PrepareAfterCreate(SafeFileHandle descriptor)
    {
        if (s_macOS)
        {
            SetCloseOnExec(descriptor, true);
            SetNonBlocking(descriptor);
        }
    }

    /// <summary>Sends bytes from two spans (either may be empty) and the given descriptors with one non-blocking
    /// <c>sendmsg</c>. Returns the bytes sent, or -1 with <paramref name="errno"/> set.</summary>
    public static nint SendMessage(
        SafeHandle socket, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<int> descriptors,
        out int errno)
    {
        // Sized for the call, so tests can send more than the transport's own cap in one sendmsg.
        int capacity = ControlMessages.Space(Math.Max(descriptors.Length, 1));
        byte* control = stackalloc byte[capacity];
        int controlLength = 0;
        if (!descriptors.IsEmpty)
        {
            controlLength = ControlMessages.WriteRights(new Span<byte>(control, capacity), descriptors);
        }

        fixed (byte* firstPointer = first)
        fixed (byte* secondPointer = second)
        {
            IoVector* vectors = stackalloc IoVector[2];
            int vectorCount = 0;
            if (!first.IsEmpty)
            {
                vectors[vectorCount++] = new IoVector { Base = firstPointer, Length = (nuint)first.Length };
            }

            if (!second.IsEmpty)
            {
                vectors[vectorCount++] = new IoVector { Base = secondPointer, Length = (nuint)second.Length };
            }

            int flags = Native.MessageDontWait | Native.MessageNoSignal;
            while (true)
            {
                nint result = s_macOS
                    ? SendDarwin(socket, vectors, vectorCount, control, controlLength, flags)
                    : SendLinux(socket, vectors, vectorCount, control, controlLength, flags);
                errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (result >= 0 || errno != Native.ErrorInterrupted)
                {
                    return result;
                }
            }
        }
    }

    /// <summary>Receives bytes into <paramref name="buffer"/> and descriptors into <paramref name="control"/> with
    /// one non-blocking <c>recvmsg</c> (close-on-exec where the platform can do it atomically). Returns the bytes
    /// received (0 at end of stream) or -1 with <paramref name="errno"/> set.</summary>
    public static nint ReceiveMessage(
        SafeHandle socket, Span<byte> buffer, Span<byte> control, out int controlLength, out int messageFlags,
        out int errno)
    {
        fixed (byte* bufferPointer = buffer)
        fixed (byte* controlPointer = control)
        {
            var vector = new IoVector { Base = bufferPointer, Length = (nuint)buffer.Length };
            int flags = Native.MessageDontWait | Native.MessageControlCloseOnExec;
            while (true)
            {
                nint result;
                if (s_macOS)
                {
                    var header = new DarwinMessageHeader
                    {
                        IoVectors = &vector,
                        IoVectorCount = 1,
                        Control = controlPointer,
                        ControlLength = (uint)control.Length,
                    };
                    result = Libc.ReceiveMessage(socket, &header, flags);
                    controlLength = (int)header.ControlLength;
                    messageFlags = header.Flags;
                }
                else
                {
                    var header = new LinuxMessageHeader
                    {
                        IoVectors = &vector,
                        IoVectorCount = 1,
                        Control = controlPointer,
                        ControlLength = (nuint)control.Length,
                    };
                    result = Libc.ReceiveMessage(socket, &header, flags);
                    controlLength = (int)header.ControlLength;
                    messageFlags = header.Flags;
                }

                errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (result < 0)
                {
                    controlLength = 0;
                }

                if (result >= 0 || errno != Native.ErrorInterrupted)
                {
                    return result;
                }
            }
        }
    }

    /// <summary>Waits until one of the descriptors is ready, retrying when a signal interrupts the wait. Returns
    /// the number of ready descriptors (0 on timeout).</summary>
    public static int Poll(Span<PollDescriptor> descriptors, int timeoutMilliseconds)
    {
        fixed (PollDescriptor* pointer = descriptors)
        {
            while (true)
            {
                int result = Libc.Poll(pointer, (nuint)descriptors.Length, timeoutMilliseconds);
                if (result >= 0)
                {
                    return result;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Native.ErrorInterrupted)
                {
                    throw NewIOException("poll failed", errno);
                }
            }
        }
    }

    /// <summary>Sets or clears FD_CLOEXEC.</summary>
    public static void SetCloseOnExec(SafeHandle descriptor, bool closeOnExec)
    {
        int flags = Libc.Fcntl(descriptor, Native.GetDescriptorFlags, 0);
        if (flags < 0)
        {
            throw NewIOException("fcntl(F_GETFD) failed");
        }

        int updated = closeOnExec ? flags | Native.DescriptorCloseOnExec : flags & ~Native.DescriptorCloseOnExec;
        if (updated != flags && Libc.Fcntl(descriptor, Native.SetDescriptorFlags, updated) < 0)
        {
            throw NewIOException("fcntl(F_SETFD) failed");
        }
    }

    /// <summary>Whether FD_CLOEXEC is set on the descriptor.</summary>
    public static bool IsCloseOnExec(SafeHandle descriptor)
    {
        int flags = Libc.Fcntl(descriptor, Native.GetDescriptorFlags, 0);
        if (flags < 0)
        {
            throw NewIOException("fcntl(F_GETFD) failed");
        }

        return (flags & Native.DescriptorCloseOnExec) != 0;
    }

    /// <summary>Sets O_NONBLOCK.</summary>
    public static void SetNonBlocking(SafeHandle descriptor)
    {
        int flags = Libc.Fcntl(descriptor, Native.GetStatusFlags, 0);
        if (flags < 0)
        {
            throw NewIOException("fcntl(F_GETFL) failed");
        }

        if ((flags & Native.StatusNonBlocking) == 0 &&
            Libc.Fcntl(descriptor, Native.SetStatusFlags, flags | Native.StatusNonBlocking) < 0)
        {
            throw NewIOException("fcntl(F_SETFL) failed");
        }
    }

    /// <summary>Returns the socket type (SO_TYPE), or -1 with <paramref name="errno"/> set when the descriptor is
    /// not an open socket.</summary>
    /// <summary>Asks for a send buffer of <paramref name="bytes"/> (SO_SNDBUF). The kernel may cap it (Linux at
    /// net.core.wmem_max); returns false when the call failed, which leaves the buffer as it was.</summary>
    public static bool TrySetSendBufferSize(SafeHandle socket, int bytes)
    {
        return Libc.SetSocketOption(socket, Native.SocketLevel, Native.SocketOptionSendBuffer, &bytes, sizeof(int)) == 0;
    }

    /// <summary>Returns the socket's send buffer size (SO_SNDBUF), or -1 when the call failed.</summary>
    public static int GetSendBufferSize(SafeHandle socket)
    {
        int size = 0;
        uint length = sizeof(int);
        return Libc.GetSocketOption(socket, Native.SocketLevel, Native.SocketOptionSendBuffer, &size, &length) == 0
            ? size
            : -1;
    }

    public static int GetSocketType(SafeHandle descriptor, out int errno)
    {
        int type = 0;
        uint length = sizeof(int);
        if (Libc.GetSocketOption(descriptor, Native.SocketLevel, Native.SocketOptionType, &type, &length) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return -1;
        }

        errno = 0;
        return type;
    }

    /// <summary>Binds the socket to a filesystem path.</summary>
    public static int Bind(SafeHandle socket, string path, out int errno)
    {
        Span<byte> address = stackalloc byte[112];
        int length = WriteAddress(address, path);
        fixed (byte* pointer = address)
        {
            int result = Libc.Bind(socket, pointer, (uint)length);
            errno = result != 0 ? Marshal.GetLastPInvokeError() : 0;
            return result;
        }
    }

    /// <summary>Connects the socket to a filesystem path, retrying when a signal interrupts the call.</summary>
    public static int Connect(SafeHandle socket, string path, out int errno)
    {
        Span<byte> address = stackalloc byte[112];
        int length = WriteAddress(address, path);
        fixed (byte* pointer = address)
        {
            while (true)
            {
                int result = Libc.Connect(socket, pointer, (uint)length);
                errno = result != 0 ? Marshal.GetLastPInvokeError() : 0;
                if (result == 0 || errno != Native.ErrorInterrupted)
                {
                    return result;
                }
            }
        }
    }

    /// <summary>Accepts one connection as a non-blocking close-on-exec socket, or returns null with
    /// <paramref name="errno"/> set.</summary>
    public static SafeFileHandle? Accept(SafeHandle listener, out int errno)
    {
        int descriptor = s_macOS
            ? Libc.Accept(listener, null, null)
            : Libc.Accept4(listener, null, null, Native.SocketCloseOnExecNonBlocking);
        if (descriptor < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        var socket = new SafeFileHandle(descriptor, ownsHandle: true);
        PrepareAfterCreate(socket);
        return socket;
    }

    /// <summary>Whether <paramref name="path"/> itself (not a symbolic link's target) is a socket file. Returns
    /// false with <paramref name="errno"/> set when it cannot be examined.</summary>
    public static bool IsSocketFile(string path, out int errno)
    {
        errno = 0;
        if (!OperatingSystem.IsLinux())
        {
            // TODO: examine the file type with lstat on macOS; until then any path that refuses connections counts
            // as a stale socket there.
            return true;
        }

        // struct statx is 256 bytes on every Linux architecture, with the 16-bit stx_mode at offset 28.
        const int AtCurrentDirectory = -100;
        const int AtSymlinkNoFollow = 0x100;
        const uint StatxType = 0x1;
        const int FileTypeMask = 0xF000;
        const int FileTypeSocket = 0xC000;
        byte* buffer = stackalloc byte[256];
        if (Libc.Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }

        int mode = *(ushort*)(buffer + 28);
        return (mode & FileTypeMask) == FileTypeSocket;
    }

    /// <summary>Checks that the path fits in <c>sockaddr_un</c>.</summary>
    /// <exception cref="ArgumentException">The path is empty or too long.</exception>
    public static void ValidatePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int byteCount = Encoding.UTF8.GetByteCount(path);
        if (byteCount >= Native.UnixPathCapacity)
        {
            throw new ArgumentException(
                $"The socket path '{path}' is {byteCount} bytes, over the limit of {Native.UnixPathCapacity - 1} " +
                "bytes for a Unix socket address; use a shorter path.", nameof(path));
        }
    }

    /// <summary>Creates an IOException naming the failed call and the current errno.</summary>
    public static IOException NewIOException(string operation) =>
        NewIOException(operation, Marshal.GetLastPInvokeError());

    /// <summary>Creates an IOException naming the failed call and the errno.</summary>
    public static IOException NewIOException(string operation, int errno) =>
        new($"{operation}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    private static int WriteAddress(Span<byte> address, string path)
    {
        ValidatePath(path);
        address.Clear();
        int pathOffset = 2;
        int pathLength = Encoding.UTF8.GetBytes(path, address[pathOffset..]);
        int length = pathOffset + pathLength + 1;
        if (s_macOS)
        {
            address[0] = (byte)length;
            address[1] = Native.AddressFamilyUnix;
        }
        else
        {
            MemoryMarshal.Write(address, (ushort)Native.AddressFamilyUnix);
        }

        return length;
    }

    private static nint SendLinux(
        SafeHandle socket, IoVector* vectors, int vectorCount, byte* control, int controlLength, int flags)
    {
        var header = new LinuxMessageHeader
        {
            IoVectors = vectors,
            IoVectorCount = (nuint)vectorCount,
            Control = controlLength > 0 ? control : null,
            ControlLength = (nuint)controlLength,
        };
        return Libc.SendMessage(socket, &header, flags);
    }

    private static nint SendDarwin(
        SafeHandle socket, IoVector* vectors, int vectorCount, byte* control, int controlLength, int flags)
    {
        var header = new DarwinMessageHeader
        {
            IoVectors = vectors,
            IoVectorCount = vectorCount,
            Control = controlLength > 0 ? control : null,
            ControlLength = (uint)controlLength,
        };
        return Libc.SendMessage(socket, &header, flags);
    }
}
