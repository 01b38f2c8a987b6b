using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Generator.Tests.Infrastructure;
using MessagePack;

namespace IpcGen.Generator.Tests.Breaking;

/// <summary>Decoders stay within a small multiple of the payload in memory and reject hostile input cleanly.
/// </summary>
public sealed class CodecBreakingTests
{
    // Each WideStruct is 256 bytes in memory, but a peer can declare one per payload byte. The decoder must
    // allocate in proportion to what it decodes, not to the count the peer declares.
    private const int DeclaredCount = 65536;
    private const int MaxBytesPerPayloadByte = 16;

    private static long AllocatedWhileRejecting(uint messageId, byte[] payload)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<IpcProtocolException>(() => Wire.Decode(HostileDescriptor.Instance, messageId, payload));
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // A collection header that declares one element per remaining byte, followed by nils that fail to decode.
    private static byte[] DeclaredButInvalid(bool map) => Wire.Build((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(1);
        if (map)
        {
            writer.WriteMapHeader(DeclaredCount / 2);
        }
        else
        {
            writer.WriteArrayHeader(DeclaredCount);
        }

        for (var i = 0; i < DeclaredCount; i++)
        {
            writer.WriteNil();
        }
    });

    [Test]
    public void ListPreallocationIsBoundedByPayload()
    {
        var payload = DeclaredButInvalid(map: false);
        var allocated = AllocatedWhileRejecting(HostileMessages.WideList.Id, payload);
        Assert.That(allocated, Is.LessThan((long)payload.Length * MaxBytesPerPayloadByte));
    }

    [Test]
    public void ArrayPreallocationIsBoundedByPayload()
    {
        var payload = DeclaredButInvalid(map: false);
        var allocated = AllocatedWhileRejecting(HostileMessages.WideArray.Id, payload);
        Assert.That(allocated, Is.LessThan((long)payload.Length * MaxBytesPerPayloadByte));
    }

    [Test]
    public void DictionaryPreallocationIsBoundedByPayload()
    {
        var payload = DeclaredButInvalid(map: true);
        var allocated = AllocatedWhileRejecting(HostileMessages.WideMap.Id, payload);
        Assert.That(allocated, Is.LessThan((long)payload.Length * MaxBytesPerPayloadByte));
    }

    [Test]
    public void LargeWideArrayRoundTrips()
    {
        var items = Enumerable.Range(0, 5000).Select(i => new WideStruct { A0 = i, A31 = -i }).ToArray();
        var decoded = Wire.RoundTrip(HostileDescriptor.Instance, new HostileMessages.WideArray(items));
        Assert.That(decoded.Items, Is.EqualTo(items));
    }

    [Test]
    public void InternalObjectRoundTrips()
    {
        var decoded = Wire.RoundTrip(InternalShapesDescriptor.Instance,
            new InternalShapesMessages.Echo(new InternalPoint(3, -4)));
        Assert.That(decoded.Point, Is.EqualTo(new InternalPoint(3, -4)));
    }

    [Test]
    public void DuplicateKeyErrorOmitsPeerText()
    {
        const string key = "a\nforged log line";
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.WriteMapHeader(2);
            writer.Write(key);
            writer.Write(1);
            writer.Write(key);
            writer.Write(2);
        });
        var exception = Assert.Throws<IpcProtocolException>(() =>
            Wire.Decode(HostileDescriptor.Instance, HostileMessages.Names.Id, payload))!;
        Assert.That(exception.Message, Does.Not.Contain("forged"));
        Assert.That(exception.Message, Does.Contain("Names.names"));
        Assert.That(exception.Message, Does.Contain("entry 1"));
    }

    [Test]
    public void DeepObjectNestingIsRejected()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            for (var i = 0; i < 100_000; i++)
            {
                writer.WriteArrayHeader(1);
            }

            writer.WriteNil();
        });
        Assert.Throws<IpcProtocolException>(() =>
            Wire.Decode(HostileDescriptor.Instance, HostileMessages.Tree.Id, payload));
    }

    [Test]
    public void ObjectConstructorExceptionIsProtocolError()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.WriteArrayHeader(1);
            writer.Write(-1);
        });
        Assert.Throws<IpcProtocolException>(() =>
            Wire.Decode(HostileDescriptor.Instance, HostileMessages.Checked.Id, payload));
    }

    [Test]
    public void UndefinedEnumIsRejectedBeforeSending()
    {
        // The peer's decoder rejects the value and disconnects, so the sender must fail at the call instead.
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Wire.Encode(new EveryTypeMessages.Enum((Color)7)))!;
        Assert.That(exception.ParamName, Is.EqualTo("Enum.value"));
    }

    [Test]
    public void UndefinedFlagsAreRejectedBeforeSending()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Wire.Encode(new EveryTypeMessages.Flags((Permissions)8)))!;
        Assert.That(exception.ParamName, Is.EqualTo("Flags.value"));
    }

    [Test]
    public void DictionaryResistsCraftedHashCollisions()
    {
        // Every key (i << 32) | i has the default long hash code 0, so a peer that sends many of them would make
        // each insertion scan all earlier keys: quadratic time on the IO thread from a small payload.
        const int count = 64;
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.WriteMapHeader(count);
            for (long i = 1; i <= count; i++)
            {
                writer.Write((i << 32) | i);
                writer.Write(0);
            }
        });
        var decoded = (HostileMessages.Seek)Wire.Decode(HostileDescriptor.Instance, HostileMessages.Seek.Id,
            payload);

        Assert.That(decoded.Offsets.Keys.Select(key => key.GetHashCode()).Distinct().Count(), Is.EqualTo(1));
        Assert.That(decoded.Offsets.Keys.Select(key => decoded.Offsets.Comparer.GetHashCode(key)).Distinct().Count(),
            Is.GreaterThan(count / 2));
    }

    [Test]
    public void KeysWithoutResistantHashRoundTrip()
    {
        var message = new HostileMessages.Keys(
            new() { [TimeSpan.FromSeconds(1)] = 1 }, new() { [2.5m] = 2 }, new() { [[1, 2]] = 3 });
        var decoded = Wire.RoundTrip(HostileDescriptor.Instance, message);
        Assert.That(decoded.Spans, Is.EqualTo(message.Spans));
        Assert.That(decoded.Amounts, Is.EqualTo(message.Amounts));
        Assert.That(decoded.Blobs.Values, Is.EqualTo(new[] { 3 }));
    }
}
