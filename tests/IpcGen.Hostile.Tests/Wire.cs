using System.Buffers;
using System.Buffers.Binary;
using IpcGen.Samples.EchoServer;
using MessagePack;

namespace IpcGen.Hostile.Tests;

/// <summary>
/// Builders for the bytes on the wire, valid or not: the 8-byte frame header [u32 payload length][u16 descriptor
/// count][u8 frame type][u8 reserved], the 16-byte connection header [u32 magic][u32 message id][u32 request id]
/// [u32 flags] and MessagePack bodies. Magics, shape hashes and ids come from the server's generated code.
/// </summary>
internal static class Wire
{
    public const int FrameHeaderSize = 8;
    public const int ConnectionHeaderSize = 16;

    // Connection header flags.
    public const uint OneWay = 0;
    public const uint SyncRequest = 1;
    public const uint AsyncRequest = 2;
    public const uint Response = 4;
    public const uint ErrorResponse = 8;
    public const uint Cancel = 16;
    public const uint Hello = 32;

    /// <summary>Frame type of a descriptor acknowledgement.</summary>
    public const byte Acknowledgement = 1;

    /// <summary>Bit that turns a request id into its response id.</summary>
    public const uint ResponseBit = 0x8000_0000;

    public const uint ProtocolVersion = 1;

    public static uint EchoMagic => EchoServiceDescriptor.Instance.Magic;

    public static uint ChecksumMagic => ChecksumServiceDescriptor.Instance.Magic;

    public static uint ClientMagic => SampleClientDescriptor.Instance.Magic;

    public delegate void PackAction(ref MessagePackWriter writer);

    /// <summary>A frame header from raw field values.</summary>
    public static byte[] Header(uint payloadLength, ushort count = 0, byte type = 0, byte reserved = 0)
    {
        var header = new byte[FrameHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, payloadLength);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), count);
        header[6] = type;
        header[7] = reserved;
        return header;
    }

    /// <summary>A whole message frame that declares <paramref name="descriptorCount"/> descriptors.</summary>
    public static byte[] Frame(byte[] payload, int descriptorCount = 0) =>
        Concat(Header((uint)payload.Length, (ushort)descriptorCount), payload);

    /// <summary>A payload: connection header and body.</summary>
    public static byte[] Payload(uint magic, uint messageId, uint requestId, uint flags, byte[] body)
    {
        var payload = new byte[ConnectionHeaderSize + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, magic);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), messageId);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(8), requestId);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(12), flags);
        body.CopyTo(payload.AsSpan(ConnectionHeaderSize));
        return payload;
    }

    /// <summary>A whole message frame: frame header, connection header and body.</summary>
    public static byte[] Message(uint magic, uint messageId, uint requestId, uint flags, byte[] body,
        int descriptorCount = 0) => Frame(Payload(magic, messageId, requestId, flags, body), descriptorCount);

    /// <summary>A synchronous request of the echo endpoint with request id 1.</summary>
    public static byte[] EchoRequest(uint messageId, byte[] body, int descriptorCount = 0) =>
        Message(EchoMagic, messageId, 1, SyncRequest, body, descriptorCount);

    /// <summary>A synchronous request of the checksum endpoint with request id 1.</summary>
    public static byte[] ChecksumRequest(uint messageId, byte[] body, int descriptorCount = 0) =>
        Message(ChecksumMagic, messageId, 1, SyncRequest, body, descriptorCount);

    /// <summary>MessagePack bytes written by <paramref name="write"/>.</summary>
    public static byte[] Pack(PackAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An argument array of strings (null writes nil).</summary>
    public static byte[] Strings(params string?[] values) => Pack((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(values.Length);
        foreach (string? value in values)
        {
            writer.Write(value);
        }
    });

    /// <summary>An argument array holding one binary value.</summary>
    public static byte[] Binary(byte[] value) => Pack((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(1);
        writer.Write(value);
    });

    /// <summary>An argument array holding one integer (an attachment index, for instance).</summary>
    public static byte[] Integer(long value) => Pack((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(1);
        writer.Write(value);
    });

    /// <summary>An empty argument array.</summary>
    public static byte[] NoArguments() => [0x90];

    /// <summary>The body of a hello control message.</summary>
    public static byte[] HelloBody(uint version, string localName, uint localMagic, ulong localShape,
        string peerName, uint peerMagic, ulong peerShape) => Pack((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(7);
        writer.Write(version);
        writer.Write(localName);
        writer.Write(localMagic);
        writer.Write(localShape);
        writer.Write(peerName);
        writer.Write(peerMagic);
        writer.Write(peerShape);
    });

    /// <summary>The body of the hello a well-formed client of <paramref name="target"/> sends.</summary>
    public static byte[] ValidHelloBody(Target target)
    {
        var client = SampleClientDescriptor.Instance;
        EndpointDescriptor server = target == Target.Echo
            ? EchoServiceDescriptor.Instance
            : ChecksumServiceDescriptor.Instance;
        return HelloBody(ProtocolVersion, client.Name, client.Magic, client.ShapeHash, server.Name, server.Magic,
            server.ShapeHash);
    }

    /// <summary>The whole hello frame a well-formed client of <paramref name="target"/> sends first.</summary>
    public static byte[] HelloFrame(Target target = Target.Echo) =>
        Message(0, 0, 0, Hello, ValidHelloBody(target));

    /// <summary>The parts written one after the other.</summary>
    public static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(part => part.Length)];
        int offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }
}
