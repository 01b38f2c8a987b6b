using MessagePack;

namespace IpcGen;

/// <summary>Validating reads for the bodies of connection control messages.</summary>
internal static class ControlReader
{
    /// <summary>Maximum length of a string in a control message, in UTF-16 code units.</summary>
    public const int MaxStringLength = 4096;

    public static void ReadArrayHeader(ref MessagePackReader reader, int expectedCount, string message)
    {
        ExpectType(ref reader, MessagePackType.Array, message, "an array");
        int count = reader.ReadArrayHeader();
        if (count != expectedCount)
        {
            throw new IpcProtocolException(
                $"Invalid {message} control message: {count} fields, expected {expectedCount}.");
        }
    }

    public static string ReadString(ref MessagePackReader reader, string message)
    {
        ExpectType(ref reader, MessagePackType.String, message, "a string");
        string? value = reader.ReadString();
        if (value is null || value.Length > MaxStringLength)
        {
            throw new IpcProtocolException(
                $"Invalid {message} control message: a string of {value?.Length ?? 0} UTF-16 code units " +
                $"exceeds the maximum of {MaxStringLength}.");
        }

        return value;
    }

    public static uint ReadUInt32(ref MessagePackReader reader, string message)
    {
        ExpectType(ref reader, MessagePackType.Integer, message, "an integer");
        return reader.ReadUInt32();
    }

    public static ulong ReadUInt64(ref MessagePackReader reader, string message)
    {
        ExpectType(ref reader, MessagePackType.Integer, message, "an integer");
        return reader.ReadUInt64();
    }

    private static void ExpectType(ref MessagePackReader reader, MessagePackType type, string message, string what)
    {
        if (reader.End || reader.NextMessagePackType != type)
        {
            string found = reader.End ? "the end of the payload" : reader.NextMessagePackType.ToString();
            throw new IpcProtocolException($"Invalid {message} control message: expected {what}, found {found}.");
        }
    }
}
