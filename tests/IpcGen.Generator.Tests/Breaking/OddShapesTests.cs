using IpcGen.Generator.Tests.Infrastructure;

namespace IpcGen.Generator.Tests.Breaking;

/// <summary>Methods named like generated members, underscore parameters, odd nullability and extreme enum values go
/// through the generated proxy, encoder, decoder and stub and back.</summary>
public sealed class OddShapesTests
{
    private IOddShapes _proxy = null!;
    private OddShapesEcho _implementation = null!;

    [SetUp]
    public void SetUp()
    {
        _implementation = new OddShapesEcho();
        _proxy = LoopbackSender.CreateProxy<IOddShapes>(_implementation);
    }

    [Test]
    public void MethodNamedDecodeRoundTrips() =>
        Assert.That(_proxy.Decode([1, 2, 3]), Is.EqualTo(new byte[] { 3, 2, 1 }));

    [Test]
    public void MethodNamedEncodeRoundTrips()
    {
        _proxy.Encode("text");
        Assert.That(_implementation.Encoded, Is.EqualTo("text"));
    }

    [Test]
    public async Task UnderscoreParameterRoundTrips() =>
        Assert.That(await _proxy.Id(41, CancellationToken.None), Is.EqualTo(42));

    [Test]
    public void RenamedRequestClassKeepsMethodName()
    {
        Assert.That(OddShapesDescriptor.Instance.TryGetMessage(OddShapesMessages.DecodeRequest.Id, out var info),
            Is.True);
        Assert.That(info.Name, Is.EqualTo("Decode"));
        Assert.That(new OddShapesMessages.IdRequest(5).Count, Is.EqualTo(5));
    }

    [Test]
    public void NullableListsRoundTrip()
    {
        Assert.That(_proxy.Lists(null, [1, null]), Is.Null);
        Assert.That(_proxy.Lists(["a", null], []), Is.EqualTo(new[] { "a", null }));
    }

    [Test]
    public void ExtremeEnumsRoundTrip()
    {
        Assert.That(_proxy.Signed(SignedByte.Lowest), Is.EqualTo(SignedByte.Lowest));
        Assert.That(_proxy.Wide(WideFlags.Top | WideFlags.Low), Is.EqualTo(WideFlags.Top | WideFlags.Low));
    }

    [Test]
    public void NestedNullableRoundTrips()
    {
        var value = new Dictionary<string, List<int?>?> { ["a"] = [1, null], ["b"] = null };
        Assert.That(_proxy.Nested(value), Is.EqualTo(value));
    }

#pragma warning disable CS0618 // The obsolete method is called on purpose.
    [Test]
    public void ObsoleteMethodRoundTrips() => Assert.That(_proxy.Old(7), Is.EqualTo(7));
#pragma warning restore CS0618

    private sealed class OddShapesEcho : IOddShapes
    {
        public string? Encoded { get; private set; }

        public byte[] Decode(byte[] data) => data.Reverse().ToArray();

        public void Encode(string text) => Encoded = text;

        public Task<int> Id(int _count, CancellationToken cancellationToken) => Task.FromResult(_count + 1);

        public List<string?>? Lists(List<string?>? values, int?[] numbers) => values;

        public SignedByte Signed(SignedByte value) => value;

        public WideFlags Wide(WideFlags value) => value;

        public Dictionary<string, List<int?>?> Nested(Dictionary<string, List<int?>?> value) => value;

        [Obsolete("kept for old peers")]
        public int Old(int value) => value;
    }
}
