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
        if (MessagePooling.PoolsRequest(message) || MessagePooling.PoolsResponse(message))
        {
            code.Open($"{modifiers}{message.ReturnTypeName} {signature}");
            EmitPooledBody(code, endpoint, message);
            code.Close();
            return;
        }

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

    /// <summary>Emits the body of a one-way or sync method whose request or response is pooled. The request goes
    /// back to the pool once Send or Post returns, because the connection has encoded it by then and keeps no
    /// reference. The response goes back once its result is read. A message type that is not pooled is created
    /// and left to the garbage collector as before.</summary>
    private static void EmitPooledBody(CodeWriter code, EndpointModel endpoint, MessageModel message)
    {
        // Static members are called through the qualified type, and locals avoid the parameters' names, so that no
        // parameter hides them.
        var messages = $"{endpoint.QualifiedPrefix}{endpoint.BaseName}Messages";
        var requestType = $"{messages}.{message.RequestName}";
        var responseType = $"{messages}.{message.ResponseName}";
        var arguments = string.Join(", ", message.Parameters.Select(p => p.Name));
        var poolsRequest = MessagePooling.PoolsRequest(message);
        var request = poolsRequest ? Local("request", "Message", message) : $"new {requestType}({arguments})";
        if (poolsRequest)
        {
            code.Line($"var {request} = {requestType}.Rent({arguments});");
            code.Open("try");
        }

        if (message.Kind == MessageKindModel.OneWay)
        {
            code.Line($"this._sender.Post({request});");
        }
        else if (!MessagePooling.PoolsResponse(message))
        {
            var call = $"this._sender.Send<{responseType}>({request})";
            code.Line(message.Result is null ? $"{call};" : $"return {call}.Result;");
        }
        else
        {
            var response = Local("response", "Message", message);
            code.Line($"var {response} = this._sender.Send<{responseType}>({request});");
            if (message.Result is null)
            {
                code.Line($"{responseType}.Return({response});");
            }
            else
            {
                var result = Local("result", "Value", message);
                code.Line($"var {result} = {response}.Result;");
                code.Line($"{responseType}.Return({response});");
                code.Line($"return {result};");
            }
        }

        if (poolsRequest)
        {
            code.Close();
            code.Open("finally");
            code.Line($"{requestType}.Return({request});");
            code.Close();
        }
    }

    // A local named like a parameter gets a suffix until the name is free.
    private static string Local(string name, string suffix, MessageModel message)
    {
        while (message.Parameters.Any(p => p.Name.TrimStart('@') == name))
        {
            name += suffix;
        }

        return name;
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
