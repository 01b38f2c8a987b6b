namespace IpcGen;

/// <summary>What the dispatcher does with an <see cref="InboundItem"/>.</summary>
internal enum InboundKind
{
    /// <summary>Calls the one-way handler.</summary>
    OneWay,

    /// <summary>Calls the sync handler and sends its response.</summary>
    SyncRequest,

    /// <summary>Starts the async handler; its task sends the response.</summary>
    AsyncRequest,

    /// <summary>Raises the <c>Disconnected</c> event; always the last item.</summary>
    Disconnect,
}
