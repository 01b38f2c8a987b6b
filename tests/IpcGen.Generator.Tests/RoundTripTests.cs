using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Generator.Tests.Infrastructure;

namespace IpcGen.Generator.Tests;

/// <summary>Every supported type goes through the generated proxy, encoder, decoder and stub and back.</summary>
public sealed class RoundTripTests
{
    private EveryTypeEcho _implementation = null!;
    private IEveryType _proxy = null!;

    [SetUp]
    public void SetUp()
    {
        _implementation = new EveryTypeEcho();
        _proxy = LoopbackSender.CreateProxy<IEveryType>(_implementation);
    }

    [Test]
    public void Primitives()
    {
        Assert.That(_proxy.Boolean(true), Is.True);
        Assert.That(_proxy.Byte(byte.MaxValue), Is.EqualTo(byte.MaxValue));
        Assert.That(_proxy.SByte(sbyte.MinValue), Is.EqualTo(sbyte.MinValue));
        Assert.That(_proxy.Int16(short.MinValue), Is.EqualTo(short.MinValue));
        Assert.That(_proxy.UInt16(ushort.MaxValue), Is.EqualTo(ushort.MaxValue));
        Assert.That(_proxy.Int32(int.MinValue), Is.EqualTo(int.MinValue));
        Assert.That(_proxy.UInt32(uint.MaxValue), Is.EqualTo(uint.MaxValue));
        Assert.That(_proxy.Int64(long.MinValue), Is.EqualTo(long.MinValue));
        Assert.That(_proxy.UInt64(ulong.MaxValue), Is.EqualTo(ulong.MaxValue));
        Assert.That(_proxy.Single(1.5f), Is.EqualTo(1.5f));
        Assert.That(_proxy.Double(-2.25e300), Is.EqualTo(-2.25e300));
        Assert.That(_proxy.Char('\uD800'), Is.EqualTo('\uD800'));
    }

    [Test]
    public void Decimal()
    {
        Assert.That(_proxy.Decimal(-79228162514264337593543950335m), Is.EqualTo(-79228162514264337593543950335m));
        Assert.That(_proxy.Decimal(1.000m).ToString(), Is.EqualTo("1.000"));
    }

    [Test]
    public void Strings()
    {
        Assert.That(_proxy.String("héllo 🌍"), Is.EqualTo("héllo 🌍"));
        Assert.That(_proxy.String(string.Empty), Is.Empty);
        Assert.That(_proxy.NullableString(null), Is.Null);
        Assert.That(_proxy.NullableString("x"), Is.EqualTo("x"));
    }

