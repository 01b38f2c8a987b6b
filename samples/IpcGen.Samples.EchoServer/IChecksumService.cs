namespace IpcGen.Samples.EchoServer;

/// <summary>Endpoint that hashes data with SHA-256, served on connections opened by
/// <see cref="IEchoService.OpenChecksum"/>.</summary>
[IpcEndpoint(MaxPayloadBytes = EchoLimits.MaxChecksumPayloadBytes, MaxAttachments = 1)]
public partial interface IChecksumService
{
    /// <summary>Returns the SHA-256 digest of <paramref name="data"/>.</summary>
    [return: MaxLength(32)]
    byte[] Sha256([MaxLength(EchoLimits.MaxChecksumBytes)] byte[] data);

    /// <summary>Reads the attached descriptor to its end (at most <see cref="EchoLimits.MaxChecksumFileBytes"/>
    /// bytes within <see cref="EchoLimits.AttachmentReadTimeout"/>) and returns the SHA-256 digest of the content.
    /// </summary>
    [return: MaxLength(32)]
    byte[] Sha256OfAttachment(Attachment file);
}
