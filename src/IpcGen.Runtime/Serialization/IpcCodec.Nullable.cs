using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Serialization;

public static partial class IpcCodec
{
    /// <summary>Writes nil for null, or the value with <paramref name="write"/>.</summary>
    public static void WriteNullable<T>(ref MessagePackWriter writer, T? value, AttachmentWriter attachments,
        IpcElementWriter<T> write)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(write);
        if (value is null)
        {
            writer.WriteNil();
        }
        else
        {
            write(ref writer, value, attachments);
        }
    }

    /// <summary>Writes nil for null, or the value with <paramref name="write"/>.</summary>
    public static void WriteNullableValue<T>(ref MessagePackWriter writer, T? value, AttachmentWriter attachments,
        IpcElementWriter<T> write)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(write);
        if (value is null)
        {
            writer.WriteNil();
        }
        else
        {
            write(ref writer, value.Value, attachments);
        }
    }

    /// <summary>Reads nil as null, or the value with <paramref name="read"/>.</summary>
    public static T? ReadNullable<T>(ref MessagePackReader reader, AttachmentReader attachments, string name,
        IpcElementReader<T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        return IsNil(ref reader, name) ? null : read(ref reader, attachments);
    }

    /// <summary>Reads nil as null, or the value with <paramref name="read"/>.</summary>
    public static T? ReadNullableValue<T>(ref MessagePackReader reader, AttachmentReader attachments, string name,
        IpcElementReader<T> read)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(read);
        return IsNil(ref reader, name) ? null : read(ref reader, attachments);
    }
}
