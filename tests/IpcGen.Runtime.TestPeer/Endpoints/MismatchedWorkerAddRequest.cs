using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Runtime.TestPeer;

/// <summary>Message MismatchedWorkerAddRequest.</summary>
public sealed class MismatchedWorkerAddRequest : IMessage
{
    /// <summary>Creates the message.</summary>
    public MismatchedWorkerAddRequest(int a, int b)
    {
        A = a;
        B = b;
    }

    /// <inheritdoc/>
    public uint EndpointMagic => TestWorkerDescriptor.MagicValue;

    /// <inheritdoc/>
    public uint MessageId => TestWorkerMessages.Add.Id;

    /// <summary>Argument A.</summary>
    public int A { get; }

    /// <summary>Argument B.</summary>
    public int B { get; }

    /// <inheritdoc/>
    public void Encode(ref MessagePackWriter writer, AttachmentWriter attachments)
    {
        writer.WriteArrayHeader(2);
        writer.Write(A);
        writer.Write(B);
    }

    /// <summary>Decodes and validates the message.</summary>
    public static MismatchedWorkerAddRequest Decode(ref MessagePackReader reader, AttachmentReader attachments)
    {
        TestCodec.ReadArrayHeader(ref reader, 2, "MismatchedWorkerAddRequest");
        var a = TestCodec.ReadInt32(ref reader, "MismatchedWorkerAddRequest.A");
        var b = TestCodec.ReadInt32(ref reader, "MismatchedWorkerAddRequest.B");
        return new MismatchedWorkerAddRequest(a, b);
    }
}
