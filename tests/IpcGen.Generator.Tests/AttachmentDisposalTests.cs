using IpcGen.Generator.Tests.Endpoints;
using IpcGen.Messages;

namespace IpcGen.Generator.Tests;

/// <summary>Generated messages dispose every attachment they hold when a send fails.</summary>
public sealed class AttachmentDisposalTests
{
    [Test]
    public void DisposeAttachments_ClosesParameterAndListElements()
    {
        var file = NullDevice();
        var more = new List<Attachment> { NullDevice(), NullDevice() };
        IMessage message = new EveryTypeMessages.Attach(file, more);

        message.DisposeAttachments();

        Assert.That(file.IsOwned, Is.False);
        Assert.That(more[0].IsOwned, Is.False);
        Assert.That(more[1].IsOwned, Is.False);
    }

    [Test]
    public void DisposeAttachments_SkipsMessagesWithoutAttachments()
    {
        IMessage message = new CalculatorMessages.Add(1, 2);

        Assert.That(message.DisposeAttachments, Throws.Nothing);
    }

    private static Attachment NullDevice() =>
        Attachment.FromFileDescriptor(File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read));
}
