using IpcGen.Messages;
using MessagePack;

namespace IpcGen.Runtime.TestPeer;

/// <summary>Descriptor of <see cref="IMismatchedWorker"/>.</summary>
public sealed class MismatchedWorkerDescriptor : EndpointDescriptor<IMismatchedWorker>
{
    /// <summary>The single instance.</summary>
    public static readonly MismatchedWorkerDescriptor Instance = new();

    private static readonly MessageInfo[] s_messages =
    [
        new(TestWorkerMessages.Add.Id, "Add", MessageKind.SyncRequest, TestWorkerMessages.AddResponse.Id),
        new(TestWorkerMessages.AddResponse.Id, "AddResponse", MessageKind.Response, 0),
    ];

    /// <inheritdoc/>
    public override string Name => "ITestWorker";

    /// <inheritdoc/>
    public override uint Magic => TestWorkerDescriptor.MagicValue;

    /// <inheritdoc/>
    public override ulong ShapeHash => 0x2852CBCA1E00A80C;

    /// <inheritdoc/>
    public override IReadOnlyList<MessageInfo> Messages => s_messages;

    /// <inheritdoc/>
    public override bool TryGetMessage(uint messageId, out MessageInfo message)
    {
        foreach (var candidate in s_messages)
        {
            if (candidate.Id == messageId)
            {
                message = candidate;
                return true;
            }
        }

        message = default;
        return false;
    }

    /// <inheritdoc/>
    public override IMessage Decode(uint messageId, ref MessagePackReader reader, AttachmentReader attachments)
    {
        IMessage message = messageId switch
        {
            TestWorkerMessages.Add.Id => MismatchedWorkerAddRequest.Decode(ref reader, attachments),
            TestWorkerMessages.AddResponse.Id => MismatchedWorkerAddResponse.Decode(ref reader, attachments),
            _ => throw new IpcProtocolException($"Unknown message id {messageId} for ITestWorker."),
        };
        global::IpcGen.Serialization.IpcCodec.CheckFullyRead(ref reader, attachments, "ITestWorker");
        return message;
    }

    /// <inheritdoc/>
    public override IMismatchedWorker CreateProxy(IMessageSender sender) => new MismatchedWorkerProxy(sender);

    /// <inheritdoc/>
    public override EndpointStub CreateStub(IMismatchedWorker implementation) =>
        new MismatchedWorkerStub(implementation);
}
