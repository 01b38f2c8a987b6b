namespace IpcGen;

/// <summary>Kind of operating-system object an <see cref="Attachment"/> owns.</summary>
public enum AttachmentKind
{
    /// <summary>A Unix file descriptor, passed with <c>SCM_RIGHTS</c>.</summary>
    FileDescriptor,

    /// <summary>A Mach port send right (macOS).</summary>
    MachPort,
}
