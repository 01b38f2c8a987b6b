using System.Buffers;
using IpcGen.Messages;

namespace IpcGen;

/// <summary>
/// A growable byte buffer and attachment list for encoding one outgoing message, reused per thread so that
/// steady-state sends allocate nothing. The bytes come from <see cref="ArrayPool{T}.Shared"/>: a buffer that grew
/// past <see cref="MaxRetainedBytes"/> goes back to the pool after use, so that large messages reuse pooled arrays
/// instead of allocating a large-object-heap array for every send.
/// </summary>
internal sealed class SendBuffer : IBufferWriter<byte>
{
    private const int MaxRetainedBytes = 1024 * 1024;
    private const int InitialBytes = 4096;

    [ThreadStatic]
    private static SendBuffer? t_cached;

    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(InitialBytes);
    private Attachment[] _attachmentArray = [];
    private int _written;

    public AttachmentWriter Attachments { get; } = new();

    public int WrittenCount => _written;

    public Span<byte> WrittenSpan => _bytes.AsSpan(0, _written);

    /// <summary>Takes this thread's buffer, or a new one if it is in use further up the stack.</summary>
    public static SendBuffer Rent()
    {
        var buffer = t_cached ?? new SendBuffer();
        t_cached = null;
        return buffer;
    }

    /// <summary>Clears the buffer and keeps it for the next send on this thread. An array that grew past
    /// <see cref="MaxRetainedBytes"/> goes back to the pool, and the buffer starts again from a small one.</summary>
    public static void Return(SendBuffer buffer)
    {
        buffer._written = 0;
        buffer.Attachments.Clear();
        Array.Clear(buffer._attachmentArray);
        if (buffer._bytes.Length > MaxRetainedBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer._bytes);
            buffer._bytes = ArrayPool<byte>.Shared.Rent(InitialBytes);
        }

        t_cached = buffer;
    }

    /// <summary>Copies the collected attachments into a reused array and returns them as a span.</summary>
    public ReadOnlySpan<Attachment> GetAttachmentSpan()
    {
        int count = Attachments.Count;
        if (count == 0)
        {
            return [];
        }

        if (_attachmentArray.Length < count)
        {
            _attachmentArray = new Attachment[count];
        }

        for (int i = 0; i < count; i++)
        {
            _attachmentArray[i] = Attachments.Attachments[i];
        }

        return _attachmentArray.AsSpan(0, count);
    }

    /// <summary>Closes every collected attachment; used when the message is not sent.</summary>
    public void DisposeAttachments()
    {
        foreach (var attachment in Attachments.Attachments)
        {
            attachment.Dispose();
        }
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _bytes.Length - _written)
        {
            throw new InvalidOperationException($"Cannot advance {count} bytes past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _bytes.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _bytes.AsSpan(_written);
    }

    private void EnsureCapacity(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_bytes.Length - _written >= needed)
        {
            return;
        }

        long newSize = Math.Max((long)_bytes.Length * 2, (long)_written + needed);
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(newSize, Array.MaxLength));
        _bytes.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = larger;
    }
}
