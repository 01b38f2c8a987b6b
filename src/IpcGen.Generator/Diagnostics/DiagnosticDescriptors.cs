using Microsoft.CodeAnalysis;

namespace IpcGen.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. Ids are stable; docs/diagnostics.md lists them with examples.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "IpcGen";

    public static readonly DiagnosticDescriptor EndpointNotPartial = Error(
        "IPCG0001",
        "Endpoint interface must be partial",
        "Endpoint interface '{0}' must be declared partial so that the generator can add its descriptor; " +
        "add the 'partial' modifier");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "IPCG0002",
        "Type containing an endpoint must be partial",
        "Type '{0}' contains endpoint '{1}' and must be declared partial so that the generated types can be " +
        "nested in it; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        "IPCG0003",
        "Unsupported type in an endpoint method",
        "{0} of '{1}' has type '{2}', which IpcGen cannot encode{3}; use a primitive, string, byte[], " +
        "ReadOnlyMemory<byte>, an enum, DateTime, DateTimeOffset, TimeSpan, Guid, Attachment, TransportHandle, " +
        "an array, list or dictionary of those, or a type marked [MessagePackObject]");

    public static readonly DiagnosticDescriptor RefParameter = Error(
        "IPCG0004",
        "Endpoint method parameters cannot be ref, out or in",
        "Parameter '{0}' of '{1}' is passed by reference, which cannot cross a process boundary; pass it by " +
        "value and return results through the return type");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "IPCG0005",
        "Endpoint methods cannot be generic",
        "Method '{0}' is generic, but a message must have fixed types; remove the type parameters");

    public static readonly DiagnosticDescriptor GenericEndpoint = Error(
        "IPCG0006",
        "Endpoint interfaces cannot be generic",
        "Endpoint '{0}' is generic or nested in a generic type, but an endpoint must have fixed types; remove " +
        "the type parameters");

    public static readonly DiagnosticDescriptor UnsupportedMember = Error(
        "IPCG0007",
        "Endpoint interfaces can only declare methods",
        "'{0}' is {1}, but an endpoint can only declare abstract instance methods; move it out of the " +
        "endpoint interface");

    public static readonly DiagnosticDescriptor OverloadedMethod = Error(
        "IPCG0008",
        "Endpoint methods cannot be overloaded",
        "Method '{0}' is declared more than once, but each method name is one message; give each overload its " +
        "own name");

    public static readonly DiagnosticDescriptor DuplicateMagic = Error(
        "IPCG0009",
        "Two endpoints have the same magic number",
        "Endpoints '{0}' and '{1}' have the same magic number 0x{2}, so a peer could not tell their messages " +
        "apart; rename or move one of them");

    public static readonly DiagnosticDescriptor DuplicateMessageId = Error(
        "IPCG0010",
        "Two messages have the same id",
        "Methods '{0}' and '{1}' of '{2}' have the same message id 0x{3}; give one of them a distinct " +
        "[MessageId(n)]");

    public static readonly DiagnosticDescriptor SyncOnTask = Error(
        "IPCG0011",
        "[Sync] on a method returning a task",
        "Method '{0}' returns a task and is an asynchronous request, so it cannot be [Sync]; remove [Sync] or " +
        "return a value directly");

    public static readonly DiagnosticDescriptor MisplacedCancellationToken = Error(
        "IPCG0012",
        "CancellationToken only as the last parameter of a task method",
        "Parameter '{0}' of '{1}' is a CancellationToken, which is allowed only as the last parameter of a " +
        "method returning Task or Task<T>; move it to the end or remove it");

    public static readonly DiagnosticDescriptor InvalidMaxLength = Error(
        "IPCG0013",
        "Invalid [MaxLength]",
        "[MaxLength({0})] on {1} of '{2}' is invalid: {3}");

    public static readonly DiagnosticDescriptor InvalidEndpointLimit = Error(
        "IPCG0014",
        "Invalid endpoint limit",
        "{0} = {1} on endpoint '{2}' is invalid: it must be between 1 and the transport limit {3} (or 0 for the " +
        "transport limit)");

    public static readonly DiagnosticDescriptor ValueTaskNotSupported = Error(
        "IPCG0015",
        "ValueTask is not supported",
        "Method '{0}' returns '{1}'; endpoint methods return Task or Task<T> for asynchronous requests, so " +
        "change the return type");

    public static readonly DiagnosticDescriptor InvalidMessageId = Error(
        "IPCG0016",
        "Invalid message id",
        "[MessageId({0})] on '{1}' is invalid: ids are between 0 and 2147483647 because the top bit marks " +
        "responses");

    public static readonly DiagnosticDescriptor MessageNameCollision = Error(
        "IPCG0017",
        "Method name collides with a generated message class",
        "Method '{0}' needs the message class '{1}', which method '{2}' already uses; rename one of them");

    public static readonly DiagnosticDescriptor InheritedEndpoint = Error(
        "IPCG0018",
        "Endpoint interfaces cannot inherit interfaces",
        "Endpoint '{0}' inherits '{1}', but an endpoint's messages must all be declared in it; declare the " +
        "methods in the endpoint itself");

    public static readonly DiagnosticDescriptor FileLocalEndpoint = Error(
        "IPCG0019",
        "Endpoint interfaces cannot be file-local",
        "Endpoint '{0}' is declared in file-local type '{1}', but the generated code lives in another file and " +
        "cannot extend it; remove the 'file' modifier");

    public static readonly DiagnosticDescriptor GeneratedTypeNameTaken = Error(
        "IPCG0020",
        "Generated type name is already used",
        "Endpoint '{0}' needs the type name '{1}', which '{2}' already uses; rename the endpoint or '{2}'");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: null);
}
