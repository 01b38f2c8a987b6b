using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Generator.Tests.Infrastructure;
using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Generator.Tests.Breaking;

/// <summary>Payloads a hostile peer could send raise only <see cref="IpcProtocolException"/> and leave every
/// attachment accounted for.</summary>
public sealed class HostilePeerTests
{
    private static IpcProtocolException Reject(uint messageId, byte[] payload, params Attachment[] attachments) =>
        Assert.Throws<IpcProtocolException>(() =>
            Wire.Decode(EveryTypeDescriptor.Instance, messageId, payload, attachments))!;

    private static Attachment DevNull() => Attachment.DuplicateOf(File.OpenHandle("/dev/null"));

    private static byte[] AttachPayload(int first, params int[] more) => Wire.Build((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(2);
        writer.Write(first);
        writer.WriteArrayHeader(more.Length);
        foreach (var index in more)
        {
            writer.Write(index);
        }
    });

    [Test]
    public void NegativeAttachmentIndex()
    {
        using var attachment = DevNull();
        var exception = Reject(EveryTypeMessages.Attach.Id, AttachPayload(-1), attachment);
        Assert.That(exception.Message, Does.Contain("Attach.file"));
        Assert.That(attachment.IsOwned, Is.True, "an attachment that was not taken stays with the connection");
    }

    [Test]
    public void RepeatedAttachmentIndex()
    {
        using var first = DevNull();
        using var second = DevNull();
        var exception = Reject(EveryTypeMessages.Attach.Id, AttachPayload(0, 0), first, second);
        Assert.That(exception.Message, Does.Contain("Attach.more[]"));
    }

    [Test]
    public void AttachmentIndexBeyondInt32()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.Write(uint.MaxValue);
        });
        Assert.That(Reject(EveryTypeMessages.Handle.Id, payload).Message, Does.Contain("Handle.handle"));
    }

    [Test]
    public void ExtensionInPlaceOfInteger()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.WriteExtensionFormat(new ExtensionResult(-1, new byte[] { 0, 0, 0, 1 }));
        });
        Assert.That(Reject(EveryTypeMessages.Int64.Id, payload).Message, Does.Contain("expected an integer"));
    }

    [Test]
    public void FloatInPlaceOfEnum()
    {
        var payload = Wire.Build((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(1);
            writer.Write(double.NaN);
        });
        Assert.That(Reject(EveryTypeMessages.Enum.Id, payload).Message, Does.Contain("expected an integer"));
    }

    [Test]
    public void CorruptedOddShapesRaiseOnlyProtocolErrors()
    {
        IMessage[] messages =
        [
            new HostileMessages.WideArray([new WideStruct { A0 = 1 }, new WideStruct { A31 = -1 }]),
            new HostileMessages.WideMap(new() { [1] = new WideStruct { A5 = 5 } }),
            new HostileMessages.Tree(new TreeNode { Child = new TreeNode() }),
            new HostileMessages.Bag(new ObjectBag { Value = new object[] { 1, "two", new Dictionary<object, int>() } }),
            new OddShapesMessages.Nested(new() { ["a"] = [1, null], ["b"] = null }),
            new OddShapesMessages.Lists(["x", null], [null, 2]),
        ];
        var random = new Random(4321);
        foreach (var message in messages)
        {
            var descriptor = message.EndpointMagic == HostileDescriptor.MagicValue
                ? (EndpointDescriptor)HostileDescriptor.Instance
                : OddShapesDescriptor.Instance;
            var (payload, _) = Wire.Encode(message);
            for (var i = 0; i < 300; i++)
            {
                var corrupted = payload[..random.Next(payload.Length + 1)];
                if (corrupted.Length > 0)
                {
                    corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
                }

                try
                {
                    Wire.Decode(descriptor, message.MessageId, corrupted);
                }
                catch (Exception exception)
                {
                    Assert.That(exception, Is.TypeOf<IpcProtocolException>(),
                        $"{message.GetType().Name}: {Convert.ToHexString(corrupted)}");
                }
            }
        }
    }
}
