using IpcGen.Generator.Parsing;
using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Messages;

namespace IpcGen.Generator.Tests;

/// <summary>Pins magics, message ids and shape hashes, which must not change between builds.</summary>
public sealed class IdentityTests
{
    [Test]
    public void FnvMatchesReferenceVectors()
    {
        Assert.That(Fnv.Hash32(string.Empty), Is.EqualTo(0x811C9DC5u));
        Assert.That(Fnv.Hash32("a"), Is.EqualTo(0xE40C292Cu));
        Assert.That(Fnv.Hash32("foobar"), Is.EqualTo(0xBF9CF968u));
        Assert.That(Fnv.Hash64(string.Empty), Is.EqualTo(0xCBF29CE484222325UL));
        Assert.That(Fnv.Hash64("a"), Is.EqualTo(0xAF63DC4C8601EC8CUL));
        Assert.That(Fnv.Hash64("foobar"), Is.EqualTo(0x85944171F73967E8UL));
    }

    [Test]
    public void MagicIsPinned()
    {
        Assert.That(CalculatorDescriptor.MagicValue, Is.EqualTo(0x6D4A0A04u));
        Assert.That(CalculatorDescriptor.Instance.Magic, Is.EqualTo(0x6D4A0A04u));
    }

    [Test]
    public void MagicIsHashOfFullName()
    {
        Assert.That(CalculatorDescriptor.Instance.Magic, Is.EqualTo(Fnv.Hash32(typeof(ICalculator).FullName!)));
        Assert.That(Outer.Inner.NestedDescriptor.Instance.Magic,
            Is.EqualTo(Fnv.Hash32("IpcGen.Generator.Tests.Endpoints.Outer+Inner+INested")));
        Assert.That(typeof(Outer.Inner.INested).FullName,
            Is.EqualTo("IpcGen.Generator.Tests.Endpoints.Outer+Inner+INested"));
    }

    [Test]
    public void MessageIdsArePinned()
    {
        Assert.That(CalculatorMessages.Notify.Id, Is.EqualTo(0x12C0095Cu));
        Assert.That(CalculatorMessages.Add.Id, Is.EqualTo(0x1DC3AA14u));
        Assert.That(CalculatorMessages.AddResponse.Id, Is.EqualTo(0x9DC3AA14u));
        Assert.That(CalculatorMessages.SumAsync.Id, Is.EqualTo(0x7AD8607Cu));
    }

    [Test]
    public void MessageIdIsHashOfMethodName()
    {
        var add = new CalculatorMessages.Add(1, 2);
        Assert.That(add.MessageId, Is.EqualTo(Fnv.Hash32("Add") & 0x7FFF_FFFFu));
        Assert.That(new CalculatorMessages.AddResponse(3).MessageId, Is.EqualTo(add.MessageId | 0x8000_0000u));
    }

    [Test]
    public void ShapeHashIsPinned()
    {
        Assert.That(CalculatorDescriptor.ShapeHashValue, Is.EqualTo(0x1D8ADB81F6A8BFD5UL));
        Assert.That(CalculatorDescriptor.Instance.ShapeHash, Is.EqualTo(CalculatorDescriptor.ShapeHashValue));
    }

    [Test]
    public void DescriptorListsMessages()
    {
        var descriptor = CalculatorDescriptor.Instance;
        Assert.That(descriptor.Name, Is.EqualTo("ICalculator"));
        Assert.That(descriptor.Messages, Has.Count.EqualTo(9));
        Assert.That(descriptor.TryGetMessage(CalculatorMessages.Add.Id, out var add), Is.True);
        Assert.That(add, Is.EqualTo(new MessageInfo(CalculatorMessages.Add.Id, "Add", MessageKind.SyncRequest,
            CalculatorMessages.AddResponse.Id)));
        Assert.That(descriptor.TryGetMessage(CalculatorMessages.Notify.Id, out var notify), Is.True);
        Assert.That(notify.Kind, Is.EqualTo(MessageKind.OneWay));
        Assert.That(descriptor.TryGetMessage(CalculatorMessages.FlushAsync.Id, out var flush), Is.True);
        Assert.That(flush.Kind, Is.EqualTo(MessageKind.AsyncRequest));
        Assert.That(descriptor.TryGetMessage(1, out _), Is.False);
    }

    [Test]
    public void DescriptorLimits()
    {
        Assert.That(LimitedEndpointDescriptor.Instance.MaxPayloadBytes, Is.EqualTo(1024));
        Assert.That(LimitedEndpointDescriptor.Instance.MaxAttachments, Is.EqualTo(2));
        Assert.That(CalculatorDescriptor.Instance.MaxPayloadBytes, Is.EqualTo(IpcLimits.MaxPayloadBytes));
        Assert.That(CalculatorDescriptor.Instance.MaxAttachments, Is.EqualTo(IpcLimits.MaxAttachmentsPerMessage));
    }

    [Test]
    public void InternalEndpointTypesAreInternal()
    {
        Assert.That(typeof(LimitedEndpointProxy).IsPublic, Is.False);
        Assert.That(typeof(CalculatorProxy).IsPublic, Is.True);
    }

    [Test]
    public void EndpointFindsDescriptorStatically()
    {
        Assert.That(DescriptorOf<ICalculator>(), Is.SameAs(CalculatorDescriptor.Instance));
    }

    private static EndpointDescriptor<T> DescriptorOf<T>()
        where T : class, IIpcEndpoint<T> => T.Descriptor;
}
