using System.Buffers;
using MessagePack;

namespace IpcGen.Serialization;

public static partial class IpcCodec
{
    /// <summary>Reads a boolean.</summary>
    public static bool ReadBoolean(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Boolean, name, "a boolean");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadBoolean());
    }

    /// <summary>Reads a byte; a value out of range is rejected.</summary>
    public static byte ReadByte(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadByte());
    }

    /// <summary>Reads a signed byte; a value out of range is rejected.</summary>
    public static sbyte ReadSByte(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadSByte());
    }

    /// <summary>Reads a 16-bit integer; a value out of range is rejected.</summary>
    public static short ReadInt16(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadInt16());
    }

    /// <summary>Reads an unsigned 16-bit integer; a value out of range is rejected.</summary>
    public static ushort ReadUInt16(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadUInt16());
    }

    /// <summary>Reads a 32-bit integer; a value out of range is rejected.</summary>
    public static int ReadInt32(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadInt32());
    }

    /// <summary>Reads an unsigned 32-bit integer; a value out of range is rejected.</summary>
    public static uint ReadUInt32(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadUInt32());
    }

    /// <summary>Reads a 64-bit integer; a value out of range is rejected.</summary>
    public static long ReadInt64(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadInt64());
    }

    /// <summary>Reads an unsigned 64-bit integer; a value out of range is rejected.</summary>
    public static ulong ReadUInt64(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadUInt64());
    }

    /// <summary>Reads a single-precision float (an integer is accepted and converted).</summary>
    public static float ReadSingle(ref MessagePackReader reader, string name)
    {
        ExpectNumber(ref reader, name);
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadSingle());
    }

    /// <summary>Reads a double-precision float (an integer is accepted and converted).</summary>
    public static double ReadDouble(ref MessagePackReader reader, string name)
    {
        ExpectNumber(ref reader, name);
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadDouble());
    }

    /// <summary>Reads a UTF-16 code unit, written as an unsigned 16-bit integer.</summary>
    public static char ReadChar(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Integer, name, "an integer");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadChar());
    }

    /// <summary>Writes a decimal as an array of its four 32-bit parts.</summary>
    public static void WriteDecimal(ref MessagePackWriter writer, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        writer.WriteArrayHeader(4);
        foreach (var part in bits)
        {
            writer.Write(part);
        }
    }

    /// <summary>Reads a decimal written by <see cref="WriteDecimal"/>; invalid scale or sign bits are rejected.
    /// </summary>
    public static decimal ReadDecimal(ref MessagePackReader reader, string name)
    {
        var count = ReadArrayHeader(ref reader, name);
        if (count != 4)
        {
            throw new IpcProtocolException($"Invalid value for {name}: a decimal has 4 parts, found {count}.");
        }

        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = ReadInt32(ref reader, name);
        }

        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException exception)
        {
            throw Malformed(name, exception);
        }
    }

    /// <summary>Writes a <see cref="DateTime"/> as its 64-bit binary form, which keeps its kind.</summary>
    public static void WriteDateTime(ref MessagePackWriter writer, DateTime value) => writer.Write(value.ToBinary());

    /// <summary>Reads a <see cref="DateTime"/> written by <see cref="WriteDateTime"/>.</summary>
    public static DateTime ReadDateTime(ref MessagePackReader reader, string name)
    {
        var binary = ReadInt64(ref reader, name);
        try
        {
            return DateTime.FromBinary(binary);
        }
        catch (ArgumentException exception)
        {
            throw Malformed(name, exception);
        }
    }

    /// <summary>Writes a <see cref="DateTimeOffset"/> as an array of its clock ticks and offset in minutes.</summary>
    public static void WriteDateTimeOffset(ref MessagePackWriter writer, DateTimeOffset value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.Ticks);
        writer.Write((short)value.TotalOffsetMinutes);
    }

    /// <summary>Reads a <see cref="DateTimeOffset"/> written by <see cref="WriteDateTimeOffset"/>.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref MessagePackReader reader, string name)
    {
        var count = ReadArrayHeader(ref reader, name);
        if (count != 2)
        {
            throw new IpcProtocolException($"Invalid value for {name}: a DateTimeOffset has 2 parts, found {count}.");
        }

        var ticks = ReadInt64(ref reader, name);
        var offsetMinutes = ReadInt16(ref reader, name);
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentException exception)
        {
            throw Malformed(name, exception);
        }
    }

    /// <summary>Writes a <see cref="TimeSpan"/> as its ticks.</summary>
    public static void WriteTimeSpan(ref MessagePackWriter writer, TimeSpan value) => writer.Write(value.Ticks);

    /// <summary>Reads a <see cref="TimeSpan"/> written by <see cref="WriteTimeSpan"/>.</summary>
    public static TimeSpan ReadTimeSpan(ref MessagePackReader reader, string name) =>
        new(ReadInt64(ref reader, name));

    /// <summary>Writes a <see cref="Guid"/> as 16 binary bytes.</summary>
    public static void WriteGuid(ref MessagePackWriter writer, Guid value)
    {
        writer.WriteBinHeader(16);
        value.TryWriteBytes(writer.GetSpan(16));
        writer.Advance(16);
    }

    /// <summary>Reads a <see cref="Guid"/> written by <see cref="WriteGuid"/>.</summary>
    public static Guid ReadGuid(ref MessagePackReader reader, string name)
    {
        var bytes = ReadBinary(ref reader, name);
        if (bytes.Length != 16)
        {
            throw new IpcProtocolException($"Invalid value for {name}: a Guid has 16 bytes, found {bytes.Length}.");
        }

        Span<byte> copy = stackalloc byte[16];
        bytes.CopyTo(copy);
        return new Guid(copy);
    }

    private static void ExpectNumber(ref MessagePackReader reader, string name)
    {
        var actual = Guard(ref reader, name, static (ref MessagePackReader r) => r.NextMessagePackType);
        if (actual is MessagePackType.Float or MessagePackType.Integer)
        {
            return;
        }

        if (actual == MessagePackType.Nil)
        {
            throw NullNotAllowed(name);
        }

        throw new IpcProtocolException($"Invalid value for {name}: expected a number, found {actual}.");
    }
}
