using System.Collections.Generic;
using System.Linq;
using IpcGen.Generator.Model;

namespace IpcGen.Generator.Emitting;

/// <summary>Emits the static class that contains an endpoint's request and response message classes.</summary>
internal static class MessageEmitter
{
    public static void Emit(CodeWriter code, EndpointModel endpoint)
    {
        code.Line($"/// <summary>Request and response messages of <see cref=\"{endpoint.InterfaceName}\"/>.</summary>");
        code.Open($"{endpoint.Accessibility} static class {endpoint.BaseName}Messages");
        var first = true;
        foreach (var message in endpoint.Messages)
        {
            if (!first)
            {
                code.Line();
            }

            first = false;
            var parameters = message.Parameters.Select(p => new MessageField(p.Name, p.PropertyName, p.Type,
                p.MaxLength, $"{Plain(message.MethodName)}.{Plain(p.Name)}"));
            EmitClass(code, endpoint, message.RequestName, message.Id,
                $"Request message of <see cref=\"{endpoint.InterfaceName}.{message.MethodName}\"/>.",
                parameters.ToList(), MessagePooling.RequestUse(message));
            if (message.HasResponse)
            {
                var fields = new List<MessageField>();
                if (message.Result is not null)
                {
                    fields.Add(new MessageField("result", "Result", message.Result, message.ResultMaxLength,
                        $"{message.ResponseName}.Result"));
                }

                code.Line();
                EmitClass(code, endpoint, message.ResponseName, message.ResponseId,
                    $"Response message of <see cref=\"{endpoint.InterfaceName}.{message.MethodName}\"/>.", fields,
                    MessagePooling.ResponseUse(message));
            }
        }

        code.Close();
    }

    private static void EmitClass(CodeWriter code, EndpointModel endpoint, string className, uint id, string summary,
        List<MessageField> fields, MessagePoolUse pooling)
    {
        code.Line($"/// <summary>{summary}</summary>");
        code.Open($"public sealed class {className} : {Names.Message}");
        code.Line("/// <summary>Id of this message within the endpoint.</summary>");
        code.Line($"public const uint Id = 0x{id:X8}u;");
        code.Line();
        if (pooling != MessagePoolUse.None)
        {
            MessagePooling.EmitFields(code, className);
        }

        EmitConstructor(code, className, fields);
        // Rent refills the properties of a pooled message, so they have private setters. The public surface stays
        // the same as that of a message that is not pooled.
        var accessors = pooling == MessagePoolUse.None ? "{ get; }" : "{ get; private set; }";
        foreach (var field in fields)
        {
            code.Line();
            code.Line(field.PropertyName == "Result" && field.WireName.EndsWith(".Result")
                ? "/// <summary>Return value of the method.</summary>"
                : $"/// <summary>Argument <c>{Plain(field.ParameterName)}</c>.</summary>");
            code.Line($"public {field.Type.Name} {field.PropertyName} {accessors}");
        }

        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Line($"public uint EndpointMagic => {endpoint.QualifiedPrefix}{endpoint.BaseName}Descriptor.MagicValue;");
        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Line("public uint MessageId => Id;");
        code.Line();
        if (pooling != MessagePoolUse.None)
        {
            MessagePooling.EmitRentAndReturn(code, className, fields);
            code.Line();
            code.Line("/// <inheritdoc/>");
            code.Line($"void {Names.Message}.Recycle() => Return(this);");
            code.Line();
        }

        EmitEncode(code, endpoint, fields);
        code.Line();
        EmitDecode(code, className, fields, pooling);
        EmitDisposeAttachments(code, fields);
        code.Close();
    }

    private static void EmitDisposeAttachments(CodeWriter code, List<MessageField> fields)
    {
        var owning = fields.Where(f => AttachmentDisposal.Contains(f.Type)).ToList();
        if (owning.Count == 0)
        {
            return;
        }

        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Open("public void DisposeAttachments()");
        foreach (var field in owning)
        {
            AttachmentDisposal.Emit(code, field.Type, $"this.{field.PropertyName}", 0);
        }

        code.Close();
    }

    private static void EmitConstructor(CodeWriter code, string className, List<MessageField> fields)
    {
        code.Line($"/// <summary>Creates the message.</summary>");
        var parameters = string.Join(", ", fields.Select(f => $"{f.Type.Name} {f.ParameterName}"));
        code.Open($"public {className}({parameters})");
        foreach (var field in fields)
        {
            if (!field.Type.IsNullable && !field.Type.IsValueType)
            {
                code.Line($"{Names.ArgumentNullException}.ThrowIfNull({field.ParameterName});");
            }

            code.Line($"{field.PropertyName} = {field.ParameterName};");
        }

        code.Close();
    }

    private static void EmitEncode(CodeWriter code, EndpointModel endpoint, List<MessageField> fields)
    {
        var maxAttachments = endpoint.MaxAttachments == 0 ? 128 : endpoint.MaxAttachments;
        code.Line("/// <inheritdoc/>");
        code.Open($"public void Encode(ref {Names.Writer} writer, {Names.AttachmentWriter} attachments)");
        code.Line($"writer.WriteArrayHeader({fields.Count});");
        foreach (var field in fields)
        {
            code.Line(CodecEmitter.Write(field.Type, field.PropertyName, field.MaxLength, maxAttachments,
                field.WireName) + ";");
        }

        code.Close();
    }

    private static void EmitDecode(CodeWriter code, string className, List<MessageField> fields,
        MessagePoolUse pooling)
    {
        // Every IpcCodec reader turns MessagePack's exceptions into IpcProtocolException, so no catch is needed.
        code.Line("/// <summary>Reads the message's arguments, validating every value.</summary>");
        code.Line("/// <exception cref=\"global::IpcGen.IpcProtocolException\">The data is invalid.</exception>");
        code.Open($"public static {className} Decode(ref {Names.Reader} reader, {Names.AttachmentReader} attachments)");
        code.Line($"{Names.Codec}.ReadParameterCount(ref reader, {fields.Count}, \"{Plain(className)}\");");
        foreach (var field in fields)
        {
            code.Line($"var {Local(field)} = " + CodecEmitter.Read(field.Type, field.MaxLength, field.WireName) + ";");
        }

        var arguments = string.Join(", ", fields.Select(Local));
        code.Line(pooling != MessagePoolUse.None
            ? $"return RentReceived({arguments});"
            : $"return new {className}({arguments});");
        code.Close();
    }

    // Decode's own parameters and variables, and the RentReceived it calls, which a local named after a message
    // parameter must not hide. A local named _ would be a discard.
    private static readonly HashSet<string> s_decodeNames = new() { "reader", "attachments", "_", "RentReceived" };

    private static string Local(MessageField field) =>
        s_decodeNames.Contains(field.ParameterName) ? field.ParameterName + "Argument" : field.ParameterName;

    private static string Plain(string identifier) => identifier.TrimStart('@');
}
