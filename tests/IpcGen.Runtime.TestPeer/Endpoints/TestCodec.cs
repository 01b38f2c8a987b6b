using MessagePack;

namespace IpcGen.Runtime.TestPeer;

/// <summary>Validating reads used by the hand-written test messages.</summary>
public static class TestCodec
{
    /// <summary>Maximum length of a string argument in the test endpoints, in UTF-16 code units.</summary>
    public const int MaxStringLength = 1024;

    /// <summary>Reads an array header that must have exactly <paramref name="count"/> elements.</summary>
    public static void ReadArrayHeader(ref MessagePackReader reader, int count, string message)
    {
        Expect(ref reader, MessagePackType.Array, message);
        int actual = reader.ReadArrayHeader();
        if (actual != count)
        {
            throw new IpcProtocolException($"Invalid {message}: {actual} arguments, expected {count}.");
        }
    }

    /// <summary>Reads a 32-bit integer.</summary>
    public static int ReadInt32(ref MessagePackReader reader, string name)
    {
        Expect(ref reader, MessagePackType.Integer, name);
        return reader.ReadInt32();
    }

    /// <summary>Reads a non-null string of at most <see cref="MaxStringLength"/> code units.</summary>
    public static string ReadString(ref MessagePackReader reader, string name)
    {
        Expect(ref reader, MessagePackType.String, name);
        string? value = reader.ReadString();
        if (value is null || value.Length > MaxStringLength)
        {
            throw new IpcProtocolException(
                $"Invalid {name}: {value?.Length ?? 0} code units, maximum {MaxStringLength}.");
        }

        return value;
    }

    private static void Expect(ref MessagePackReader reader, MessagePackType type, string name)
    {
        if (reader.End || reader.NextMessagePackType != type)
        {
            string found = reader.End ? "the end of the payload" : reader.NextMessagePackType.ToString();
            throw new IpcProtocolException($"Invalid {name}: expected {type}, found {found}.");
        }
    }
}
