namespace IpcGen;

/// <summary>
/// The remote end of a transport that no process has adopted yet: just its descriptor (or port right), with no
/// IO thread, buffers or queues. It can be sent inside a message (it travels as an attachment) or handed to a
/// child process; the receiver adopts it with its transport's <c>Adopt</c> method, which takes ownership of the
/// descriptor instead of duplicating it.
/// </summary>
public sealed class TransportHandle : IDisposable
{
    private Attachment? _attachment;

    /// <summary>Creates a handle that owns the attachment.</summary>
    public TransportHandle(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        _attachment = attachment;
    }

    /// <summary>Whether the handle still owns its descriptor.</summary>
    public bool IsOwned => _attachment is { IsOwned: true };

    /// <summary>Moves the attachment out; the handle is empty afterwards.</summary>
    /// <exception cref="ObjectDisposedException">The handle was already taken or disposed.</exception>
    public Attachment TakeAttachment()
    {
        var attachment = Interlocked.Exchange(ref _attachment, null);
        ObjectDisposedException.ThrowIf(attachment is null, this);
        return attachment;
    }

    /// <summary>Closes the descriptor unless it was taken.</summary>
    public void Dispose() => Interlocked.Exchange(ref _attachment, null)?.Dispose();
}
