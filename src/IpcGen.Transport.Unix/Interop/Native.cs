namespace IpcGen.Unix.Interop;

/// <summary>Constants from the C headers, per platform. The Linux values are the same on x64 and arm64. NOTE: the
/// macOS values come from Darwin's headers and are untested, because no macOS machine is available.</summary>
internal static class Native
{
    private static readonly bool s_macOS = OperatingSystem.IsMacOS();

    public const int AddressFamilyUnix = 1;
    public const int SocketStream = 1;

    /// <summary><c>SOCK_CLOEXEC | SOCK_NONBLOCK</c> for <c>socket</c>, <c>socketpair</c> and <c>accept4</c>; zero on
    /// macOS, which lacks them, so the flags are set with <c>fcntl</c> afterwards.</summary>
    public static readonly int SocketCloseOnExecNonBlocking = s_macOS ? 0 : 0x80000 | 0x800;

    public static readonly int SocketLevel = s_macOS ? 0xFFFF : 1;
    public const int ScmRights = 1;
    public static readonly int SocketOptionType = s_macOS ? 0x1008 : 3;
    public static readonly int SocketOptionSendBuffer = s_macOS ? 0x1001 : 7;

    public static readonly int MessageDontWait = s_macOS ? 0x80 : 0x40;

    /// <summary><c>MSG_NOSIGNAL</c>; zero on macOS, which lacks it. NOTE: untested there. A write to a closed socket
    /// then returns EPIPE only because the .NET runtime ignores SIGPIPE; setting SO_NOSIGPIPE would not rely on it.
    /// </summary>
    public static readonly int MessageNoSignal = s_macOS ? 0 : 0x4000;

    /// <summary><c>MSG_CMSG_CLOEXEC</c>; zero on macOS, where FD_CLOEXEC is set on each descriptor after receipt.
    /// </summary>
    public static readonly int MessageControlCloseOnExec = s_macOS ? 0 : 0x40000000;

    public static readonly int MessageControlTruncated = s_macOS ? 0x20 : 0x8;

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollError = 0x8;
    public const short PollHangUp = 0x10;
    public const short PollInvalid = 0x20;

    public const int GetDescriptorFlags = 1;
    public const int SetDescriptorFlags = 2;
    public const int GetStatusFlags = 3;
    public const int SetStatusFlags = 4;
    public const int DescriptorCloseOnExec = 1;
    public static readonly int StatusNonBlocking = s_macOS ? 0x4 : 0x800;

    /// <summary><c>EFD_CLOEXEC | EFD_NONBLOCK</c> (Linux only).</summary>
    public const int EventFdCloseOnExecNonBlocking = 0x80000 | 0x800;

    public const int ShutdownReadWrite = 2;

    public const int ErrorInterrupted = 4;
    public const int ErrorBrokenPipe = 32;
    public static readonly int ErrorAgain = s_macOS ? 35 : 11;
    public static readonly int ErrorConnectionReset = s_macOS ? 54 : 104;
    public static readonly int ErrorConnectionRefused = s_macOS ? 61 : 111;

    /// <summary>Maximum bytes of <c>sun_path</c>, including the terminating NUL.</summary>
    public static readonly int UnixPathCapacity = s_macOS ? 104 : 108;
}
