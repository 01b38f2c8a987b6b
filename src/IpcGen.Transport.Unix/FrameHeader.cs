using System.Buffers.Binary;

namespace IpcGen.Unix;

/// <summary>
/// The 8-byte header in front of every frame, little-endian: <c>[u32 payload length][u16 count][u8 frame type]
/// [u8 reserved, must be 0]</c>. For a message the count is its number of descriptors; for a descriptor
/// acknowledgement it is the number of descriptors acknowledged.
/// </summary>
internal readonly record struct FrameHeader(uint PayloadLength, ushort Count, byte Type, byte Reserved)
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 8;

    /// <summary>Writes a header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, int payloadLength, int count, FrameType type)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payloadLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)count);
        destination[6] = (byte)type;
        destination[7] = 0;
    }

    /// <summary>Reads a header from the first <see cref="Size"/> bytes of <paramref name="source"/>.</summary>
    public static FrameHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(source),
        BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
        source[6],
        source[7]);

    /// <summary>Frame size including the header, in bytes (at most 4 GiB + 8, so it cannot overflow).</summary>
    public long FrameSize => Size + (long)PayloadLength;
}
