using MessagePack;

namespace IpcGen.Integration.Peer;

/// <summary>
/// An integer that records which thread decoded it. Only <see cref="Value"/> travels. The decoder of the receiving
/// process fills <see cref="ReaderThread"/> and <see cref="ReaderThreadId"/> with the thread that read the message
/// from the transport, which is the transport's IO thread or a thread reading inline.
/// </summary>
[MessagePackObject]
[MessagePackFormatter(typeof(ReadStampFormatter))]
public sealed record ReadStamp([property: Key(0)] int Value)
{
    private static long s_decodedCount;

    /// <summary>Name of the thread that decoded this stamp, or null for a stamp created locally.</summary>
    [IgnoreMember]
    public string? ReaderThread { get; private init; }

    /// <summary>Managed id of the thread that decoded this stamp, or 0 for a stamp created locally.</summary>
    [IgnoreMember]
    public int ReaderThreadId { get; private init; }

    /// <summary>Number of stamps this process has decoded so far.</summary>
    public static long DecodedCount => Interlocked.Read(ref s_decodedCount);

    /// <summary>Creates a stamp decoded on the calling thread and counts it.</summary>
    internal static ReadStamp Decoded(int value)
    {
        Interlocked.Increment(ref s_decodedCount);
        var thread = Thread.CurrentThread;
        return new ReadStamp(value) { ReaderThread = thread.Name, ReaderThreadId = thread.ManagedThreadId };
    }
}
