namespace IpcGen.Messages;

/// <summary>Attachments received with one message. A decoder takes each one by the index the encoder wrote, in
/// order; the connection closes any it did not take.</summary>
public sealed class AttachmentReader
{
    private readonly Attachment[] _attachments;
    private int _next;

    /// <summary>Creates a reader over the attachments of one received message; it does not own them until taken.
    /// </summary>
    public AttachmentReader(Attachment[] attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        _attachments = attachments;
    }

    /// <summary>Number of attachments that arrived with the message.</summary>
    public int Count => _attachments.Length;

    /// <summary>Number of attachments taken so far.</summary>
    public int TakenCount => _next;

    /// <summary>Takes the attachment at <paramref name="index"/>, which must be the next one in order.</summary>
    /// <exception cref="IpcProtocolException">The index is not the next one, or the message declares more
    /// attachments than arrived.</exception>
    public Attachment Take(int index)
    {
        if (index != _next)
        {
            throw new IpcProtocolException(
                $"Invalid attachment index {index}: expected {_next}, the next attachment in order.");
        }

        if (index >= _attachments.Length)
        {
            throw new IpcProtocolException(
                $"The message refers to attachment {index}, but only {_attachments.Length} arrived with it.");
        }

        _next++;
        return _attachments[index];
    }

    /// <summary>Checks that the decoder took every attachment that arrived.</summary>
    /// <exception cref="IpcProtocolException">Some attachments were not referred to by the message.</exception>
    public void EnsureAllTaken()
    {
        if (_next != _attachments.Length)
        {
            throw new IpcProtocolException(
                $"{_attachments.Length} attachments arrived, but the message refers to only {_next}.");
        }
    }
}
