using System.Buffers.Binary;

namespace IpcGen.Hostile.Tests.Cases;

/// <summary>Hand-made MessagePack fragments, valid or not, for bodies that no MessagePack writer would produce.
/// </summary>
internal static class Pack
{
    public const byte Nil = 0xC0;

    /// <summary>A fixarray header for <paramref name="items"/> followed by the items.</summary>
    public static byte[] Array(params byte[][] items) =>
        Wire.Concat([(byte)(0x90 | items.Length)], Wire.Concat(items));

    /// <summary>A string header (str8, str16 or str32 by length) followed by the raw bytes, valid UTF-8 or not.
    /// </summary>
    public static byte[] RawString(byte[] bytes)
    {
        byte[] header = bytes.Length switch
        {
            < 256 => [0xD9, (byte)bytes.Length],
            < 65536 => [0xDA, (byte)(bytes.Length >> 8), (byte)bytes.Length],
            _ => Header32(0xDB, (uint)bytes.Length),
        };
        return Wire.Concat(header, bytes);
    }

    /// <summary>A type byte followed by a big-endian 32-bit length, such as str32, bin32, array32 or map32.</summary>
    public static byte[] Header32(byte type, uint length)
    {
        var header = new byte[5];
        header[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    /// <summary>A string of <paramref name="count"/> copies of <paramref name="text"/>, as MessagePack.</summary>
    public static byte[] String(string text, int count = 1) =>
        RawString(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(text, count))));

    /// <summary>A positive or negative integer.</summary>
    public static byte[] Integer(long value) => Wire.Pack((ref MessagePack.MessagePackWriter writer) =>
        writer.Write(value));

    /// <summary>A bin value of <paramref name="length"/> zero bytes.</summary>
    public static byte[] Binary(int length) => Wire.Pack((ref MessagePack.MessagePackWriter writer) =>
        writer.Write(new byte[length]));
}
