namespace IpcGen.Generator.Tests.Breaking;

/// <summary>An endpoint written the way users write them, with names and types that the generated code must not
/// trip over.</summary>
[IpcEndpoint]
public partial interface IOddShapes
{
    byte[] Decode(byte[] data);

    void Encode(string text);

    Task<int> Id(int _count, CancellationToken cancellationToken);

    List<string?>? Lists(List<string?>? values, int?[] numbers);

    SignedByte Signed(SignedByte value);

    WideFlags Wide(WideFlags value);

    Dictionary<string, List<int?>?> Nested(Dictionary<string, List<int?>?> value);

    [Obsolete("kept for old peers")]
    int Old(int value);
}

/// <summary>An enum over a signed byte with a negative value.</summary>
public enum SignedByte : sbyte
{
    Lowest = -128,
    Zero = 0,
    Highest = 127,
}

/// <summary>A flags enum over ulong that uses the top bit.</summary>
[Flags]
public enum WideFlags : ulong
{
    None = 0,
    Low = 1,
    Top = 0x8000_0000_0000_0000,
}
