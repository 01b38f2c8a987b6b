namespace IpcGen;

/// <summary>Limits shared by every encoder, decoder and transport. A sender that would exceed one gets an
/// exception; a peer that exceeds one is disconnected.</summary>
public static class IpcLimits
{
    /// <summary>Maximum payload of one message: 64 MiB.</summary>
    public const int MaxPayloadBytes = 64 * 1024 * 1024;

    /// <summary>Maximum number of attachments (descriptors or port rights) in one message.</summary>
    public const int MaxAttachmentsPerMessage = 128;

    /// <summary>Maximum number of received bytes not yet parsed into whole messages: 128 MiB.</summary>
    public const int MaxUnprocessedBytes = 128 * 1024 * 1024;

    /// <summary>Maximum number of received attachments not yet claimed by a whole message.</summary>
    public const int MaxUnprocessedAttachments = 512;
}
