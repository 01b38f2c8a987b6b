using IpcGen.Integration.Peer;

namespace IpcGen.Integration.Tests;

/// <summary>Every supported parameter and return type goes to a peer process over a real socket and comes back,
/// with edge values: empty, null, minimum and maximum, NaN, and strings at their maximum length.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class RoundTripTests
{
    private PeerProcess _peer = null!;

    private IWorker Worker => _peer.Worker;

    [OneTimeSetUp]
    public void StartPeer() => _peer = PeerProcess.Start();

    [OneTimeTearDown]
    public void StopPeer() => _peer.Dispose();

    [Test]
    public void Integers_MinAndMax()
    {
        Assert.That(Worker.Boolean(true), Is.True);
        Assert.That(Worker.Boolean(false), Is.False);
        Assert.That(Worker.Byte(byte.MinValue), Is.EqualTo(byte.MinValue));
        Assert.That(Worker.Byte(byte.MaxValue), Is.EqualTo(byte.MaxValue));
        Assert.That(Worker.SByte(sbyte.MinValue), Is.EqualTo(sbyte.MinValue));
        Assert.That(Worker.SByte(sbyte.MaxValue), Is.EqualTo(sbyte.MaxValue));
        Assert.That(Worker.Int16(short.MinValue), Is.EqualTo(short.MinValue));
        Assert.That(Worker.Int16(short.MaxValue), Is.EqualTo(short.MaxValue));
        Assert.That(Worker.UInt16(ushort.MaxValue), Is.EqualTo(ushort.MaxValue));
        Assert.That(Worker.Int32(int.MinValue), Is.EqualTo(int.MinValue));
        Assert.That(Worker.Int32(int.MaxValue), Is.EqualTo(int.MaxValue));
        Assert.That(Worker.UInt32(uint.MaxValue), Is.EqualTo(uint.MaxValue));
        Assert.That(Worker.Int64(long.MinValue), Is.EqualTo(long.MinValue));
        Assert.That(Worker.Int64(long.MaxValue), Is.EqualTo(long.MaxValue));
        Assert.That(Worker.UInt64(ulong.MaxValue), Is.EqualTo(ulong.MaxValue));
        Assert.That(Worker.UInt64(0), Is.Zero);
    }

    [TestCase(0.0)]
    [TestCase(-0.0)]
    [TestCase(double.Epsilon)]
    [TestCase(double.MinValue)]
    [TestCase(double.MaxValue)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    [TestCase(-2.5e-300)]
    public void Double_BitExact(double value)
    {
        double echoed = Worker.Double(value);

        Assert.That(BitConverter.DoubleToInt64Bits(echoed), Is.EqualTo(BitConverter.DoubleToInt64Bits(value)));
    }

    [TestCase(-0.0f)]
    [TestCase(float.Epsilon)]
    [TestCase(float.MinValue)]
    [TestCase(float.MaxValue)]
    [TestCase(float.NegativeInfinity)]
    public void Single_BitExact(float value)
    {
        float echoed = Worker.Single(value);

        Assert.That(BitConverter.SingleToInt32Bits(echoed), Is.EqualTo(BitConverter.SingleToInt32Bits(value)));
    }

    [Test]
    public void NaN_StaysNaN()
    {
        Assert.That(Worker.Double(double.NaN), Is.NaN);
        Assert.That(Worker.Single(float.NaN), Is.NaN);
        Assert.That(Worker.NullableDouble(double.NaN), Is.NaN);
    }

    [Test]
    public void Decimal_RangeAndScale()
    {
        Assert.That(Worker.Decimal(decimal.MaxValue), Is.EqualTo(decimal.MaxValue));
        Assert.That(Worker.Decimal(decimal.MinValue), Is.EqualTo(decimal.MinValue));
        Assert.That(Worker.Decimal(0.0000000000000000000000000001m), Is.EqualTo(0.0000000000000000000000000001m));
        Assert.That(Worker.Decimal(1.000m).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo("1.000"));
    }

    [Test]
    public void Char_EveryEdge()
    {
        Assert.That(Worker.Char('\0'), Is.EqualTo('\0'));
        Assert.That(Worker.Char('\uFFFF'), Is.EqualTo('\uFFFF'));
        Assert.That(Worker.Char('\uD800'), Is.EqualTo('\uD800'));
        Assert.That(Worker.Char('é'), Is.EqualTo('é'));
    }

    [Test]
    public void String_EmptyAndUnicode()
    {
        Assert.That(Worker.String(string.Empty), Is.Empty);
        Assert.That(Worker.String("héllo, 世界 🌍"), Is.EqualTo("héllo, 世界 🌍"));
        Assert.That(Worker.String("nul\0inside"), Is.EqualTo("nul\0inside"));
    }

    [Test]
    public void String_AtMaxLength_Ascii()
    {
        string value = new('a', WorkerLimits.MaxStringLength);

        Assert.That(Worker.String(value), Is.EqualTo(value));
    }

    [Test]
    public void String_AtMaxLength_ThreeByteChars()
    {
        // Each '€' takes 3 UTF-8 bytes, the most per UTF-16 code unit, so the decoder's byte bound is reached too.
        string value = new('€', WorkerLimits.MaxStringLength);

        Assert.That(Worker.String(value), Is.EqualTo(value));
    }

    [Test]
    public void String_AtMaxLength_SurrogatePairs()
    {
        string value = string.Concat(Enumerable.Repeat("🌍", WorkerLimits.MaxStringLength / 2));

        Assert.That(value, Has.Length.EqualTo(WorkerLimits.MaxStringLength));
        Assert.That(Worker.String(value), Is.EqualTo(value));
    }

    [Test]
    public void String_LoneSurrogate_NotAltered()
    {
        // A string with a lone surrogate has no UTF-8 form: the sender must either keep it intact or reject it,
        // never deliver a different string.
        const string value = "a\uD800b";
        string? echoed = null;
        Exception? rejected = null;
        try
        {
            echoed = Worker.String(value);
        }
        catch (Exception exception) when (exception is ArgumentException or IpcException)
        {
            rejected = exception;
        }

        Assert.That(rejected is not null || echoed == value, Is.True,
            $"the string came back as {Escape(echoed)} instead of {Escape(value)}");
        Assert.That(Worker.Int32(7), Is.EqualTo(7), "the connection stays usable");
    }

    [Test]
    public void NullableString_NullAndEmpty()
    {
        Assert.That(Worker.NullableString(null), Is.Null);
        Assert.That(Worker.NullableString(string.Empty), Is.Empty);
        Assert.That(Worker.NullableString("x"), Is.EqualTo("x"));
    }

    [Test]
    public void Bytes_EmptyEveryValueAndLarge()
    {
        byte[] everyValue = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        byte[] large = new byte[512 * 1024];
        new Random(1).NextBytes(large);

        Assert.That(Worker.Bytes([]), Is.Empty);
        Assert.That(Worker.Bytes(everyValue), Is.EqualTo(everyValue));
        Assert.That(Worker.Bytes(large), Is.EqualTo(large));
    }

    [Test]
    public void Memory_EmptyAndSlice()
    {
        byte[] backing = [9, 9, 1, 2, 3, 9];

        Assert.That(Worker.Memory(ReadOnlyMemory<byte>.Empty).Length, Is.Zero);
        Assert.That(Worker.Memory(backing.AsMemory(2, 3)).ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void Enums_EveryShape()
    {
        foreach (var color in Enum.GetValues<Color>())
        {
            Assert.That(Worker.Enum(color), Is.EqualTo(color));
        }

        Assert.That(Worker.Flags(Access.None), Is.EqualTo(Access.None));
        Assert.That(Worker.Flags(Access.Top | Access.Read | Access.Execute),
            Is.EqualTo(Access.Top | Access.Read | Access.Execute));
        Assert.That(Worker.SignedEnum(Level.Lowest), Is.EqualTo(Level.Lowest));
        Assert.That(Worker.SignedEnum(Level.Low), Is.EqualTo(Level.Low));
        Assert.That(Worker.SignedEnum(Level.Highest), Is.EqualTo(Level.Highest));
    }

    [Test]
    public void NullableValues_NullAndValue()
    {
        var id = System.Guid.NewGuid();

        Assert.That(Worker.NullableInt32(null), Is.Null);
        Assert.That(Worker.NullableInt32(int.MinValue), Is.EqualTo(int.MinValue));
        Assert.That(Worker.NullableDouble(null), Is.Null);
        Assert.That(Worker.NullableDouble(-1.5), Is.EqualTo(-1.5));
        Assert.That(Worker.NullableEnum(null), Is.Null);
        Assert.That(Worker.NullableEnum(Color.Blue), Is.EqualTo(Color.Blue));
        Assert.That(Worker.NullableGuid(null), Is.Null);
        Assert.That(Worker.NullableGuid(System.Guid.Empty), Is.EqualTo(System.Guid.Empty));
        Assert.That(Worker.NullableGuid(id), Is.EqualTo(id));
    }

    [Test]
    public void Arrays_EmptyNullElementsAndJagged()
    {
        int[][] jagged = [[], [int.MinValue], [1, 2, int.MaxValue]];

        Assert.That(Worker.Array([]), Is.Empty);
        Assert.That(Worker.Array([int.MinValue, 0, int.MaxValue]), Is.EqualTo(new[] { int.MinValue, 0, int.MaxValue }));
        Assert.That(Worker.NullableStringArray([null, "", "x"]), Is.EqualTo(new string?[] { null, "", "x" }));
        Assert.That(Worker.Jagged([]), Is.Empty);
        Assert.That(Worker.Jagged(jagged), Is.EqualTo(jagged));
    }

    [Test]
    public void Lists_EmptyAndNullElements()
    {
        Assert.That(Worker.List([]), Is.Empty);
        Assert.That(Worker.List(["a", "", "ü"]), Is.EqualTo(new List<string> { "a", "", "ü" }));
        Assert.That(Worker.NullableIntList([null, 1, null]), Is.EqualTo(new List<int?> { null, 1, null }));
        Assert.That(Worker.ReadOnlyList([]), Is.Empty);
        Assert.That(Worker.ReadOnlyList(["x", null]), Is.EqualTo(new string?[] { "x", null }));
    }

    [Test]
    public void Dictionaries_EmptyAndNullValues()
    {
        var id = System.Guid.NewGuid();
        var map = new Dictionary<string, int> { [""] = 0, ["min"] = int.MinValue, ["max"] = int.MaxValue };
        var nullable = new Dictionary<Guid, string?> { [id] = null, [System.Guid.Empty] = "empty" };
        var readOnly = new Dictionary<int, List<string>> { [0] = [], [-1] = ["a", "b"] };

        Assert.That(Worker.Dictionary([]), Is.Empty);
        Assert.That(Worker.Dictionary(map), Is.EquivalentTo(map));
        Assert.That(Worker.NullableValueDictionary(nullable), Is.EquivalentTo(nullable));
        Assert.That(Worker.ReadOnlyDictionary(new Dictionary<int, List<string>>()), Is.Empty);
        var echoed = Worker.ReadOnlyDictionary(readOnly);
        Assert.That(echoed.Keys, Is.EquivalentTo(readOnly.Keys));
        Assert.That(echoed[0], Is.Empty);
        Assert.That(echoed[-1], Is.EqualTo(new List<string> { "a", "b" }));
    }

    [Test]
    public void NestedCollections_RoundTrip()
    {
        var nested = new List<Dictionary<string, int[]>>
        {
            new(),
            new() { ["a"] = [], ["b"] = [1, 2, 3] },
        };
        var maps = new Dictionary<string, Dictionary<long, byte[]>>
        {
            ["empty"] = new(),
            ["full"] = new() { [long.MinValue] = [], [long.MaxValue] = [0xFF, 0x00] },
        };

        var echoedNested = Worker.Nested(nested);
        var echoedMaps = Worker.NestedMaps(maps);

        Assert.That(echoedNested, Has.Count.EqualTo(2));
        Assert.That(echoedNested[0], Is.Empty);
        Assert.That(echoedNested[1]["a"], Is.Empty);
        Assert.That(echoedNested[1]["b"], Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(echoedMaps["empty"], Is.Empty);
        Assert.That(echoedMaps["full"][long.MinValue], Is.Empty);
        Assert.That(echoedMaps["full"][long.MaxValue], Is.EqualTo(new byte[] { 0xFF, 0x00 }));
    }

    [Test]
    public void DateTime_TicksAndKind()
    {
        DateTime[] values =
        [
            System.DateTime.MinValue,
            System.DateTime.MaxValue,
            new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567),
            new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Local),
            new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
        ];

        foreach (var value in values)
        {
            var echoed = Worker.DateTime(value);
            Assert.That(echoed.Ticks, Is.EqualTo(value.Ticks), $"ticks of {value:O}");
            Assert.That(echoed.Kind, Is.EqualTo(value.Kind), $"kind of {value:O}");
        }
    }

    [Test]
    public void DateTimeOffset_TicksAndOffset()
    {
        DateTimeOffset[] values =
        [
            System.DateTimeOffset.MinValue,
            System.DateTimeOffset.MaxValue,
            new DateTimeOffset(2024, 6, 1, 12, 0, 0, System.TimeSpan.FromHours(14)),
            new DateTimeOffset(2024, 6, 1, 12, 0, 0, System.TimeSpan.FromMinutes(-13 * 60 - 59)),
        ];

        foreach (var value in values)
        {
            var echoed = Worker.DateTimeOffset(value);
            Assert.That(echoed.Ticks, Is.EqualTo(value.Ticks), $"ticks of {value:O}");
            Assert.That(echoed.Offset, Is.EqualTo(value.Offset), $"offset of {value:O}");
        }
    }

    [Test]
    public void TimeSpanAndGuid_Edges()
    {
        var allOnes = new Guid(Enumerable.Repeat((byte)0xFF, 16).ToArray());
        var id = System.Guid.NewGuid();

        Assert.That(Worker.TimeSpan(System.TimeSpan.MinValue), Is.EqualTo(System.TimeSpan.MinValue));
        Assert.That(Worker.TimeSpan(System.TimeSpan.MaxValue), Is.EqualTo(System.TimeSpan.MaxValue));
        Assert.That(Worker.TimeSpan(System.TimeSpan.FromTicks(-1)), Is.EqualTo(System.TimeSpan.FromTicks(-1)));
        Assert.That(Worker.Guid(System.Guid.Empty), Is.EqualTo(System.Guid.Empty));
        Assert.That(Worker.Guid(allOnes), Is.EqualTo(allOnes));
        Assert.That(Worker.Guid(id), Is.EqualTo(id));
    }

    [Test]
    public void RecordClass_NestedAndNull()
    {
        var full = new Shape("triangle", [new(0, 0), new(1, -0.5), new(double.MaxValue, double.Epsilon)],
            new Dictionary<string, double> { ["area"] = 0.5, [""] = double.NegativeInfinity }, "a comment");
        var empty = new Shape(string.Empty, [], [], null);

        Assert.That(Worker.RecordClass(full).Matches(full), Is.True);
        Assert.That(Worker.RecordClass(empty).Matches(empty), Is.True);
        Assert.That(Worker.NullableRecord(null), Is.Null);
        Assert.That(Worker.NullableRecord(full)!.Matches(full), Is.True);
    }

    [Test]
    public void RecordStruct_ValueAndNull()
    {
        var value = new Vector(double.MinValue, double.NaN);

        Assert.That(Worker.Struct(value), Is.EqualTo(value));
        Assert.That(Worker.Struct(default), Is.EqualTo(default(Vector)));
        Assert.That(Worker.NullableStruct(null), Is.Null);
        Assert.That(Worker.NullableStruct(value), Is.EqualTo(value));
    }

    [Test]
    public void RecordReturn_SeveralValues()
    {
        var statistics = Worker.Summarize([int.MaxValue, int.MaxValue, -3]);

        Assert.That(statistics.Count, Is.EqualTo(3));
        Assert.That(statistics.Sum, Is.EqualTo(2L * int.MaxValue - 3));
        Assert.That(statistics.Min, Is.EqualTo(-3));
        Assert.That(statistics.Max, Is.EqualTo(int.MaxValue));
        Assert.That(statistics.Mean, Is.EqualTo((2.0 * int.MaxValue - 3) / 3));
    }

    [Test]
    public void OneWay_SeveralParameters()
    {
        Worker.Many(true, long.MinValue, "ünïcode", double.NegativeInfinity, Color.Green, [1, -1]);

        // The one-way message and the sync request come from one thread, so the peer handles them in that order.
        var echoed = Worker.LastMany();

        Assert.That(echoed.Flag, Is.True);
        Assert.That(echoed.Number, Is.EqualTo(long.MinValue));
        Assert.That(echoed.Text, Is.EqualTo("ünïcode"));
        Assert.That(echoed.Ratio, Is.EqualTo(double.NegativeInfinity));
        Assert.That(echoed.Color, Is.EqualTo(Color.Green));
        Assert.That(echoed.Values, Is.EqualTo(new[] { 1, -1 }));
    }

    private static string Escape(string? text) =>
        text is null ? "null" : string.Concat(text.Select(c => c < 128 ? c.ToString() : $"\\u{(int)c:X4}"));
}
