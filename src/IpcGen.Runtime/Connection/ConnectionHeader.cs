using System.Buffers.Binary;

namespace IpcGen;

/// <summary>
/// The fixed 16-byte header that a connection writes at the start of every transport payload, before the
/// MessagePack body: endpoint magic, message id, request id and flags, each a little-endian <c>uint</c>.
/// Magic <see cref="ControlMagic"/> marks a connection control message (hello, error response, cancel).
/// </summary>
internal readonly record struct ConnectionHeader(uint Magic, uint MessageId, uint RequestId, MessageFlags Flags)
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 16;

    /// <summary>Endpoint magic reserved for connection control messages.</summary>
    public const uint ControlMagic = 0;

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], MessageId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], RequestId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)Flags);
    }

    /// <summary>Reads a header from the start of a payload.</summary>
    /// <exception cref="IpcProtocolException">The payload is shorter than the header.</exception>
    public static ConnectionHeader Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < Size)
        {
            throw new IpcProtocolException(
                $"Invalid message: {payload.Length} bytes is shorter than the {Size}-byte connection header.");
        }

        return new ConnectionHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(payload),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]),
            (MessageFlags)BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]));
    }
}
