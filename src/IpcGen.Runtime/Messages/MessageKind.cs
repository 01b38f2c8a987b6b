namespace IpcGen.Messages;

/// <summary>Kind of a message of an endpoint.</summary>
public enum MessageKind
{
    /// <summary>A one-way message from a <c>void</c> method: no response.</summary>
    OneWay,

    /// <summary>A synchronous request: the caller's thread blocks until the response arrives.</summary>
    SyncRequest,

    /// <summary>An asynchronous request from a method returning <c>Task</c> or <c>Task&lt;T&gt;</c>: the response
    /// completes the caller's task.</summary>
    AsyncRequest,

    /// <summary>The response to a synchronous or asynchronous request.</summary>
    Response,
}
