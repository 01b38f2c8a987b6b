using MessagePack;

namespace IpcGen.Generator.Tests.Endpoints;

/// <summary>An endpoint with one sync request per supported type; each method returns its argument.</summary>
[IpcEndpoint]
public partial interface IEveryType
{
    bool Boolean(bool value);

    byte Byte(byte value);

    sbyte SByte(sbyte value);

    short Int16(short value);

    ushort UInt16(ushort value);

    int Int32(int value);

    uint UInt32(uint value);

    long Int64(long value);

    ulong UInt64(ulong value);

    float Single(float value);

    double Double(double value);

    decimal Decimal(decimal value);

    char Char(char value);

    string String(string value);

    string? NullableString(string? value);

    byte[] Bytes(byte[] value);

    ReadOnlyMemory<byte> Memory(ReadOnlyMemory<byte> value);

    Color Enum(Color value);

    Permissions Flags(Permissions value);

    int? NullableInt32(int? value);

    Color? NullableEnum(Color? value);

    int[] Array(int[] value);

    List<string> List(List<string> value);

    IReadOnlyList<string?> ReadOnlyList(IReadOnlyList<string?> value);

    Dictionary<string, int> Dictionary(Dictionary<string, int> value);

    IReadOnlyDictionary<int, List<string>> ReadOnlyDictionary(IReadOnlyDictionary<int, List<string>> value);

    List<Dictionary<string, int[]>> Nested(List<Dictionary<string, int[]>> value);

    DateTime DateTime(DateTime value);

    DateTimeOffset DateTimeOffset(DateTimeOffset value);

    TimeSpan TimeSpan(TimeSpan value);

    Guid Guid(Guid value);

    Point Object(Point value);

    Point? NullableObject(Point? value);

    Range Record(int start, int length);

    void Attach(Attachment file, [MaxLength(4)] List<Attachment> more);

    void Handle(TransportHandle handle);

    void Limited([MaxLength(8)] string text, [MaxLength(4)] byte[] bytes, [MaxLength(3)] int[] numbers,
        [MaxLength(2)] Dictionary<string, int> map, [MaxLength(4)] ReadOnlyMemory<byte> memory);

    [return: MaxLength(5)]
    string LimitedResult();

    void Many(int a, string b, double c);
}

/// <summary>A plain enum.</summary>
public enum Color
{
    Red,
    Green,
    Blue,
}

/// <summary>A flags enum over a byte.</summary>
[Flags]
public enum Permissions : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
}

/// <summary>A MessagePack object.</summary>
[MessagePackObject]
public sealed class Point
{
    [Key(0)]
    public int X { get; set; }

    [Key(1)]
    public string Label { get; set; } = string.Empty;
}

/// <summary>A record that carries two return values.</summary>
[MessagePackObject]
public sealed record Range([property: Key(0)] int Start, [property: Key(1)] int Length);
