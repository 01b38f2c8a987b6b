using IpcGen.Messages;

namespace IpcGen.Runtime.TestPeer;

/// <summary>Stub that dispatches messages of <see cref="IMismatchedWorker"/> to an implementation.</summary>
public sealed class MismatchedWorkerStub : EndpointStub
{
    private readonly IMismatchedWorker _implementation;

    /// <summary>Creates the stub.</summary>
    public MismatchedWorkerStub(IMismatchedWorker implementation) => _implementation = implementation;

    /// <inheritdoc/>
    public override IMessage? Invoke(IMessage message)
    {
        switch (message)
        {
            case MismatchedWorkerAddRequest m:
                return new MismatchedWorkerAddResponse(_implementation.Add(m.A, m.B));
            default:
                throw new IpcProtocolException(
                    $"{message.GetType().Name} is not a one-way message or sync request of ITestWorker.");
        }
    }

    /// <inheritdoc/>
    public override Task<IMessage> InvokeAsync(IMessage message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            default:
                throw new IpcProtocolException(
                    $"{message.GetType().Name} is not an async request of ITestWorker.");
        }
    }
}
