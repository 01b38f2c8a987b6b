namespace IpcGen.Runtime.TestPeer;

/// <summary>Proxy of <see cref="IMismatchedWorker"/> that sends through an <see cref="IMessageSender"/>.</summary>
public sealed class MismatchedWorkerProxy : IMismatchedWorker
{
    private readonly IMessageSender _sender;

    /// <summary>Creates the proxy.</summary>
    public MismatchedWorkerProxy(IMessageSender sender) => _sender = sender;

    /// <inheritdoc/>
    public int Add(int a, int b) =>
        _sender.Send<MismatchedWorkerAddResponse>(new MismatchedWorkerAddRequest(a, b)).Result;
}
