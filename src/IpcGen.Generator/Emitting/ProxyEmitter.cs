using System.Linq;
using IpcGen.Generator.Model;

namespace IpcGen.Generator.Emitting;

/// <summary>Emits the proxy, which implements the endpoint interface by sending messages.</summary>
internal static class ProxyEmitter
{
    public static void Emit(CodeWriter code, EndpointModel endpoint)
    {
        var name = endpoint.BaseName + "Proxy";
        code.Line($"/// <summary>Implements <see cref=\"{endpoint.InterfaceName}\"/> by sending each call to the " +
            "peer.</summary>");
        code.Open($"{endpoint.Accessibility} sealed class {name} : {endpoint.InterfaceName}");
        code.Line($"private readonly {Names.Sender} _sender;");
        code.Line();
        code.Line("/// <summary>Creates a proxy that sends through <paramref name=\"sender\"/>.</summary>");
        code.Open($"public {name}({Names.Sender} sender)");
        code.Line($"{Names.ArgumentNullException}.ThrowIfNull(sender);");
        code.Line("_sender = sender;");
        code.Close();
        foreach (var message in endpoint.Messages)
        {
            code.Line();
            EmitMethod(code, endpoint, message);
        }

        code.Close();
    }

    private static void EmitMethod(CodeWriter code, EndpointModel endpoint, MessageModel message)
    {
        var messages = endpoint.BaseName + "Messages";
        var parameters = message.Parameters.Select(p => $"{p.Type.Name} {p.Name}").ToList();
        if (message.CancellationTokenName is not null)
        {
            parameters.Add($"{Names.CancellationToken} {message.CancellationTokenName}");
        }

        var arguments = string.Join(", ", message.Parameters.Select(p => p.Name));
        var request = $"new {messages}.{message.MethodName}({arguments})";
        var response = $"{messages}.{message.ResponseName}";
        var signature = $"{message.MethodName}({string.Join(", ", parameters)})";
        code.Line("/// <inheritdoc/>");
        switch (message.Kind)
        {
            case MessageKindModel.OneWay:
                code.Line($"public void {signature} => _sender.Post({request});");
                break;
            case MessageKindModel.SyncRequest when message.Result is null:
                code.Line($"public void {signature} => _sender.Send<{response}>({request});");
                break;
            case MessageKindModel.SyncRequest:
                code.Line($"public {message.ReturnTypeName} {signature} =>");
                code.Indent().Line($"_sender.Send<{response}>({request}).Result;").Outdent();
                break;
            case MessageKindModel.AsyncRequest when message.Result is null:
                code.Line($"public {message.ReturnTypeName} {signature} =>");
                code.Indent().Line($"_sender.SendAsync<{response}>({request}, {Token(message)});").Outdent();
                break;
            default:
                var local = ResponseLocal(message);
                code.Open($"public async {message.ReturnTypeName} {signature}");
                code.Line($"var {local} = await _sender.SendAsync<{response}>({request}, {Token(message)})");
                code.Indent().Line(".ConfigureAwait(false);").Outdent();
                code.Line($"return {local}.Result;");
                code.Close();
                break;
        }
    }

    // The local that holds the response must not hide a parameter of the same name.
    private static string ResponseLocal(MessageModel message)
    {
        var local = "response";
        while (message.Parameters.Any(p => p.Name == local) || message.CancellationTokenName == local)
        {
            local = "_" + local;
        }

        return local;
    }

    private static string Token(MessageModel message) =>
        message.CancellationTokenName ?? $"{Names.CancellationToken}.None";
}
