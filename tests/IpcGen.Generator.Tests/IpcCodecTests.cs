using IpcGen.Generator.Tests.Infrastructure;
using IpcGen.Messages;
using IpcGen.Serialization;
using MessagePack;

namespace IpcGen.Generator.Tests;

/// <summary>Direct tests of the codec helpers that generated code calls.</summary>
public sealed class IpcCodecTests
{
    private static MessagePackReader Reader(byte[] payload) => new(payload);

    [Test]
    public void ReadStringAcceptsLimit()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) => writer.Write("abcd"));
        var reader = Reader(payload);
        Assert.That(IpcCodec.ReadString(ref reader, 4, "s"), Is.EqualTo("abcd"));
    }

    [Test]
    public void ReadStringCountsUtf16Units()
    {
        // Two UTF-16 code units in four UTF-8 bytes: within a limit of 2 units.
        var payload = Wire.Build((ref MessagePackWriter writer) => writer.Write("🌍"));
        var reader = Reader(payload);
        Assert.That(IpcCodec.ReadString(ref reader, 2, "s"), Is.EqualTo("🌍"));
    }

    [Test]
    public void WriteStringRejectsNull()
    {
        var exception = Assert.Throws<ArgumentNullException>(() =>
            Wire.Build((ref MessagePackWriter writer) => IpcCodec.WriteString(ref writer, null!, 4, "M.s")))!;
        Assert.That(exception.ParamName, Is.EqualTo("M.s"));
    }

    [Test]
    public void CheckFlagsAcceptsDefinedBits()
    {
        Assert.That(IpcCodec.CheckFlags(FileAccess.ReadWrite, 3, "f"), Is.EqualTo(FileAccess.ReadWrite));
    }

    [Test]
    public void CheckFlagsRejectsUnknownBits()
    {
        var exception = Assert.Throws<IpcProtocolException>(() => IpcCodec.CheckFlags((FileAccess)4, 3, "f"))!;
        Assert.That(exception.Message, Does.Contain("0x4 sets bits outside the flags of FileAccess (0x3)"));
    }

    [Test]
    public void CheckEnumRejectsUndefined()
    {
        var exception = Assert.Throws<IpcProtocolException>(() => IpcCodec.CheckEnum((DayOfWeek)9, "d"))!;
        Assert.That(exception.Message, Does.Contain("9 is not a defined value of DayOfWeek"));
    }

    [Test]
    public void ReadNullableValueReadsNil()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) => writer.WriteNil());
        var reader = Reader(payload);
        var value = IpcCodec.ReadNullableValue(ref reader, new AttachmentReader([]), "n",
            static (ref MessagePackReader r, AttachmentReader a) => IpcCodec.ReadInt32(ref r, "n"));
        Assert.That(value, Is.Null);
        Assert.That(reader.End, Is.True);
    }

    [Test]
    public void ReadDoubleAcceptsInteger()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) => writer.Write(3));
        var reader = Reader(payload);
        Assert.That(IpcCodec.ReadDouble(ref reader, "d"), Is.EqualTo(3.0));
    }

    [Test]
    public void WriteListRejectsOverLimit()
    {
        var exception = Assert.Throws<IpcLimitExceededException>(() => Wire.Build((ref MessagePackWriter writer) =>
            IpcCodec.WriteList(ref writer, new[] { 1, 2 }, new AttachmentWriter(), 1, "M.list",
                static (ref MessagePackWriter w, int item, AttachmentWriter a) => w.Write(item))))!;
        Assert.That(exception.Message, Does.Contain("M.list: it has 2 elements, over the limit of 1"));
    }

    [Test]
    public void ObjectOptionsUseUntrustedDataSecurity()
    {
        Assert.That(IpcCodec.ObjectOptions.Security.HashCollisionResistant, Is.True);
        Assert.That(IpcCodec.ObjectOptions.Security, Is.SameAs(MessagePackSecurity.UntrustedData));
    }
}