    [Test]
    public void Bytes()
    {
        Assert.That(_proxy.Bytes([1, 2, 3]), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(_proxy.Memory(new byte[] { 4, 5 }).ToArray(), Is.EqualTo(new byte[] { 4, 5 }));
        Assert.That(_proxy.Memory(ReadOnlyMemory<byte>.Empty).Length, Is.Zero);
    }

    [Test]
    public void Enums()
    {
        Assert.That(_proxy.Enum(Color.Blue), Is.EqualTo(Color.Blue));
        Assert.That(_proxy.Flags(Permissions.Read | Permissions.Execute),
            Is.EqualTo(Permissions.Read | Permissions.Execute));
        Assert.That(_proxy.NullableEnum(null), Is.Null);
        Assert.That(_proxy.NullableEnum(Color.Green), Is.EqualTo(Color.Green));
    }

    [Test]
    public void NullableValue()
    {
        Assert.That(_proxy.NullableInt32(null), Is.Null);
        Assert.That(_proxy.NullableInt32(-7), Is.EqualTo(-7));
    }

    [Test]
    public void Collections()
    {
        Assert.That(_proxy.Array([1, 2, 3]), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(_proxy.List(["a", "b"]), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(_proxy.ReadOnlyList(["a", null]), Is.EqualTo(new[] { "a", null }));
        Assert.That(_proxy.Dictionary(new() { ["one"] = 1, ["two"] = 2 }),
            Is.EquivalentTo(new Dictionary<string, int> { ["one"] = 1, ["two"] = 2 }));
        var byKey = _proxy.ReadOnlyDictionary(new Dictionary<int, List<string>> { [3] = ["x", "y"] });
        Assert.That(byKey[3], Is.EqualTo(new[] { "x", "y" }));
    }

    [Test]
    public void NestedCollections()
    {
        var value = new List<Dictionary<string, int[]>> { new() { ["a"] = [1, 2] }, new() };
        var result = _proxy.Nested(value);
        Assert.That(result, Has.Count.EqualTo(2));
        Assert.That(result[0]["a"], Is.EqualTo(new[] { 1, 2 }));
        Assert.That(result[1], Is.Empty);
    }

    [Test]
    public void DatesAndIds()
    {
        var local = new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Local).AddTicks(1);
        Assert.That(_proxy.DateTime(local), Is.EqualTo(local));
        Assert.That(_proxy.DateTime(local).Kind, Is.EqualTo(DateTimeKind.Local));
        var utc = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.That(_proxy.DateTime(utc).Kind, Is.EqualTo(DateTimeKind.Utc));
        var offset = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(-330));
        Assert.That(_proxy.DateTimeOffset(offset), Is.EqualTo(offset));
        Assert.That(_proxy.DateTimeOffset(offset).Offset, Is.EqualTo(offset.Offset));
        Assert.That(_proxy.TimeSpan(TimeSpan.FromTicks(-123456789)), Is.EqualTo(TimeSpan.FromTicks(-123456789)));
        var id = System.Guid.NewGuid();
        Assert.That(_proxy.Guid(id), Is.EqualTo(id));
    }

    [Test]
    public void MessagePackObjects()
    {
        var point = _proxy.Object(new Point { X = 4, Label = "four" });
        Assert.That(point.X, Is.EqualTo(4));
        Assert.That(point.Label, Is.EqualTo("four"));
        Assert.That(_proxy.NullableObject(null), Is.Null);
        Assert.That(_proxy.NullableObject(new Point { X = 1 })!.X, Is.EqualTo(1));
    }

    [Test]
    public void RecordReturnsTwoValues()
    {
        Assert.That(_proxy.Record(10, 20), Is.EqualTo(new Endpoints.Range(10, 20)));
    }

    [Test]
    public void AttachmentsMoveToPeer()
    {
        using var file = Attachment.DuplicateOf(File.OpenHandle("/dev/null"));
        using var second = Attachment.DuplicateOf(File.OpenHandle("/dev/null"));
        _proxy.Attach(file, [second]);
        Assert.That(_implementation.ReceivedAttachments, Is.EqualTo(new[] { file, second }));
        Assert.That(_implementation.ReceivedAttachments.All(a => a.IsOwned), Is.True);
    }

    [Test]
    public void TransportHandleTravelsAsAttachment()
    {
        var handle = new TransportHandle(Attachment.DuplicateOf(File.OpenHandle("/dev/null")));
        _proxy.Handle(handle);
        Assert.That(handle.IsOwned, Is.False);
        Assert.That(_implementation.ReceivedHandle, Is.Not.Null);
        Assert.That(_implementation.ReceivedHandle!.IsOwned, Is.True);
        _implementation.ReceivedHandle.Dispose();
    }

    [Test]
    public void OneWayAndAsyncRequests()
    {
        var calculator = new RecordingCalculator();
        var proxy = LoopbackSender.CreateProxy<ICalculator>(calculator);
        proxy.Notify("hi");
        proxy.Reset();
        Assert.That(proxy.Add(2, 3), Is.EqualTo(5));
        Assert.That(proxy.SumAsync([1, 2, 3], CancellationToken.None).Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(proxy.SumAsync([1, 2, 3], CancellationToken.None).Result, Is.EqualTo(6));
        Assert.That(proxy.FlushAsync().Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(calculator.Calls, Is.EqualTo(new[] { "Notify hi", "Reset", "Add", "Sum", "Sum", "Flush" }));
    }

    [Test]
    public void ProxyPassesCancellationToken()
    {
        var calculator = new RecordingCalculator();
        var proxy = LoopbackSender.CreateProxy<ICalculator>(calculator);
        using var source = new CancellationTokenSource();
        Assert.That(proxy.SumAsync([1], source.Token).Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(calculator.LastToken, Is.EqualTo(source.Token));
    }

    [Test]
    public void NestedEndpoint()
    {
        var proxy = LoopbackSender.CreateProxy<Outer.Inner.INested>(new NestedEcho());
        Assert.That(proxy.Echo(42), Is.EqualTo(42));
    }

    private sealed class NestedEcho : Outer.Inner.INested
    {
        public int Echo(int value) => value;
    }
}
