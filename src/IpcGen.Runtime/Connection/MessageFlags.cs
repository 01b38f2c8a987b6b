namespace IpcGen;

/// <summary>Kind of a frame in the connection header. Exactly one value (or <see cref="None"/>) per frame, except
/// that an error response also carries <see cref="Response"/>.</summary>
[Flags]
internal enum MessageFlags : uint
{
    /// <summary>A one-way message; its request id is zero.</summary>
    None = 0,

    /// <summary>A synchronous request: the sender's thread is blocked until the response arrives.</summary>
    SyncRequest = 1,

    /// <summary>An asynchronous request: the response completes the sender's task.</summary>
    AsyncRequest = 2,

    /// <summary>A response to the request with the same request id.</summary>
    Response = 4,

    /// <summary>With <see cref="Response"/>: the handler threw; the body is a control error message.</summary>
    ErrorResponse = 8,

    /// <summary>A control message that cancels the asynchronous request with the same request id.</summary>
    Cancel = 16,

    /// <summary>A control message that carries the sender's endpoint names, magics and shape hashes.</summary>
    Hello = 32,
}
