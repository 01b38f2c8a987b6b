namespace IpcGen.Benchmarks.Micro;

/// <summary>Endpoint whose generated messages the micro-benchmarks encode and decode.</summary>
[IpcEndpoint]
public partial interface IMicroEndpoint
{
    /// <summary>Two integers.</summary>
    int Add(int a, int b);

    /// <summary>Eight 64-bit integers, 64 bytes of primitives.</summary>
    void Post(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7);

    /// <summary>A string and a list of strings.</summary>
    void Open(string path, List<string> options);

    /// <summary>A 4 KiB byte array.</summary>
    int Write(byte[] data);
}
