using IpcGen.Generator.Tests.Endpoints;

namespace IpcGen.Generator.Tests.Infrastructure;

/// <summary>Returns every argument unchanged and keeps the attachments it receives.</summary>
internal sealed class EveryTypeEcho : IEveryType
{
    public List<Attachment> ReceivedAttachments { get; } = [];

    public TransportHandle? ReceivedHandle { get; private set; }

    public string LimitedResultValue { get; set; } = "ok";

    public bool Boolean(bool value) => value;

    public byte Byte(byte value) => value;

    public sbyte SByte(sbyte value) => value;

    public short Int16(short value) => value;

    public ushort UInt16(ushort value) => value;

    public int Int32(int value) => value;

    public uint UInt32(uint value) => value;

    public long Int64(long value) => value;

    public ulong UInt64(ulong value) => value;

    public float Single(float value) => value;

    public double Double(double value) => value;

    public decimal Decimal(decimal value) => value;

    public char Char(char value) => value;

    public string String(string value) => value;

    public string? NullableString(string? value) => value;

    public byte[] Bytes(byte[] value) => value;

    public ReadOnlyMemory<byte> Memory(ReadOnlyMemory<byte> value) => value;

    public Color Enum(Color value) => value;

    public Permissions Flags(Permissions value) => value;

    public int? NullableInt32(int? value) => value;

    public Color? NullableEnum(Color? value) => value;

    public int[] Array(int[] value) => value;

    public List<string> List(List<string> value) => value;

    public IReadOnlyList<string?> ReadOnlyList(IReadOnlyList<string?> value) => value;

    public Dictionary<string, int> Dictionary(Dictionary<string, int> value) => value;

    public IReadOnlyDictionary<int, List<string>> ReadOnlyDictionary(IReadOnlyDictionary<int, List<string>> value) =>
        value;

    public List<Dictionary<string, int[]>> Nested(List<Dictionary<string, int[]>> value) => value;

    public DateTime DateTime(DateTime value) => value;

    public DateTimeOffset DateTimeOffset(DateTimeOffset value) => value;

    public TimeSpan TimeSpan(TimeSpan value) => value;

    public Guid Guid(Guid value) => value;

    public Point Object(Point value) => value;

    public Point? NullableObject(Point? value) => value;

    public Endpoints.Range Record(int start, int length) => new(start, length);

    public void Attach(Attachment file, List<Attachment> more)
    {
        ReceivedAttachments.Add(file);
        ReceivedAttachments.AddRange(more);
    }

    public void Handle(TransportHandle handle) => ReceivedHandle = handle;

    public void Limited(string text, byte[] bytes, int[] numbers, Dictionary<string, int> map,
        ReadOnlyMemory<byte> memory)
    {
    }

    public string LimitedResult() => LimitedResultValue;

    public void Many(int a, string b, double c)
    {
    }
}
