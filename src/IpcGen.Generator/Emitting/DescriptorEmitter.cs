using IpcGen.Generator.Model;

namespace IpcGen.Generator.Emitting;

/// <summary>Emits an endpoint's descriptor: magic, shape hash, limits, message table and decoder.</summary>
internal static class DescriptorEmitter
{
    public static void Emit(CodeWriter code, EndpointModel endpoint)
    {
        var name = endpoint.BaseName + "Descriptor";
        var messages = endpoint.BaseName + "Messages";
        code.Line($"/// <summary>Descriptor of <see cref=\"{endpoint.InterfaceName}\"/>.</summary>");
        code.Open($"{endpoint.Accessibility} sealed class {name} : " +
            $"global::IpcGen.EndpointDescriptor<{endpoint.InterfaceName}>");
        code.Line($"/// <summary>32-bit FNV-1a hash of <c>{endpoint.MetadataName}</c>.</summary>");
        code.Line($"public const uint MagicValue = 0x{endpoint.Magic:X8}u;");
        code.Line();
        code.Line("/// <summary>64-bit FNV-1a hash of the names, kinds, types and limits of the messages.</summary>");
        code.Line($"public const ulong ShapeHashValue = 0x{endpoint.ShapeHash:X16}UL;");
        code.Line();
        EmitMessageTable(code, endpoint, messages);
        code.Line();
        code.Open($"private {name}()");
        code.Close();
        code.Line();
        code.Line("/// <summary>The only instance.</summary>");
        code.Line($"public static {name} Instance {{ get; }} = new();");
        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Line($"public override string Name => \"{endpoint.InterfaceName}\";");
        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Line("public override uint Magic => MagicValue;");
        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Line("public override ulong ShapeHash => ShapeHashValue;");
        code.Line();
        EmitLimits(code, endpoint);
        code.Line("/// <inheritdoc/>");
        code.Line("public override " +
            $"global::System.Collections.Generic.IReadOnlyList<{Names.MessageInfo}> Messages => s_messages;");
        code.Line();
        EmitTryGetMessage(code, endpoint, messages);
        code.Line();
        EmitDecode(code, endpoint, messages);
        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Line($"public override {endpoint.InterfaceName} CreateProxy({Names.Sender} sender) => " +
            $"new {endpoint.BaseName}Proxy(sender);");
        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Line($"public override {Names.Stub} CreateStub({endpoint.InterfaceName} implementation) => " +
            $"new {endpoint.BaseName}Stub(implementation);");
        code.Close();
    }

    private static void EmitMessageTable(CodeWriter code, EndpointModel endpoint, string messages)
    {
        code.Line($"private static readonly {Names.MessageInfo}[] s_messages =");
        code.Line("{");
        code.Indent();
        foreach (var message in endpoint.Messages)
        {
            var request = $"{messages}.{message.RequestName}";
            var responseId = message.HasResponse ? $"{messages}.{message.ResponseName}.Id" : "0";
            var name = message.MethodName.TrimStart('@');
            code.Line($"new({request}.Id, \"{name}\", {Names.MessageKind}.{message.Kind}, {responseId}),");
            if (message.HasResponse)
            {
                code.Line($"new({messages}.{message.ResponseName}.Id, \"{message.ResponseName}\", " +
                    $"{Names.MessageKind}.Response, 0),");
            }
        }

        code.Outdent();
        code.Line("};");
    }

    private static void EmitLimits(CodeWriter code, EndpointModel endpoint)
    {
        if (endpoint.MaxPayloadBytes > 0)
        {
            code.Line("/// <inheritdoc/>");
            code.Line($"public override int MaxPayloadBytes => {endpoint.MaxPayloadBytes};");
            code.Line();
        }

        if (endpoint.MaxAttachments > 0)
        {
            code.Line("/// <inheritdoc/>");
            code.Line($"public override int MaxAttachments => {endpoint.MaxAttachments};");
            code.Line();
        }
    }

    private static void EmitTryGetMessage(CodeWriter code, EndpointModel endpoint, string messages)
    {
        code.Line("/// <inheritdoc/>");
        code.Open($"public override bool TryGetMessage(uint messageId, out {Names.MessageInfo} message)");
        code.Line("var index = messageId switch");
        code.Line("{");
        code.Indent();
        var index = 0;
        foreach (var message in endpoint.Messages)
        {
            code.Line($"{messages}.{message.RequestName}.Id => {index++},");
            if (message.HasResponse)
            {
                code.Line($"{messages}.{message.ResponseName}.Id => {index++},");
            }
        }

        code.Line("_ => -1,");
        code.Outdent();
        code.Line("};");
        code.Line("message = index >= 0 ? s_messages[index] : default;");
        code.Line("return index >= 0;");
        code.Close();
    }

    private static void EmitDecode(CodeWriter code, EndpointModel endpoint, string messages)
    {
        code.Line("/// <inheritdoc/>");
        code.Open($"public override {Names.Message} Decode(uint messageId, ref {Names.Reader} reader, " +
            $"{Names.AttachmentReader} attachments)");
        code.Line($"{Names.Codec}.CheckReceivedLimits(ref reader, attachments, MaxPayloadBytes, MaxAttachments, " +
            "Name);");
        if (endpoint.Messages.Count == 0)
        {
            code.Line($"throw {Names.Codec}.UnknownMessage(messageId, Name);");
            code.Close();
            return;
        }

        code.Line($"{Names.Message} message = messageId switch");
        code.Line("{");
        code.Indent();
        foreach (var message in endpoint.Messages)
        {
            var request = $"{messages}.{message.RequestName}";
            code.Line($"{request}.Id => {request}.Decode(ref reader, attachments),");
            if (message.HasResponse)
            {
                var response = $"{messages}.{message.ResponseName}";
                code.Line($"{response}.Id => {response}.Decode(ref reader, attachments),");
            }
        }

        code.Line($"_ => throw {Names.Codec}.UnknownMessage(messageId, Name),");
        code.Outdent();
        code.Line("};");
        code.Line($"{Names.Codec}.CheckFullyRead(ref reader, attachments, Name);");
        code.Line("return message;");
        code.Close();
    }
}
