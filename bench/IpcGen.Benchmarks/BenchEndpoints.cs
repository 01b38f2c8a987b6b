namespace IpcGen.Benchmarks;

/// <summary>Endpoint of the peer process that the benchmark calls.</summary>
[IpcEndpoint]
public partial interface IBenchPeer
{
    /// <summary>Returns the sum of eight 64-bit integers (a 64-byte argument of primitives).</summary>
    long Sum(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7);

    /// <summary>Returns the sum of eight 64-bit integers through a task.</summary>
    Task<long> SumLater(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7);

    /// <summary>Counts one message carrying eight 64-bit integers.</summary>
    void Post(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7);

    /// <summary>Returns the number of <see cref="Post"/> messages handled so far.</summary>
    long PostedCount();

    /// <summary>Returns the length of <paramref name="data"/>.</summary>
    int Take(byte[] data);

    /// <summary>Closes <paramref name="file"/> and returns 1.</summary>
    int Close(Attachment file);

    /// <summary>Returns the bytes allocated so far by every thread of the peer process.</summary>
    long AllocatedBytes();
}

/// <summary>Endpoint of the benchmark process; the peer never calls it.</summary>
[IpcEndpoint]
public partial interface IBenchHost
{
    /// <summary>Unused.</summary>
    void Unused();
}
