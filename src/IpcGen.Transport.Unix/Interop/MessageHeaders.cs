using System.Runtime.InteropServices;

namespace IpcGen.Unix.Interop;

/// <summary><c>struct iovec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public void* Base;
    public nuint Length;
}

/// <summary><c>struct msghdr</c> on Linux (glibc and musl, 64-bit): 56 bytes, with <c>size_t</c> lengths.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LinuxMessageHeader
{
    public void* Name;
    public uint NameLength;
    public IoVector* IoVectors;
    public nuint IoVectorCount;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary><c>struct msghdr</c> on macOS (64-bit): 48 bytes, with <c>int</c> and <c>socklen_t</c> lengths.
/// NOTE: untested, taken from Darwin's <c>sys/socket.h</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct DarwinMessageHeader
{
    public void* Name;
    public uint NameLength;
    public IoVector* IoVectors;
    public int IoVectorCount;
    public void* Control;
    public uint ControlLength;
    public int Flags;
}
