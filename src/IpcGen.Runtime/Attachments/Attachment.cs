using System.Runtime.InteropServices;
using IpcGen.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpcGen;

/// <summary>
/// An operating-system object (a file descriptor, or a Mach port right on macOS) that travels with a message.
/// The attachment owns its handle: disposing it closes the handle, and sending it moves the handle to the
/// transport, which closes it once the peer has it. A call takes ownership of every attachment among its arguments
/// whether it succeeds or fails. Call <see cref="Duplicate"/> first to keep a copy.
/// </summary>
public sealed class Attachment : IDisposable
{
    private SafeHandle? _handle;

    private Attachment(SafeHandle handle, AttachmentKind kind)
    {
        _handle = handle;
        Kind = kind;
    }

    /// <summary>Kind of object the attachment owns.</summary>
    public AttachmentKind Kind { get; }

    /// <summary>Whether the attachment still owns its handle (it was neither sent, taken nor disposed).</summary>
    public bool IsOwned => _handle is { IsInvalid: false, IsClosed: false };

    /// <summary>Wraps a file descriptor and takes ownership of it.</summary>
    /// <exception cref="ArgumentException">The handle is invalid or closed.</exception>
    public static Attachment FromFileDescriptor(SafeFileHandle descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.IsInvalid || descriptor.IsClosed)
        {
            throw new ArgumentException("The descriptor is invalid or already closed.", nameof(descriptor));
        }

        return new Attachment(descriptor, AttachmentKind.FileDescriptor);
    }

    /// <summary>Wraps a raw file descriptor number and takes ownership of it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The descriptor is negative.</exception>
    public static Attachment FromFileDescriptor(int descriptor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(descriptor);
        return new Attachment(new SafeFileHandle(descriptor, ownsHandle: true), AttachmentKind.FileDescriptor);
    }

    /// <summary>Duplicates the descriptor of an open file (the stream keeps its own) into a new attachment.</summary>
    public static Attachment DuplicateOf(FileStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DuplicateOf(stream.SafeFileHandle);
    }

    /// <summary>Duplicates a descriptor (the caller keeps its own) into a new attachment.</summary>
    /// <exception cref="IOException">The descriptor could not be duplicated.</exception>
    public static Attachment DuplicateOf(SafeHandle descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new Attachment(Descriptors.DuplicateCloseOnExec(descriptor), AttachmentKind.FileDescriptor);
    }

    /// <summary>Creates a new attachment that owns a duplicate of this one's descriptor.</summary>
    /// <exception cref="ObjectDisposedException">The attachment no longer owns its handle.</exception>
    public Attachment Duplicate()
    {
        var handle = GetOwnedHandle();
        if (Kind != AttachmentKind.FileDescriptor)
        {
            throw new NotSupportedException($"Duplicating a {Kind} attachment is not supported.");
        }

        return new Attachment(Descriptors.DuplicateCloseOnExec(handle), AttachmentKind.FileDescriptor);
    }

    /// <summary>Moves the descriptor out of the attachment; the caller owns it afterwards.</summary>
    /// <exception cref="ObjectDisposedException">The attachment no longer owns its handle.</exception>
    public SafeFileHandle TakeFileDescriptor()
    {
        var handle = GetOwnedHandle();
        if (handle is not SafeFileHandle)
        {
            throw new InvalidOperationException($"The attachment is a {Kind}, not a file descriptor.");
        }

        var taken = Interlocked.CompareExchange(ref _handle, null, handle);
        ObjectDisposedException.ThrowIf(!ReferenceEquals(taken, handle), this);
        return (SafeFileHandle)handle;
    }

    /// <summary>Opens the descriptor as a <see cref="FileStream"/> that owns it; the attachment is empty afterwards.
    /// </summary>
    public FileStream TakeAsStream(FileAccess access) => new(TakeFileDescriptor(), access, bufferSize: 0);

    /// <summary>Returns the raw descriptor number without giving up ownership; valid until the attachment is sent,
    /// taken or disposed.</summary>
    public int DangerousGetFileDescriptor() => checked((int)GetOwnedHandle().DangerousGetHandle());

    /// <summary>Moves the handle out for a transport that sends it; the transport closes it afterwards.</summary>
    internal SafeHandle ReleaseHandleForSend()
    {
        // An exchange, so that two transports sending the same attachment at once cannot both take the handle.
        var handle = Interlocked.Exchange(ref _handle, null);
        ObjectDisposedException.ThrowIf(handle is null || handle.IsClosed, this);
        return handle;
    }

    /// <summary>Closes the handle if the attachment still owns it.</summary>
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, null);
        handle?.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        _handle is null ? $"Attachment({Kind}, released)" : $"Attachment({Kind} {_handle.DangerousGetHandle()})";

    private SafeHandle GetOwnedHandle()
    {
        var handle = _handle;
        ObjectDisposedException.ThrowIf(handle is null || handle.IsClosed, this);
        return handle;
    }

    internal static Attachment FromMachPort(SafeHandle port) => new(port, AttachmentKind.MachPort);
}
