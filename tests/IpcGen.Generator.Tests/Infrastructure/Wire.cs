using System.Buffers;
using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Generator.Tests.Infrastructure;

/// <summary>Encodes messages to bytes and decodes bytes with a descriptor, as a connection would.</summary>
internal static class Wire
{
    public static (byte[] Payload, Attachment[] Attachments) Encode(IMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var attachments = new AttachmentWriter();
        message.Encode(ref writer, attachments);
        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), attachments.Attachments.ToArray());
    }

    public static IMessage Decode(EndpointDescriptor descriptor, uint messageId, byte[] payload,
        params Attachment[] attachments)
    {
        var reader = new MessagePackReader(payload);
        return descriptor.Decode(messageId, ref reader, new AttachmentReader(attachments));
    }

    /// <summary>Encodes a message and decodes it back with the descriptor.</summary>
    public static T RoundTrip<T>(EndpointDescriptor descriptor, T message)
        where T : IMessage
    {
        var (payload, attachments) = Encode(message);
        return (T)Decode(descriptor, message.MessageId, payload, attachments);
    }

    /// <summary>Builds a payload by hand, for malformed input.</summary>
    public static byte[] Build(PayloadWriter write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a hand-made payload.</summary>
    public delegate void PayloadWriter(ref MessagePackWriter writer);
}
