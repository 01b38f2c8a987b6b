using System.Runtime.InteropServices;

namespace IpcGen.Unix;

/// <summary>A descriptor waiting in the send queue, with the stream offset of the first header byte of the frame
/// it belongs to.</summary>
internal readonly record struct QueuedDescriptor(long FrameOffset, SafeHandle Handle);
