namespace IpcGen.Generator.Tests.Endpoints;

/// <summary>An internal endpoint with lowered limits.</summary>
[IpcEndpoint(MaxPayloadBytes = 1024, MaxAttachments = 2)]
internal partial interface ILimitedEndpoint
{
    void Files(List<Attachment> files);

    void Data(byte[] data);
}
