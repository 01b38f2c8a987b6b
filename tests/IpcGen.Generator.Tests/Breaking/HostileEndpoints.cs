using MessagePack;

namespace IpcGen.Generator.Tests.Breaking;

/// <summary>An endpoint whose argument types let a hostile peer probe the decoders' limits.</summary>
[IpcEndpoint]
public partial interface IHostile
{
    void WideList(List<WideStruct> items);

    void WideArray(WideStruct[] items);

    void WideMap(Dictionary<int, WideStruct> entries);

    void Tree(TreeNode root);

    void Bag(ObjectBag bag);

    void Checked(CheckedValue value);

    void Names(Dictionary<string, int> names);

    void Seek(Dictionary<long, int> offsets);

    void Keys(Dictionary<TimeSpan, int> spans, Dictionary<decimal, int> amounts, Dictionary<byte[], int> blobs);
}

/// <summary>An endpoint that uses a [MessagePackObject] type visible only inside this assembly.</summary>
[IpcEndpoint]
internal partial interface IInternalShapes
{
    InternalPoint Echo(InternalPoint point);
}

/// <summary>A struct of 32 longs: 256 bytes in memory, at least 33 bytes on the wire.</summary>
[MessagePackObject]
public struct WideStruct
{
    [Key(0)] public long A0; [Key(1)] public long A1; [Key(2)] public long A2; [Key(3)] public long A3;
    [Key(4)] public long A4; [Key(5)] public long A5; [Key(6)] public long A6; [Key(7)] public long A7;
    [Key(8)] public long A8; [Key(9)] public long A9; [Key(10)] public long A10; [Key(11)] public long A11;
    [Key(12)] public long A12; [Key(13)] public long A13; [Key(14)] public long A14; [Key(15)] public long A15;
    [Key(16)] public long A16; [Key(17)] public long A17; [Key(18)] public long A18; [Key(19)] public long A19;
    [Key(20)] public long A20; [Key(21)] public long A21; [Key(22)] public long A22; [Key(23)] public long A23;
    [Key(24)] public long A24; [Key(25)] public long A25; [Key(26)] public long A26; [Key(27)] public long A27;
    [Key(28)] public long A28; [Key(29)] public long A29; [Key(30)] public long A30; [Key(31)] public long A31;
}

/// <summary>A recursive object, which a peer can nest as deep as it likes.</summary>
[MessagePackObject]
public sealed class TreeNode
{
    [Key(0)]
    public TreeNode? Child { get; set; }
}

/// <summary>An object with an untyped member.</summary>
[MessagePackObject]
public sealed class ObjectBag
{
    [Key(0)]
    public object? Value { get; set; }
}

/// <summary>An object whose constructor validates its argument with an exception MessagePack does not know.</summary>
[MessagePackObject]
public sealed class CheckedValue
{
    [SerializationConstructor]
    public CheckedValue(int value)
    {
        if (value < 0)
        {
            throw new NotSupportedException("negative");
        }

        Value = value;
    }

    [Key(0)]
    public int Value { get; }
}

/// <summary>A [MessagePackObject] type that is not public.</summary>
[MessagePackObject]
internal sealed record InternalPoint([property: Key(0)] int X, [property: Key(1)] int Y);
