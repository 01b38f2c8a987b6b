using System.Runtime.InteropServices;

namespace IpcGen.Unix.Interop;

/// <summary>Layout of <c>SCM_RIGHTS</c> control messages. Linux's <c>cmsghdr</c> is a <c>size_t</c> length and two
/// ints (16 bytes, data aligned to 8); macOS's is three 4-byte fields (12 bytes, data aligned to 4, NOTE: untested).
/// </summary>
internal static class ControlMessages
{
    private static readonly bool s_macOS = OperatingSystem.IsMacOS();
    private static readonly int s_alignment = s_macOS ? 4 : 8;

    /// <summary>Size of <c>struct cmsghdr</c> rounded to the alignment, so the offset of the data.</summary>
    public static readonly int HeaderSize = s_macOS ? 12 : 16;

    /// <summary><c>CMSG_SPACE</c> for <paramref name="descriptorCount"/> descriptors.</summary>
    public static int Space(int descriptorCount) => HeaderSize + Align(descriptorCount * sizeof(int));

    /// <summary>Writes one <c>SCM_RIGHTS</c> message carrying <paramref name="descriptors"/> and returns its
    /// <c>CMSG_SPACE</c>.</summary>
    public static int WriteRights(Span<byte> control, ReadOnlySpan<int> descriptors)
    {
        int length = HeaderSize + (descriptors.Length * sizeof(int));
        int space = Space(descriptors.Length);
        control[..space].Clear();
        if (s_macOS)
        {
            MemoryMarshal.Write(control, (uint)length);
            MemoryMarshal.Write(control[4..], Native.SocketLevel);
            MemoryMarshal.Write(control[8..], Native.ScmRights);
        }
        else
        {
            MemoryMarshal.Write(control, (ulong)length);
            MemoryMarshal.Write(control[8..], Native.SocketLevel);
            MemoryMarshal.Write(control[12..], Native.ScmRights);
        }

        for (int i = 0; i < descriptors.Length; i++)
        {
            MemoryMarshal.Write(control[(HeaderSize + (i * sizeof(int)))..], descriptors[i]);
        }

        return space;
    }

    /// <summary>Reads the descriptors of every <c>SCM_RIGHTS</c> message in the filled part of a control buffer into
    /// <paramref name="descriptors"/>, in order, and returns how many there were. Descriptors beyond the span's
    /// length are still counted, so the caller can close them all.</summary>
    public static int ReadRights(ReadOnlySpan<byte> control, Span<int> descriptors)
    {
        int count = 0;
        int offset = 0;
        while (offset + HeaderSize <= control.Length)
        {
            var message = control[offset..];
            long length = s_macOS
                ? MemoryMarshal.Read<uint>(message)
                : (long)Math.Min(MemoryMarshal.Read<ulong>(message), int.MaxValue);
            int level = MemoryMarshal.Read<int>(message[(s_macOS ? 4 : 8)..]);
            int type = MemoryMarshal.Read<int>(message[(s_macOS ? 8 : 12)..]);
            if (length < HeaderSize || length > message.Length)
            {
                break;
            }

            if (level == Native.SocketLevel && type == Native.ScmRights)
            {
                int dataCount = (int)(length - HeaderSize) / sizeof(int);
                for (int i = 0; i < dataCount; i++)
                {
                    if (count < descriptors.Length)
                    {
                        descriptors[count] = MemoryMarshal.Read<int>(
                            message[(HeaderSize + (i * sizeof(int)))..]);
                    }

                    count++;
                }
            }

            offset += Align((int)length);
        }

        return count;
    }

    private static int Align(int length) => (length + s_alignment - 1) & ~(s_alignment - 1);
}
