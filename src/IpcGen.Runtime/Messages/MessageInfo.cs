namespace IpcGen.Messages;

/// <summary>Description of one message of an endpoint.</summary>
/// <param name="Id">Message id, unique within the endpoint.</param>
/// <param name="Name">Method name, with <c>Response</c> appended for a response.</param>
/// <param name="Kind">Whether the message is one-way, a request or a response.</param>
/// <param name="ResponseId">Id of the response message for a request; zero otherwise.</param>
public readonly record struct MessageInfo(uint Id, string Name, MessageKind Kind, uint ResponseId);
