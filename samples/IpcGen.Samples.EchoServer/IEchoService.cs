namespace IpcGen.Samples.EchoServer;

/// <summary>Endpoint of the echo server: each client connection talks to one instance.</summary>
[IpcEndpoint(MaxPayloadBytes = EchoLimits.MaxEchoPayloadBytes, MaxAttachments = 1)]
public partial interface IEchoService
{
    /// <summary>Returns <paramref name="text"/> unchanged.</summary>
    string Echo([MaxLength(EchoLimits.MaxTextLength)] string text);

    /// <summary>Returns <paramref name="data"/> unchanged.</summary>
    [return: MaxLength(EchoLimits.MaxEchoBytes)]
    byte[] EchoBytes([MaxLength(EchoLimits.MaxEchoBytes)] byte[] data);

    /// <summary>Reads the attached descriptor (a file, pipe or socket) to its end and returns the content, at most
    /// <see cref="EchoLimits.MaxEchoBytes"/> bytes read within <see cref="EchoLimits.AttachmentReadTimeout"/>.
    /// </summary>
    [return: MaxLength(EchoLimits.MaxEchoBytes)]
    byte[] EchoAttachment(Attachment file);

    /// <summary>One-way message: counts a notification for this client.</summary>
    void Notify([MaxLength(EchoLimits.MaxNotificationLength)] string text);

    /// <summary>Returns how many notifications this client has sent so far.</summary>
    int NotificationCount();

    /// <summary>Returns <paramref name="text"/> after <paramref name="delayMilliseconds"/> (at most
    /// <see cref="EchoLimits.MaxDelayMilliseconds"/>) without blocking the connection.</summary>
    Task<string> EchoLaterAsync(
        [MaxLength(EchoLimits.MaxTextLength)] string text, int delayMilliseconds, CancellationToken cancellationToken);

    /// <summary>Opens a connection to a new checksum endpoint and returns its far end, to adopt with
    /// <c>UnixTransport.Adopt</c>.</summary>
    TransportHandle OpenChecksum();
}
