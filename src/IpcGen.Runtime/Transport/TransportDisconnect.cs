namespace IpcGen;

/// <summary>Reason and detail of a disconnect, as reported once by a transport.</summary>
/// <param name="Reason">Why the transport stopped.</param>
/// <param name="Detail">One line naming the value and the limit for a violation, or the error for a failure.
/// </param>
public sealed record TransportDisconnect(DisconnectReason Reason, string Detail);
