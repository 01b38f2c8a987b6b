using IpcGen.Messages;
using MessagePack;

namespace IpcGen;

/// <summary>
/// Everything the runtime needs to know about one endpoint, emitted by the generator: its magic number, shape
/// hash, limits, messages and decoder.
/// </summary>
public abstract class EndpointDescriptor
{
    /// <summary>Name of the endpoint interface, as declared.</summary>
    public abstract string Name { get; }

    /// <summary>Magic number that identifies the endpoint on the wire, derived from its full name.</summary>
    public abstract uint Magic { get; }

    /// <summary>Hash of the endpoint's shape (names, kinds and types of its messages); two builds interoperate
    /// when their hashes are equal.</summary>
    public abstract ulong ShapeHash { get; }

    /// <summary>Maximum payload of one message of this endpoint, in bytes.</summary>
    public virtual int MaxPayloadBytes => IpcLimits.MaxPayloadBytes;

    /// <summary>Maximum number of attachments in one message of this endpoint.</summary>
    public virtual int MaxAttachments => IpcLimits.MaxAttachmentsPerMessage;

    /// <summary>Every message of the endpoint, requests and responses.</summary>
    public abstract IReadOnlyList<MessageInfo> Messages { get; }

    /// <summary>Looks up a message by id.</summary>
    public abstract bool TryGetMessage(uint messageId, out MessageInfo message);

    /// <summary>Decodes the arguments of message <paramref name="messageId"/>, validating everything it reads. It
    /// must consume the whole body and take every attachment, because the connection relies on it for both.
    /// </summary>
    /// <exception cref="IpcProtocolException">The id is unknown, the data is invalid, bytes follow the last
    /// argument, or an attachment was not taken.</exception>
    public abstract IMessage Decode(uint messageId, ref MessagePackReader reader, AttachmentReader attachments);
}
