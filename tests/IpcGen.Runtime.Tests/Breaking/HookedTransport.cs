namespace IpcGen.Runtime.Tests.Breaking;

/// <summary>A transport that forwards to another one and runs <see cref="BeforeSend"/> before each send, so a
/// test can make something happen at an exact point of a call.</summary>
internal sealed class HookedTransport : Transport
{
    private readonly Transport _inner;

    public HookedTransport(Transport inner)
    {
        _inner = inner;
    }

    /// <summary>Runs before each send; an exception it throws fails the send.</summary>
    public Action? BeforeSend { get; set; }

    public override bool IsConnected => _inner.IsConnected;

    public override void Start(ITransportReceiver receiver) => _inner.Start(receiver);

    public override void Send(ReadOnlySpan<byte> payload, ReadOnlySpan<Attachment> attachments)
    {
        BeforeSend?.Invoke();
        _inner.Send(payload, attachments);
    }

    public override TransportHandle ReleaseForTransfer() => _inner.ReleaseForTransfer();

    public override void Dispose() => _inner.Dispose();
}
