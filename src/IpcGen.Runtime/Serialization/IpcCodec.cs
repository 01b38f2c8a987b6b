using System.ComponentModel;
using System.Text;
using IpcGen.Messages;
using MessagePack;
using MessagePack.Resolvers;

namespace IpcGen.Serialization;

/// <summary>
/// Read and write helpers that generated encoders and decoders call. Every reader validates what it reads and
/// throws <see cref="IpcProtocolException"/> naming the value, its name and the limit; every writer checks the
/// declared limits and throws <see cref="IpcLimitExceededException"/> before anything invalid is sent.
/// </summary>
/// <remarks>Names passed to the helpers are <c>Message.parameter</c>, with <c>[]</c>, <c>.Key</c> or
/// <c>.Value</c> appended for elements of collections.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class IpcCodec
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    /// <summary>Options for <c>[MessagePackObject]</c> arguments: the standard resolver, which also serializes
    /// non-public types such as those of an internal endpoint, with the security settings for untrusted data
    /// (hash-collision resistant maps and a bounded object graph depth).</summary>
    public static MessagePackSerializerOptions ObjectOptions { get; } =
        StandardResolverAllowPrivate.Options.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Reads the array header of a message and checks that it contains <paramref name="expected"/> values.
    /// </summary>
    public static void ReadParameterCount(ref MessagePackReader reader, int expected, string message)
    {
        var count = ReadArrayHeader(ref reader, message);
        if (count != expected)
        {
            throw new IpcProtocolException(
                $"Invalid message {message}: it has {count} values, but {expected} were expected.");
        }
    }

    /// <summary>Reads an array header and checks that the declared count fits in the remaining bytes, because
    /// every element takes at least one byte.</summary>
    public static int ReadArrayHeader(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Array, name, "an array");
        var count = Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadArrayHeader());
        CheckCountFits(ref reader, count, 1, name);
        return count;
    }

    /// <summary>Reads a map header and checks that the declared count fits in the remaining bytes, because every
    /// entry takes at least two bytes.</summary>
    public static int ReadMapHeader(ref MessagePackReader reader, string name)
    {
        ExpectType(ref reader, MessagePackType.Map, name, "a map");
        var count = Guard(ref reader, name, static (ref MessagePackReader r) => r.ReadMapHeader());
        CheckCountFits(ref reader, count, 2, name);
        return count;
    }

    /// <summary>Consumes a nil and returns true if the next value is nil; returns false otherwise.</summary>
    public static bool IsNil(ref MessagePackReader reader, string name) =>
        Guard(ref reader, name, static (ref MessagePackReader r) => r.TryReadNil());

    /// <summary>Checks the payload size and attachment count of a received message against the endpoint's limits.
    /// </summary>
    public static void CheckReceivedLimits(ref MessagePackReader reader, AttachmentReader attachments,
        int maxPayloadBytes, int maxAttachments, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var payloadBytes = RemainingBytes(ref reader);
        if (payloadBytes > maxPayloadBytes)
        {
            throw new IpcProtocolException(
                $"A message for {endpoint} has {payloadBytes} payload bytes, over the limit of {maxPayloadBytes}.");
        }

        if (attachments.Count > maxAttachments)
        {
            throw new IpcProtocolException(
                $"A message for {endpoint} has {attachments.Count} attachments, over the limit of {maxAttachments}.");
        }
    }

    /// <summary>Checks that a decoded message used every byte and every attachment of its payload.</summary>
    public static void CheckFullyRead(ref MessagePackReader reader, AttachmentReader attachments, string message)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        if (!reader.End)
        {
            throw new IpcProtocolException(
                $"Invalid message {message}: {RemainingBytes(ref reader)} bytes follow its last value.");
        }

        attachments.EnsureAllTaken();
    }

    /// <summary>Creates the exception for a message id that the endpoint does not declare.</summary>
    public static IpcProtocolException UnknownMessage(uint messageId, string endpoint) =>
        new($"Unknown message id 0x{messageId:X8} for endpoint {endpoint}.");

    /// <summary>Creates the exception for a message that a stub cannot dispatch.</summary>
    public static IpcProtocolException UnexpectedMessage(IMessage? message, string endpoint, string expected) =>
        new(message is null
            ? $"The stub of {endpoint} received no message, but {expected} was expected."
            : $"The stub of {endpoint} cannot dispatch message 0x{message.MessageId:X8} ({message.GetType().Name}) " +
              $"of endpoint 0x{message.EndpointMagic:X8}: {expected} was expected.");

    /// <summary>Whether <paramref name="exception"/> is what MessagePack or a constructor throws for malformed
    /// data, and so should become an <see cref="IpcProtocolException"/>.</summary>
    public static bool IsMalformedData(Exception exception) => exception is MessagePackSerializationException
        or EndOfStreamException or OverflowException or ArgumentException or InvalidOperationException
        or FormatException or InvalidCastException;

    /// <summary>Creates the exception for malformed data that MessagePack or a constructor rejected.</summary>
    public static IpcProtocolException Malformed(string name, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new IpcProtocolException($"Invalid value for {name}: {exception.Message}", exception);
    }

    /// <summary>Creates the exception for a nil where the declared type is not nullable.</summary>
    public static IpcProtocolException NullNotAllowed(string name) =>
        new($"Invalid value for {name}: null, but the declared type is not nullable.");

    /// <summary>Creates the exception for a decoded length over a declared limit.</summary>
    public static IpcProtocolException OverLimit(string name, long length, int maxLength, string unit) =>
        new($"Invalid value for {name}: {length} {unit}, over the limit of {maxLength}.");

    /// <summary>Creates the exception for an encoded length over a declared limit.</summary>
    public static IpcLimitExceededException LimitExceeded(string name, long length, int maxLength, string unit) =>
        new($"Cannot send {name}: it has {length} {unit}, over the limit of {maxLength}. Send less data or raise " +
            "the [MaxLength] of the parameter.");

    private static long RemainingBytes(ref MessagePackReader reader) => reader.Sequence.Length - reader.Consumed;

    private static void CheckCountFits(ref MessagePackReader reader, int count, int minBytesPerElement, string name)
    {
        var remaining = RemainingBytes(ref reader);
        if ((long)count * minBytesPerElement > remaining)
        {
            throw new IpcProtocolException(
                $"Invalid value for {name}: it declares {count} elements, but only {remaining} bytes remain.");
        }
    }

    private static void ExpectType(ref MessagePackReader reader, MessagePackType expected, string name,
        string description)
    {
        var actual = Guard(ref reader, name, static (ref MessagePackReader r) => r.NextMessagePackType);
        if (actual == expected)
        {
            return;
        }

        if (actual == MessagePackType.Nil)
        {
            throw NullNotAllowed(name);
        }

        throw new IpcProtocolException($"Invalid value for {name}: expected {description}, found {actual}.");
    }

    private delegate T ReaderFunc<out T>(ref MessagePackReader reader);

    // Turns MessagePack's exceptions for truncated or mistyped data into a protocol error that names the value.
    private static T Guard<T>(ref MessagePackReader reader, string name, ReaderFunc<T> read)
    {
        try
        {
            return read(ref reader);
        }
        catch (Exception exception) when (IsMalformedData(exception))
        {
            throw Malformed(name, exception);
        }
    }
}
