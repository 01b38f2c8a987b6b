using IpcGen.Messages;
using MessagePack;

namespace IpcGen;

/// <summary>Control message sent in place of a response when the handler of a request threw: the exception's
/// type name and message.</summary>
internal sealed class ErrorResponseMessage : IMessage
{
    private const string MessageName = "error response";

    public ErrorResponseMessage(string exceptionType, string exceptionMessage)
    {
        ExceptionType = Truncate(exceptionType);
        ExceptionMessage = Truncate(exceptionMessage);
    }

    public uint EndpointMagic => ConnectionHeader.ControlMagic;

    public uint MessageId => 0;

    /// <summary>Full name of the exception type the handler threw.</summary>
    public string ExceptionType { get; }

    /// <summary>Message of the exception the handler threw, cut to the control string limit.</summary>
    public string ExceptionMessage { get; }

    public static ErrorResponseMessage FromException(Exception exception) =>
        new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message);

    public void Encode(ref MessagePackWriter writer, AttachmentWriter attachments)
    {
        writer.WriteArrayHeader(2);
        writer.Write(ExceptionType);
        writer.Write(ExceptionMessage);
    }

    public static ErrorResponseMessage Decode(ref MessagePackReader reader)
    {
        ControlReader.ReadArrayHeader(ref reader, 2, MessageName);
        string type = ControlReader.ReadString(ref reader, MessageName);
        string message = ControlReader.ReadString(ref reader, MessageName);
        return new ErrorResponseMessage(type, message);
    }

    private static string Truncate(string value) =>
        value.Length <= ControlReader.MaxStringLength ? value : value[..ControlReader.MaxStringLength];
}
