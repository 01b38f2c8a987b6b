using MessagePack;

namespace IpcGen.Messages;

/// <summary>A decoded or ready-to-send message of an endpoint. Generated message types have no public setters and
/// have a static <c>Decode(ref MessagePackReader, AttachmentReader)</c> that validates everything it reads.
/// </summary>
/// <remarks>Messages of sync and one-way calls whose values are all primitives are pooled: the generated proxy
/// reuses the request and response objects of one call for a later call, once it has read them. A message that
/// user code creates or gets from <see cref="IMessageSender.Send{TResponse}"/> directly is never reused.</remarks>
public interface IMessage
{
    /// <summary>Magic number of the endpoint that declares the message.</summary>
    uint EndpointMagic { get; }

    /// <summary>Id of the message within its endpoint.</summary>
    uint MessageId { get; }

    /// <summary>Writes the arguments (not the header) and moves every attachment into
    /// <paramref name="attachments"/>.</summary>
    /// <exception cref="IpcLimitExceededException">An argument is over its declared limit.</exception>
    void Encode(ref MessagePackWriter writer, AttachmentWriter attachments);

    /// <summary>Disposes every attachment and transport handle among the message's values, including those in
    /// collections. The connection calls it when a send fails, so that a call takes ownership of its attachments
    /// whether it succeeds or fails; attachments already handed to the transport are not affected.</summary>
    void DisposeAttachments()
    {
    }
}
