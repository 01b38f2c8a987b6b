using System.Collections.Generic;
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
        var request = $"new {messages}.{message.RequestName}({arguments})";
        var response = $"{messages}.{message.ResponseName}";
        var isExplicit = s_objectMemberNames.Contains(message.MethodName)
            || message.MethodName == endpoint.BaseName + "Proxy";
        var modifiers = isExplicit ? string.Empty : "public ";
        var name = isExplicit ? $"{endpoint.InterfaceName}.{message.MethodName}" : message.MethodName;
        var signature = $"{name}({string.Join(", ", parameters)})";
        code.Line("/// <inheritdoc/>");
        // The field is qualified with this. because a parameter may have the same name.
        switch (message.Kind)
        {
            case MessageKindModel.OneWay:
                code.Line($"{modifiers}void {signature} => this._sender.Post({request});");
                break;
            case MessageKindModel.SyncRequest when message.Result is null:
                code.Line($"{modifiers}void {signature} => this._sender.Send<{response}>({request});");
                break;
            case MessageKindModel.SyncRequest:
                code.Line($"{modifiers}{message.ReturnTypeName} {signature} =>");
                code.Indent().Line($"this._sender.Send<{response}>({request}).Result;").Outdent();
                break;
            case MessageKindModel.AsyncRequest when message.Result is null:
                code.Line($"{modifiers}{message.ReturnTypeName} {signature} =>");
                code.Indent().Line($"this._sender.SendAsync<{response}>({request}, {Token(message)});").Outdent();
                break;
            default:
                // Not async itself, so that a parameter may be named await; ResultOf awaits the response.
                code.Line($"{modifiers}{message.ReturnTypeName} {signature} =>");
                code.Indent().Line($"ResultOf(this._sender.SendAsync<{response}>({request}, {Token(message)}));")
                    .Outdent();
                code.Line();
                code.Line($"private static async {message.ReturnTypeName} ResultOf(" +
                    $"{Names.Task}<{response}> response) =>");
                code.Indent().Line("(await response.ConfigureAwait(false)).Result;").Outdent();
                break;
        }
    }

    // A public method named like an object member would hide it, and one named like the proxy would clash with the
    // class, so those methods implement the interface explicitly.
    private static readonly HashSet<string> s_objectMemberNames = new()
    {
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    private static string Token(MessageModel message) =>
        message.CancellationTokenName ?? $"{Names.CancellationToken}.None";
}
