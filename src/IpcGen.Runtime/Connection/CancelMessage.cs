using IpcGen.Messages;
using MessagePack;

namespace IpcGen;

/// <summary>Control message that cancels the asynchronous request named by the header's request id. It has an
/// empty body (a MessagePack nil).</summary>
internal sealed class CancelMessage : IMessage
{
    public static readonly CancelMessage Instance = new();

    private CancelMessage()
    {
    }

    public uint EndpointMagic => ConnectionHeader.ControlMagic;

    public uint MessageId => 0;

    public void Encode(ref MessagePackWriter writer, AttachmentWriter attachments) => writer.WriteNil();

    public static void Decode(ref MessagePackReader reader)
    {
        if (!reader.TryReadNil())
        {
            throw new IpcProtocolException("Invalid cancel control message: the body must be nil.");
        }
    }
}
