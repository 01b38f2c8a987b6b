using System.Collections.Generic;
using System.Linq;
using IpcGen.Generator.Model;

namespace IpcGen.Generator.Emitting;

/// <summary>Decides which messages the generated code reuses through a <c>MessagePool</c>, and emits their pool
/// members, so that a sync call with plain-value arguments and result allocates no message in steady state.</summary>
/// <remarks>A pooled message gets static <c>Rent</c> and <c>Return</c> methods and implements
/// <c>IMessage.Recycle</c> with <c>Return</c>. The proxy returns a request after sending it, because the connection
/// encodes it before <c>Send</c> or <c>Post</c> returns and keeps no reference, and a response after reading its
/// result. Decoders rent both kinds and the stub rents responses. The connection recycles a request once its
/// handler has run and a response once it is sent. Async requests and their responses are not pooled, because
/// their tasks allocate anyway.</remarks>
internal static class MessagePooling
{
    // Rent's local and the pool it takes from, which a parameter of Rent must not hide.
    private static readonly HashSet<string> s_rentNames = new() { "message", "s_pool", "s_receivedPool" };

    /// <summary>Whether the proxy rents the request of <paramref name="message"/> and returns it after sending,
    /// which it does for a one-way message or sync request whose arguments are all plain values.</summary>
    public static bool PoolsRequest(MessageModel message) =>
        message.Kind is MessageKindModel.OneWay or MessageKindModel.SyncRequest
        && message.CancellationTokenName is null
        && message.Parameters.All(parameter => IsPlainValue(parameter.Type));

    /// <summary>Whether the decoder rents the response of <paramref name="message"/> and the proxy returns it after
    /// reading its result, which they do for a sync request whose result, if it has one, is a plain value.</summary>
    public static bool PoolsResponse(MessageModel message) =>
        message.Kind == MessageKindModel.SyncRequest && (message.Result is null || IsPlainValue(message.Result));

    public static MessagePoolUse RequestUse(MessageModel message) =>
        PoolsRequest(message) ? MessagePoolUse.RentedBySender : MessagePoolUse.None;

    public static MessagePoolUse ResponseUse(MessageModel message) =>
        PoolsResponse(message) ? MessagePoolUse.RentedByDecoder : MessagePoolUse.None;

    /// <summary>Emits the pools of a message class and the field that marks rented instances.</summary>
    /// <remarks>Messages made to be sent and messages decoded from the peer have separate pools. When both ends of a
    /// connection are in one process, a receiving side with many decoded messages in its queue would
    /// otherwise empty the pool that the sending side rents from.</remarks>
    public static void EmitFields(CodeWriter code, string className)
    {
        code.Line($"private static readonly global::IpcGen.Messages.MessagePool<{className}> s_pool = new();");
        code.Line(
            $"private static readonly global::IpcGen.Messages.MessagePool<{className}> s_receivedPool = new();");
        code.Line();
        code.Line("// The pool a rented message came from, cleared by Return, so that Return pools only rented");
        code.Line("// messages, each once and into their own pool.");
        code.Line($"private global::IpcGen.Messages.MessagePool<{className}>? _pool;");
        code.Line();
    }

    /// <summary>Emits the static <c>Rent</c>, <c>RentReceived</c> and <c>Return</c> methods of a message class.
    /// </summary>
    public static void EmitRentAndReturn(CodeWriter code, string className, IReadOnlyList<MessageField> fields)
    {
        code.Line("/// <summary>Takes a message to send from the pool, or creates one, and sets its arguments. " +
            "Generated code calls it");
        code.Line("/// and gives the message back with <see cref=\"Return\"/> once no one uses it any more." +
            "</summary>");
        EmitRent(code, className, "Rent", "s_pool", fields);
        code.Line();
        code.Line("/// <summary>Takes a message to fill with decoded values from the pool of received messages, or " +
            "creates one,");
        code.Line("/// and sets its arguments. Generated code gives it back with <see cref=\"Return\"/>.</summary>");
        EmitRent(code, className, "RentReceived", "s_receivedPool", fields);
        code.Line();
        code.Line("/// <summary>Puts a rented message back into the pool it came from. The caller must not use it " +
            "afterwards.");
        code.Line("/// A message made with the constructor, or returned already, is left alone.</summary>");
        code.Open($"internal static void Return({className} message)");
        code.Open("if (message._pool is { } pool)");
        code.Line("message._pool = null;");
        code.Line("pool.Return(message);");
        code.Close();
        code.Close();
    }

    private static void EmitRent(
        CodeWriter code, string className, string methodName, string pool, IReadOnlyList<MessageField> fields)
    {
        var parameters = string.Join(", ", fields.Select(f => $"{f.Type.Name} {RentParameter(f)}"));
        var arguments = string.Join(", ", fields.Select(RentParameter));
        code.Open($"internal static {className} {methodName}({parameters})");
        code.Line($"var message = {pool}.TryRent() ?? new {className}({arguments});");
        code.Line($"message._pool = {pool};");
        foreach (var field in fields)
        {
            code.Line($"message.{field.PropertyName} = {RentParameter(field)};");
        }

        code.Line("return message;");
        code.Close();
    }

    // A plain value contains no reference, so a message in a pool keeps no user object alive, and its encoder and
    // decoder allocate nothing. Nullable forms count too: their element lambdas are static, so they are cached.
    private static bool IsPlainValue(TypeModel type) =>
        type.IsValueType && type.Kind is ValueKind.Boolean or ValueKind.Byte or ValueKind.SByte or ValueKind.Int16
            or ValueKind.UInt16 or ValueKind.Int32 or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64
            or ValueKind.Single or ValueKind.Double or ValueKind.Decimal or ValueKind.Char or ValueKind.DateTime
            or ValueKind.DateTimeOffset or ValueKind.TimeSpan or ValueKind.Guid or ValueKind.Enum;

    private static string RentParameter(MessageField field) =>
        s_rentNames.Contains(field.ParameterName) ? field.ParameterName + "Argument" : field.ParameterName;
}
