using System.Runtime.CompilerServices;
using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Serialization;

public static partial class IpcCodec
{
    // A peer declares the count, and an element can take as little as one payload byte, so allocating the
    // declared count of a wide element type could cost hundreds of times the payload. Up front a decoder
    // allocates at most this many bytes per remaining payload byte; a larger collection grows as it decodes.
    private const int MaxPreallocatedBytesPerPayloadByte = 8;

    // Per entry, a Dictionary stores a hash code and a next index beside the key and value, plus a bucket.
    private const int DictionaryBytesPerEntry = 12;

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
        var capacity = InitialCapacity(ref reader, count, Unsafe.SizeOf<T>());
        if (capacity < count)
        {
            return ReadElements(ref reader, attachments, count, capacity, readElement).ToArray();
        }

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
        var capacity = InitialCapacity(ref reader, count, Unsafe.SizeOf<T>());
        return ReadElements(ref reader, attachments, count, capacity, readElement);
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

    /// <summary>Reads a dictionary of at most <paramref name="maxLength"/> entries; a duplicate key is rejected. The
    /// dictionary compares keys with a collision-resistant comparer.</summary>
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

        var entryBytes = Unsafe.SizeOf<TKey>() + Unsafe.SizeOf<TValue>() + DictionaryBytesPerEntry;
        var entries = new Dictionary<TKey, TValue>(InitialCapacity(ref reader, count, entryBytes),
            KeyComparer<TKey>.Instance);
        for (var i = 0; i < count; i++)
        {
            var key = readKey(ref reader, attachments);
            var value = readValue(ref reader, attachments);
            if (!entries.TryAdd(key, value))
            {
                // The key is the peer's text, so it stays out of the message that ends up in the log.
                throw new IpcProtocolException(
                    $"Invalid value for {name}: entry {i} repeats the key of an earlier entry.");
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

    private static List<T> ReadElements<T>(ref MessagePackReader reader, AttachmentReader attachments, int count,
        int capacity, IpcElementReader<T> readElement)
    {
        var items = new List<T>(capacity);
        for (var i = 0; i < count; i++)
        {
            items.Add(readElement(ref reader, attachments));
        }

        return items;
    }

    private static int InitialCapacity(ref MessagePackReader reader, int count, int bytesPerElement)
    {
        var budget = RemainingBytes(ref reader) * MaxPreallocatedBytesPerPayloadByte;
        return (int)Math.Min(count, budget / bytesPerElement);
    }

    // The default hash codes of integers, Guids and the like are fixed, so a peer could send keys that all land in
    // one bucket and make decoding quadratic. MessagePack's untrusted-data comparers resist that for most key types.
    private static class KeyComparer<TKey>
    {
        public static readonly IEqualityComparer<TKey> Instance = Create();

        private static IEqualityComparer<TKey> Create()
        {
            try
            {
                return ObjectOptions.Security.GetEqualityComparer<TKey>();
            }
            catch (TypeAccessException)
            {
                // NOTE: TimeSpan and decimal keys get the default comparer, so crafted keys of those types can still
                // collide. Reference-type keys hash by identity unless the type overrides GetHashCode.
                return EqualityComparer<TKey>.Default;
            }
        }
    }
}
