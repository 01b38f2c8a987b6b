using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Runtime.TestPeer;

/// <summary>Message MismatchedWorkerAddResponse.</summary>
public sealed class MismatchedWorkerAddResponse : IMessage
{
    /// <summary>Creates the message.</summary>
    public MismatchedWorkerAddResponse(int result)
    {
        Result = result;
    }

    /// <inheritdoc/>
    public uint EndpointMagic => TestWorkerDescriptor.MagicValue;

    /// <inheritdoc/>
    public uint MessageId => TestWorkerMessages.AddResponse.Id;

    /// <summary>Argument Result.</summary>
    public int Result { get; }

    /// <inheritdoc/>
    public void Encode(ref MessagePackWriter writer, AttachmentWriter attachments)
    {
        writer.WriteArrayHeader(1);
        writer.Write(Result);
    }

    /// <summary>Decodes and validates the message.</summary>
    public static MismatchedWorkerAddResponse Decode(ref MessagePackReader reader, AttachmentReader attachments)
    {
        TestCodec.ReadArrayHeader(ref reader, 1, "MismatchedWorkerAddResponse");
        var result = TestCodec.ReadInt32(ref reader, "MismatchedWorkerAddResponse.Result");
        return new MismatchedWorkerAddResponse(result);
    }
}
