using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Serialization;

public static partial class IpcCodec
{
    /// <summary>Moves an attachment into <paramref name="attachments"/> and writes its index.</summary>
    /// <exception cref="ArgumentNullException">The attachment is null.</exception>
    /// <exception cref="IpcLimitExceededException">The message already has <paramref name="maxAttachments"/>
    /// attachments.</exception>
    public static void WriteAttachment(ref MessagePackWriter writer, AttachmentWriter attachments, Attachment value,
        int maxAttachments, string name)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        ArgumentNullException.ThrowIfNull(value, name);
        CheckAttachmentRoom(attachments, maxAttachments, name);
        writer.Write(attachments.Add(value));
    }

    /// <summary>Reads an attachment index and takes that attachment.</summary>
    public static Attachment ReadAttachment(ref MessagePackReader reader, AttachmentReader attachments, string name)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var index = ReadInt32(ref reader, name);
        try
        {
            return attachments.Take(index);
        }
        catch (IpcProtocolException exception)
        {
            throw new IpcProtocolException($"Invalid value for {name}: {exception.Message}", exception);
        }
    }

    /// <summary>Moves the descriptor of a transport handle into <paramref name="attachments"/> and writes its index;
    /// the handle is empty afterwards.</summary>
    /// <exception cref="ArgumentNullException">The handle is null.</exception>
    /// <exception cref="IpcLimitExceededException">The message already has <paramref name="maxAttachments"/>
    /// attachments.</exception>
    public static void WriteTransportHandle(ref MessagePackWriter writer, AttachmentWriter attachments,
        TransportHandle value, int maxAttachments, string name)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        ArgumentNullException.ThrowIfNull(value, name);
        CheckAttachmentRoom(attachments, maxAttachments, name);
        writer.Write(attachments.Add(value.TakeAttachment()));
    }

    /// <summary>Reads an attachment index and wraps that attachment in a transport handle.</summary>
    public static TransportHandle ReadTransportHandle(ref MessagePackReader reader, AttachmentReader attachments,
        string name) => new(ReadAttachment(ref reader, attachments, name));

    private static void CheckAttachmentRoom(AttachmentWriter attachments, int maxAttachments, string name)
    {
        if (attachments.Count >= maxAttachments)
        {
            throw new IpcLimitExceededException(
                $"Cannot send {name}: the message already has {attachments.Count} attachments, the limit of the " +
                "endpoint. Send fewer attachments per message or raise MaxAttachments of the endpoint.");
        }
    }
}
