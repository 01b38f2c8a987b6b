using System.Linq;
using IpcGen.Generator.Model;

namespace IpcGen.Generator.Emitting;

/// <summary>Emits the stub, which dispatches decoded messages to a local implementation of the endpoint.</summary>
internal static class StubEmitter
{
    public static void Emit(CodeWriter code, EndpointModel endpoint)
    {
        var name = endpoint.BaseName + "Stub";
        code.Line($"/// <summary>Dispatches messages of <see cref=\"{endpoint.InterfaceName}\"/> to an " +
            "implementation.</summary>");
        code.Open($"{endpoint.Accessibility} sealed class {name} : {Names.Stub}");
        code.Line($"private readonly {endpoint.InterfaceName} _implementation;");
        code.Line();
        code.Line("/// <summary>Creates a stub that calls <paramref name=\"implementation\"/>.</summary>");
        code.Open($"public {name}({endpoint.InterfaceName} implementation)");
        code.Line($"{Names.ArgumentNullException}.ThrowIfNull(implementation);");
        code.Line("_implementation = implementation;");
        code.Close();
        code.Line();
        code.Line("/// <inheritdoc/>");
        code.Line("public override bool RecyclesMessages => true;");
        code.Line();
        EmitInvoke(code, endpoint);
        code.Line();
        EmitInvokeAsync(code, endpoint);
        foreach (var message in endpoint.Messages.Where(m => m.Kind == MessageKindModel.AsyncRequest))
        {
            code.Line();
            EmitDispatchAsync(code, endpoint, message);
        }

        code.Close();
    }

    private static void EmitInvoke(CodeWriter code, EndpointModel endpoint)
    {
        var messages = endpoint.BaseName + "Messages";
        code.Line("/// <inheritdoc/>");
        code.Open($"public override {Names.Message}? Invoke({Names.Message} message)");
        code.Open("switch (message)");
        foreach (var message in endpoint.Messages.Where(m => m.Kind != MessageKindModel.AsyncRequest))
        {
            var call = $"_implementation.{message.MethodName}({Arguments(message)})";
            code.Line(message.Parameters.Count == 0
                ? $"case {messages}.{message.RequestName}:"
                : $"case {messages}.{message.RequestName} request:");
            code.Indent();
            if (message.Kind == MessageKindModel.OneWay)
            {
                code.Line($"{call};");
                code.Line("return null;");
            }
            else if (message.Result is null)
            {
                code.Line($"{call};");
                code.Line($"return {Create(message, messages)}();");
            }
            else
            {
                code.Line($"return {Create(message, messages)}({call});");
            }

            code.Outdent();
        }

        code.Line("default:");
        code.Indent().Line($"throw {Names.Codec}.UnexpectedMessage(message, \"{endpoint.InterfaceName}\", " +
            "\"a one-way message or synchronous request\");").Outdent();
        code.Close();
        code.Close();
    }

    private static void EmitInvokeAsync(CodeWriter code, EndpointModel endpoint)
    {
        var messages = endpoint.BaseName + "Messages";
        code.Line("/// <inheritdoc/>");
        code.Open($"public override {Names.Task}<{Names.Message}> InvokeAsync({Names.Message} message, " +
            $"{Names.CancellationToken} cancellationToken)");
        code.Open("switch (message)");
        foreach (var message in endpoint.Messages.Where(m => m.Kind == MessageKindModel.AsyncRequest))
        {
            code.Line($"case {messages}.{message.RequestName} request:");
            code.Indent().Line($"return Dispatch{message.MethodName.TrimStart('@')}Async(request, cancellationToken);")
                .Outdent();
        }

        code.Line("default:");
        code.Indent().Line($"throw {Names.Codec}.UnexpectedMessage(message, \"{endpoint.InterfaceName}\", " +
            "\"an asynchronous request\");").Outdent();
        code.Close();
        code.Close();
    }

    private static void EmitDispatchAsync(CodeWriter code, EndpointModel endpoint, MessageModel message)
    {
        var messages = endpoint.BaseName + "Messages";
        code.Open($"private async {Names.Task}<{Names.Message}> Dispatch{message.MethodName.TrimStart('@')}Async(" +
            $"{messages}.{message.RequestName} request, {Names.CancellationToken} cancellationToken)");
        var arguments = Arguments(message);
        if (message.CancellationTokenName is not null)
        {
            arguments += arguments.Length == 0 ? "cancellationToken" : ", cancellationToken";
        }

        var call = $"await _implementation.{message.MethodName}({arguments}).ConfigureAwait(false)";
        if (message.Result is null)
        {
            code.Line($"{call};");
            code.Line($"return new {messages}.{message.ResponseName}();");
        }
        else
        {
            code.Line($"var result = {call};");
            code.Line($"return new {messages}.{message.ResponseName}(result);");
        }

        code.Close();
    }

    private static string Arguments(MessageModel message) =>
        string.Join(", ", message.Parameters.Select(p => $"request.{p.PropertyName}"));

    /// <summary>Returns what makes a sync response in the stub: its pool's <c>Rent</c> for a pooled response, which
    /// the connection returns once it is sent, or the constructor.</summary>
    private static string Create(MessageModel message, string messages) =>
        MessagePooling.PoolsResponse(message)
            ? $"{messages}.{message.ResponseName}.Rent"
            : $"new {messages}.{message.ResponseName}";
}
