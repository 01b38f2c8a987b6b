using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Generator.Tests.Infrastructure;
using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Generator.Tests;

/// <summary>Generated decoders reject every kind of malformed input with an <see cref="IpcProtocolException"/>
/// that names the value and the limit.</summary>
public sealed class DecoderRejectionTests
{
    private static readonly EveryTypeDescriptor s_descriptor = EveryTypeDescriptor.Instance;

    private static IpcProtocolException Reject(uint messageId, byte[] payload, params Attachment[] attachments) =>
        Assert.Throws<IpcProtocolException>(() => Wire.Decode(s_descriptor, messageId, payload, attachments))!;

    private static byte[] OneValue(Wire.PayloadWriter write) => Wire.Build((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(1);
        write(ref writer);
    });

    [Test]
    public void WrongType()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write("seven"));
        var exception = Reject(EveryTypeMessages.Int32.Id, payload);
        Assert.That(exception.Message, Does.Contain("Int32.value"));
        Assert.That(exception.Message, Does.Contain("expected an integer"));
    }

    [Test]
    public void NullForNonNullable()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.WriteNil());
        var exception = Reject(EveryTypeMessages.String.Id, payload);
        Assert.That(exception.Message, Does.Contain("String.value"));
        Assert.That(exception.Message, Does.Contain("not nullable"));
    }

    [Test]
    public void NullElementForNonNullable()
    {
        var payload = OneValue((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.WriteNil();
        });
        var exception = Reject(EveryTypeMessages.List.Id, payload);
        Assert.That(exception.Message, Does.Contain("List.value[]"));
    }

    [Test]
    public void IntegerOutOfRange()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write(300));
        var exception = Reject(EveryTypeMessages.Byte.Id, payload);
        Assert.That(exception.Message, Does.Contain("Byte.value"));
    }

    [Test]
    public void UndefinedEnumValue()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write(7));
        var exception = Reject(EveryTypeMessages.Enum.Id, payload);
        Assert.That(exception.Message, Does.Contain("7 is not a defined value of Color"));
    }

    [Test]
    public void UndefinedFlagBits()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write(8));
        var exception = Reject(EveryTypeMessages.Flags.Id, payload);
        Assert.That(exception.Message, Does.Contain("0x8 sets bits outside the flags of Permissions (0x7)"));
    }

    [Test]
    public void InvalidUtf8()
    {
        var payload = OneValue((ref MessagePackWriter writer) =>
        {
            writer.WriteStringHeader(2);
            writer.WriteRaw(new byte[] { 0xC3, 0x28 });
        });
        var exception = Reject(EveryTypeMessages.String.Id, payload);
        Assert.That(exception.Message, Does.Contain("not valid UTF-8"));
    }

    [Test]
    public void ParameterCountMismatch()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(2);
            writer.Write(1);
            writer.Write(2);
        });
        var exception = Reject(EveryTypeMessages.Int32.Id, payload);
        Assert.That(exception.Message, Does.Contain("it has 2 values, but 1 were expected"));
    }

    [Test]
    public void TruncatedPayload()
    {
        var full = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(3);
            writer.Write(1);
            writer.Write("two");
            writer.Write(3.0);
        });
        for (var length = 0; length < full.Length; length++)
        {
            var truncated = full[..length];
            Assert.Throws<IpcProtocolException>(() => Wire.Decode(s_descriptor, EveryTypeMessages.Many.Id, truncated),
                $"truncated to {length} bytes");
        }
    }

    [Test]
    public void HugeArrayCount()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.WriteArrayHeader(int.MaxValue));
        var exception = Reject(EveryTypeMessages.Array.Id, payload);
        Assert.That(exception.Message, Does.Contain("Array.value"));
        Assert.That(exception.Message, Does.Contain("past the end"));
    }

    [Test]
    public void HugeMapCount()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.WriteMapHeader(100_000_000));
        var exception = Reject(EveryTypeMessages.Dictionary.Id, payload);
        Assert.That(exception.Message, Does.Contain("Dictionary.value"));
        Assert.That(exception.Message, Does.Contain("past the end"));
    }

    [Test]
    public void HugeStringLength()
    {
        // A str32 header that declares 2^31 - 1 bytes, with none following.
        byte[] header = [0xDB, 0x7F, 0xFF, 0xFF, 0xFF];
        var payload = OneValue((ref MessagePackWriter writer) => writer.WriteRaw(header));
        Assert.That(Reject(EveryTypeMessages.String.Id, payload).Message, Does.Contain("String.value"));
    }

    [Test]
    public void HugeBinaryLength()
    {
        // A bin32 header that declares 2^31 - 1 bytes, with none following.
        byte[] header = [0xC6, 0x7F, 0xFF, 0xFF, 0xFF];
        var payload = OneValue((ref MessagePackWriter writer) => writer.WriteRaw(header));
        Assert.That(Reject(EveryTypeMessages.Bytes.Id, payload).Message, Does.Contain("Bytes.value"));
    }

    [Test]
    public void StringOverMaxLength()
    {
        var exception = Reject(EveryTypeMessages.Limited.Id, LimitedPayload(text: "123456789"));
        Assert.That(exception.Message, Does.Contain("Limited.text: 9 UTF-16 code units, over the limit of 8"));
    }

    [Test]
    public void StringBytesOverMaxLength()
    {
        var exception = Reject(EveryTypeMessages.Limited.Id, LimitedPayload(text: new string('x', 100)));
        Assert.That(exception.Message, Does.Contain("Limited.text: 100 UTF-8 bytes, over the limit of 24"));
    }

    [Test]
    public void BytesOverMaxLength()
    {
        var exception = Reject(EveryTypeMessages.Limited.Id, LimitedPayload(bytes: new byte[5]));
        Assert.That(exception.Message, Does.Contain("Limited.bytes: 5 bytes, over the limit of 4"));
    }

    [Test]
    public void ArrayOverMaxLength()
    {
        var exception = Reject(EveryTypeMessages.Limited.Id, LimitedPayload(numbers: [1, 2, 3, 4]));
        Assert.That(exception.Message, Does.Contain("Limited.numbers: 4 elements, over the limit of 3"));
    }

    [Test]
    public void MapOverMaxLength()
    {
        var map = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 3 };
        var exception = Reject(EveryTypeMessages.Limited.Id, LimitedPayload(map: map));
        Assert.That(exception.Message, Does.Contain("Limited.map: 3 entries, over the limit of 2"));
    }

    [Test]
    public void MemoryOverMaxLength()
    {
        var exception = Reject(EveryTypeMessages.Limited.Id, LimitedPayload(memory: new byte[5]));
        Assert.That(exception.Message, Does.Contain("Limited.memory: 5 bytes, over the limit of 4"));
    }

    [Test]
    public void ResultOverMaxLength()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write("toolong"));
        var exception = Reject(EveryTypeMessages.LimitedResultResponse.Id, payload);
        Assert.That(exception.Message, Does.Contain("LimitedResultResponse.Result: 7 UTF-16 code units"));
    }

    [Test]
    public void DuplicateDictionaryKey()
    {
        var payload = OneValue((ref MessagePackWriter writer) =>
        {
            writer.WriteMapHeader(2);
            writer.Write("a");
            writer.Write(1);
            writer.Write("a");
            writer.Write(2);
        });
        Assert.That(Reject(EveryTypeMessages.Dictionary.Id, payload).Message, Does.Contain("entry 1 repeats the key"));
    }

    [Test]
    public void InvalidDecimal()
    {
        var payload = OneValue((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(4);
            writer.Write(0);
            writer.Write(0);
            writer.Write(0);
            writer.Write(0x00FF_0000);
        });
        Assert.That(Reject(EveryTypeMessages.Decimal.Id, payload).Message, Does.Contain("Decimal.value"));
    }

    [Test]
    public void InvalidGuidLength()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write(new byte[15]));
        Assert.That(Reject(EveryTypeMessages.Guid.Id, payload).Message, Does.Contain("a Guid has 16 bytes, found 15"));
    }

    [Test]
    public void InvalidDateTime()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write(long.MaxValue));
        Assert.That(Reject(EveryTypeMessages.DateTime.Id, payload).Message, Does.Contain("DateTime.value"));
    }

    [Test]
    public void MalformedMessagePackObject()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write("not an object"));
        Assert.That(Reject(EveryTypeMessages.Object.Id, payload).Message, Does.Contain("Object.value"));
    }

    [Test]
    public void UnknownMessageId()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) => writer.WriteArrayHeader(0));
        var exception = Reject(0x0BAD_0BADu, payload);
        Assert.That(exception.Message, Does.Contain("Unknown message id 0x0BAD0BAD for endpoint IEveryType"));
    }

    [Test]
    public void TrailingBytes()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.Write(1);
            writer.Write(2);
        });
        Assert.That(Reject(EveryTypeMessages.Int32.Id, payload).Message, Does.Contain("1 bytes follow its last value"));
    }

    [Test]
    public void AttachmentIndexMissing()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.Write(0);
        });
        var exception = Reject(EveryTypeMessages.Handle.Id, payload);
        Assert.That(exception.Message, Does.Contain("Handle.handle"));
        Assert.That(exception.Message, Does.Contain("only 0 arrived"));
    }

    [Test]
    public void UnreferencedAttachment()
    {
        var payload = OneValue((ref MessagePackWriter writer) => writer.Write(1));
        using var extra = Attachment.DuplicateOf(File.OpenHandle("/dev/null"));
        var exception = Reject(EveryTypeMessages.Int32.Id, payload, extra);
        Assert.That(exception.Message, Does.Contain("1 attachments arrived, but the message refers to only 0"));
    }

    [Test]
    public void PayloadOverEndpointLimit()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.Write(new byte[2000]);
        });
        var exception = Assert.Throws<IpcProtocolException>(() =>
            Wire.Decode(LimitedEndpointDescriptor.Instance, LimitedEndpointMessages.Data.Id, payload))!;
        Assert.That(exception.Message, Does.Contain("over the limit of 1024"));
    }

    [Test]
    public void AttachmentsOverEndpointLimit()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) => writer.WriteArrayHeader(0));
        using var a = Attachment.DuplicateOf(File.OpenHandle("/dev/null"));
        using var b = a.Duplicate();
        using var c = a.Duplicate();
        var exception = Assert.Throws<IpcProtocolException>(() =>
            Wire.Decode(LimitedEndpointDescriptor.Instance, LimitedEndpointMessages.Files.Id, payload, a, b, c))!;
        Assert.That(exception.Message, Does.Contain("3 attachments, over the limit of 2"));
    }

    [Test]
    public void RandomCorruptionOnlyRaisesProtocolErrors()
    {
        IMessage[] messages =
        [
            new EveryTypeMessages.Nested([new() { ["a"] = [1, 2, 3] }, new() { ["b"] = [] }]),
            new EveryTypeMessages.Limited("text", [1, 2], [3], new() { ["k"] = 1 }, new byte[] { 4 }),
            new EveryTypeMessages.DateTimeOffset(System.DateTimeOffset.UnixEpoch),
            new EveryTypeMessages.Object(new Point { X = 3, Label = "p" }),
            new EveryTypeMessages.ReadOnlyList(["x", null, "z"]),
            new EveryTypeMessages.Decimal(12.5m),
        ];
        var random = new Random(1234);
        foreach (var message in messages)
        {
            var (payload, _) = Wire.Encode(message);
            for (var i = 0; i < 500; i++)
            {
                var corrupted = payload[..random.Next(payload.Length + 1)];
                if (corrupted.Length > 0)
                {
                    corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
                }

                try
                {
                    Wire.Decode(s_descriptor, message.MessageId, corrupted);
                }
                catch (Exception exception)
                {
                    Assert.That(exception, Is.TypeOf<IpcProtocolException>(),
                        $"{message.GetType().Name}: {Convert.ToHexString(corrupted)}");
                }
            }
        }
    }

    private static byte[] LimitedPayload(string text = "ok", byte[]? bytes = null, int[]? numbers = null,
        Dictionary<string, int>? map = null, byte[]? memory = null) =>
        Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(5);
            writer.Write(text);
            writer.Write(bytes ?? []);
            writer.WriteArrayHeader((numbers ?? []).Length);
            foreach (var number in numbers ?? [])
            {
                writer.Write(number);
            }

            writer.WriteMapHeader((map ?? []).Count);
            foreach (var (key, value) in map ?? [])
            {
                writer.Write(key);
                writer.Write(value);
            }

            writer.Write(memory ?? []);
        });
}
