using System.Runtime.InteropServices;

namespace IpcGen.Unix.Interop;

/// <summary><c>struct pollfd</c>, the same 8-byte layout on Linux and macOS.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollDescriptor
{
    public int Descriptor;
    public short Events;
    public short ReturnedEvents;
}
