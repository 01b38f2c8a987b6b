using System.Security.Cryptography;
using IpcGen.Samples.EchoServer.Interop;

namespace IpcGen.Samples.EchoServer;

/// <summary>The checksum endpoint of one checksum connection.</summary>
internal sealed class ChecksumService : IChecksumService
{
    public byte[] Sha256(byte[] data) => SHA256.HashData(data);

    public byte[] Sha256OfAttachment(Attachment file)
    {
        using var descriptor = file.TakeFileDescriptor();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AttachmentContent.Read(descriptor, EchoLimits.MaxChecksumFileBytes, EchoLimits.AttachmentReadTimeout,
            (buffer, count) => hash.AppendData(buffer, 0, count));
        return hash.GetHashAndReset();
    }
}
