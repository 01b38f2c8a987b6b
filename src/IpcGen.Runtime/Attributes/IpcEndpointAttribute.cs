namespace IpcGen;

/// <summary>Marks a <c>partial interface</c> as an IPC endpoint: the generator emits its messages, decoder, proxy
/// and stub.</summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class IpcEndpointAttribute : Attribute
{
    /// <summary>Maximum encoded payload of one message of this endpoint, in bytes. Lowers, never raises,
    /// <see cref="IpcLimits.MaxPayloadBytes"/>; zero means the transport limit.</summary>
    public int MaxPayloadBytes { get; set; }

    /// <summary>Maximum number of attachments in one message of this endpoint. Lowers, never raises,
    /// <see cref="IpcLimits.MaxAttachmentsPerMessage"/>; zero means the transport limit.</summary>
    public int MaxAttachments { get; set; }
}
