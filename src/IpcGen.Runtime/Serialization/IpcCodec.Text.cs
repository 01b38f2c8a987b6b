using System.Buffers;
using System.Text;
using MessagePack;

namespace IpcGen.Serialization;

public static partial class IpcCodec
{
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair is 2 units in 4 bytes).
    private const int MaxUtf8BytesPerChar = 3;

    /// <summary>Writes a string after checking it against <paramref name="maxLength"/> UTF-16 code units.</summary>
    /// <exception cref="ArgumentNullException">The string is null.</exception>
    /// <exception cref="IpcLimitExceededException">The string is longer than the limit.</exception>
    /// <exception cref="ArgumentException">The string contains a lone surrogate, which UTF-8 cannot encode.
    /// </exception>
    public static void WriteString(ref MessagePackWriter writer, string value, int maxLength, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length > maxLength)
        {
            throw LimitExceeded(name, value.Length, maxLength, "UTF-16 code units");
        }

        // MessagePack's writer would replace a lone surrogate with U+FFFD, so the peer would get another string.
        if (!Ascii.IsValid(value))
        {
            EnsureValidUtf16(value, name);
        }

        writer.Write(value);
    }

    private static void EnsureValidUtf16(string value, string name)
    {
        try
        {
            _ = s_strictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException(
                $"Invalid value for {name}: the string contains a lone surrogate at index {exception.Index}, which " +
                "cannot be sent as UTF-8; pass the data as a byte array if it is not text.", name, exception);
        }
    }

    /// <summary>Reads a non-null string of at most <paramref name="maxLength"/> UTF-16 code units, rejecting
    /// invalid UTF-8.</summary>
    public static string ReadString(ref MessagePackReader reader, int maxLength, string name)
    {
        ExpectType(ref reader, MessagePackType.String, name, "a string");
        var bytes = Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadStringSequence())
            ?? throw NullNotAllowed(name);

        // Checked before decoding so that a peer cannot make us allocate more than the limit allows.
        if (bytes.Length > (long)maxLength * MaxUtf8BytesPerChar)
        {
            throw OverLimit(name, bytes.Length, maxLength * MaxUtf8BytesPerChar, "UTF-8 bytes");
        }

        string value;
        try
        {
            value = s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new IpcProtocolException($"Invalid value for {name}: the string is not valid UTF-8.", exception);
        }

        if (value.Length > maxLength)
        {
            throw OverLimit(name, value.Length, maxLength, "UTF-16 code units");
        }

        return value;
    }

    /// <summary>Writes a byte array as MessagePack binary after checking its length.</summary>
    /// <exception cref="ArgumentNullException">The array is null.</exception>
    /// <exception cref="IpcLimitExceededException">The array is longer than the limit.</exception>
    public static void WriteBytes(ref MessagePackWriter writer, byte[] value, int maxLength, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        WriteMemory(ref writer, value, maxLength, name);
    }

    /// <summary>Writes a block of bytes as MessagePack binary after checking its length.</summary>
    /// <exception cref="IpcLimitExceededException">The block is longer than the limit.</exception>
    public static void WriteMemory(ref MessagePackWriter writer, ReadOnlyMemory<byte> value, int maxLength,
        string name)
    {
        if (value.Length > maxLength)
        {
            throw LimitExceeded(name, value.Length, maxLength, "bytes");
        }

        writer.Write(value.Span);
    }

    /// <summary>Reads a non-null byte array of at most <paramref name="maxLength"/> bytes.</summary>
    public static byte[] ReadBytes(ref MessagePackReader reader, int maxLength, string name)
    {
        var bytes = ReadBinary(ref reader, name);
        if (bytes.Length > maxLength)
        {
            throw OverLimit(name, bytes.Length, maxLength, "bytes");
        }

        // Every byte is overwritten at once, so the array need not be zeroed first; for a large array that saves
        // a pass over its memory.
        var array = GC.AllocateUninitializedArray<byte>((int)bytes.Length);
        bytes.CopyTo(array);
        return array;
    }

    /// <summary>Reads a block of at most <paramref name="maxLength"/> bytes into memory the message owns.</summary>
    public static ReadOnlyMemory<byte> ReadMemory(ref MessagePackReader reader, int maxLength, string name) =>
        ReadBytes(ref reader, maxLength, name);

    private static ReadOnlySequence<byte> ReadBinary(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Binary, name, "binary data");
        return Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadBytes()) ?? throw NullNotAllowed(name);
    }
}
