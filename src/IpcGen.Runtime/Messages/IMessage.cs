using MessagePack;

namespace IpcGen.Messages;

/// <summary>A decoded or ready-to-send message of an endpoint. Generated message types have no public setters and
/// have a static <c>Decode(ref MessagePackReader, AttachmentReader)</c> that validates everything it reads.
/// </summary>
/// <remarks>Messages of sync and one-way calls whose values are all primitives are pooled: the generated proxy, the
/// generated decoders and stubs and the connection reuse the request and response objects of one call for a later
/// call, once they are done with them. A message that user code creates or gets from
/// <see cref="IMessageSender.Send{TResponse}"/> directly is never reused.</remarks>
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

    /// <summary>Gives a pooled message back to its pool. The connection calls it once it no longer uses a request
    /// it decoded and dispatched, or a response that a stub returned and it sent. Nothing may use the message
    /// afterwards.
    /// The default does nothing, and so does a pooled message that was not taken from its pool.</summary>
    void Recycle()
    {
    }
}
