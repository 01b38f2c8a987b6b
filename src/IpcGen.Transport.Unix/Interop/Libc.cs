using System.Runtime.InteropServices;

namespace IpcGen.Unix.Interop;

/// <summary>The libc calls the Unix transport makes. Every call sets errno, read with
/// <see cref="Marshal.GetLastPInvokeError"/>.</summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "socketpair", SetLastError = true)]
    public static partial int SocketPair(int domain, int type, int protocol, int* descriptors);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(SafeHandle socket, byte* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "listen", SetLastError = true)]
    public static partial int Listen(SafeHandle socket, int backlog);

    /// <summary>Linux only.</summary>
    [LibraryImport(Library, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(SafeHandle socket, void* address, void* addressLength, int flags);

    [LibraryImport(Library, EntryPoint = "accept", SetLastError = true)]
    public static partial int Accept(SafeHandle socket, void* address, void* addressLength);

    [LibraryImport(Library, EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(SafeHandle socket, byte* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMessage(SafeHandle socket, void* message, int flags);

    [LibraryImport(Library, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(SafeHandle socket, void* message, int flags);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    /// <summary>Linux only.</summary>
    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "pipe", SetLastError = true)]
    public static partial int Pipe(int* descriptors);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(SafeHandle descriptor, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(SafeHandle descriptor, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    // NOTE: fcntl is variadic, and macOS on arm64 passes variadic arguments on the stack. There this declaration
    // passes the third argument in a register that fcntl does not read, so it needs six padding arguments first.
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(SafeHandle descriptor, int command, int argument);

    [LibraryImport(Library, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(SafeHandle socket, int how);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(SafeHandle socket, int level, int name, void* value, uint length);

    [LibraryImport(Library, EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSocketOption(SafeHandle socket, int level, int name, void* value, uint* length);

    /// <summary>Linux only (glibc 2.28 and later).</summary>
    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);
}
