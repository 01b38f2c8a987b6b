namespace IpcGen.Messages;

/// <summary>Attachments collected while encoding one message, in the order of their indexes.</summary>
public sealed class AttachmentWriter
{
    private readonly List<Attachment> _attachments = new();

    /// <summary>Number of attachments added so far.</summary>
    public int Count => _attachments.Count;

    /// <summary>Attachments added so far; the list still owns them.</summary>
    public IReadOnlyList<Attachment> Attachments => _attachments;

    /// <summary>Adds an attachment and returns its index, which the encoder writes in its place.</summary>
    /// <exception cref="ObjectDisposedException">The attachment was already sent, taken or disposed.</exception>
    public int Add(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (!attachment.IsOwned)
        {
            throw new ObjectDisposedException(nameof(Attachment),
                $"{attachment} no longer owns its handle: it was already sent (a call takes ownership of its " +
                "attachments, whether it succeeds or fails), taken or disposed. Send attachment.Duplicate() to keep " +
                "a copy.");
        }
        _attachments.Add(attachment);
        return _attachments.Count - 1;
    }

    /// <summary>Forgets every attachment without closing it, so the writer can be reused.</summary>
    public void Clear() => _attachments.Clear();
}
