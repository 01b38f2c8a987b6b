namespace IpcGen.Generator.Emitting;

/// <summary>Fully qualified names of runtime types that generated code refers to.</summary>
internal static class Names
{
    public const string Codec = "global::IpcGen.Serialization.IpcCodec";
    public const string Writer = "global::MessagePack.MessagePackWriter";
    public const string Reader = "global::MessagePack.MessagePackReader";
    public const string AttachmentWriter = "global::IpcGen.Messages.AttachmentWriter";
    public const string AttachmentReader = "global::IpcGen.Messages.AttachmentReader";
    public const string Message = "global::IpcGen.Messages.IMessage";
    public const string MessageInfo = "global::IpcGen.Messages.MessageInfo";
    public const string MessageKind = "global::IpcGen.Messages.MessageKind";
    public const string Sender = "global::IpcGen.IMessageSender";
    public const string Stub = "global::IpcGen.EndpointStub";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string Task = "global::System.Threading.Tasks.Task";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
}
