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
        ObjectDisposedException.ThrowIf(!attachment.IsOwned, attachment);
        _attachments.Add(attachment);
        return _attachments.Count - 1;
    }

    /// <summary>Forgets every attachment without closing it, so the writer can be reused.</summary>
    public void Clear() => _attachments.Clear();
}
