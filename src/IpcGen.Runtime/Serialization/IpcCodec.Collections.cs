using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Serialization;

public static partial class IpcCodec
{
    /// <summary>Writes a list or array as a MessagePack array after checking its length.</summary>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    /// <exception cref="IpcLimitExceededException">The list is longer than the limit.</exception>
    public static void WriteList<T>(ref MessagePackWriter writer, IReadOnlyList<T> items, AttachmentWriter attachments,
        int maxLength, string name, IpcElementWriter<T> writeElement)
    {
        ArgumentNullException.ThrowIfNull(items, name);
        ArgumentNullException.ThrowIfNull(writeElement);
        if (items.Count > maxLength)
        {
            throw LimitExceeded(name, items.Count, maxLength, "elements");
        }

        writer.WriteArrayHeader(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            writeElement(ref writer, items[i], attachments);
        }
    }

    /// <summary>Reads an array of at most <paramref name="maxLength"/> elements.</summary>
    public static T[] ReadArray<T>(ref MessagePackReader reader, AttachmentReader attachments, int maxLength,
        string name, IpcElementReader<T> readElement)
    {
        ArgumentNullException.ThrowIfNull(readElement);
        var count = ReadCollectionHeader(ref reader, maxLength, name);
        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = readElement(ref reader, attachments);
        }

        return items;
    }

    /// <summary>Reads a list of at most <paramref name="maxLength"/> elements.</summary>
    public static List<T> ReadList<T>(ref MessagePackReader reader, AttachmentReader attachments, int maxLength,
        string name, IpcElementReader<T> readElement)
    {
        ArgumentNullException.ThrowIfNull(readElement);
        var count = ReadCollectionHeader(ref reader, maxLength, name);
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(readElement(ref reader, attachments));
        }

        return items;
    }

    /// <summary>Writes a dictionary as a MessagePack map after checking its number of entries.</summary>
    /// <exception cref="ArgumentNullException">The dictionary is null.</exception>
    /// <exception cref="IpcLimitExceededException">The dictionary has more entries than the limit.</exception>
    public static void WriteDictionary<TKey, TValue>(ref MessagePackWriter writer,
        IReadOnlyDictionary<TKey, TValue> entries, AttachmentWriter attachments, int maxLength, string name,
        IpcElementWriter<TKey> writeKey, IpcElementWriter<TValue> writeValue)
    {
        ArgumentNullException.ThrowIfNull(entries, name);
        ArgumentNullException.ThrowIfNull(writeKey);
        ArgumentNullException.ThrowIfNull(writeValue);
        if (entries.Count > maxLength)
        {
            throw LimitExceeded(name, entries.Count, maxLength, "entries");
        }

        writer.WriteMapHeader(entries.Count);
        foreach (var entry in entries)
        {
            writeKey(ref writer, entry.Key, attachments);
            writeValue(ref writer, entry.Value, attachments);
        }
    }

    /// <summary>Reads a dictionary of at most <paramref name="maxLength"/> entries; a duplicate key is rejected.
    /// </summary>
    public static Dictionary<TKey, TValue> ReadDictionary<TKey, TValue>(ref MessagePackReader reader,
        AttachmentReader attachments, int maxLength, string name, IpcElementReader<TKey> readKey,
        IpcElementReader<TValue> readValue)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(readKey);
        ArgumentNullException.ThrowIfNull(readValue);
        var count = ReadMapHeader(ref reader, name);
        if (count > maxLength)
        {
            throw OverLimit(name, count, maxLength, "entries");
        }

        var entries = new Dictionary<TKey, TValue>(count);
        for (var i = 0; i < count; i++)
        {
            var key = readKey(ref reader, attachments);
            var value = readValue(ref reader, attachments);
            if (!entries.TryAdd(key, value))
            {
                throw new IpcProtocolException($"Invalid value for {name}: the key {key} appears twice.");
            }
        }

        return entries;
    }

    private static int ReadCollectionHeader(ref MessagePackReader reader, int maxLength, string name)
    {
        var count = ReadArrayHeader(ref reader, name);
        if (count > maxLength)
        {
            throw OverLimit(name, count, maxLength, "elements");
        }

        return count;
    }
}
