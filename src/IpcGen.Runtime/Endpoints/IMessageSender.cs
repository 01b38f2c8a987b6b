using IpcGen.Messages;

namespace IpcGen;

/// <summary>What a generated proxy sends through; implemented by the connection.</summary>
/// <remarks>A generated proxy reuses the request it passed, and the response it got, for a later call once the call
/// returns (messages whose values are all primitives are pooled), so an implementation must not keep either.
/// </remarks>
public interface IMessageSender
{
    /// <summary>Sends a one-way message without waiting.</summary>
    /// <exception cref="IpcLimitExceededException">The message is over a limit; nothing was sent.</exception>
    /// <exception cref="IpcDisconnectedException">The connection has ended.</exception>
    void Post(IMessage message);

    /// <summary>Sends a synchronous request and blocks the calling thread until its response arrives.</summary>
    /// <exception cref="IpcLimitExceededException">The request is over a limit; nothing was sent.</exception>
    /// <exception cref="IpcDisconnectedException">The connection ended before the response arrived.</exception>
    /// <exception cref="IpcRemoteException">The peer's handler threw.</exception>
    /// <exception cref="TimeoutException">The response did not arrive within the call timeout.</exception>
    TResponse Send<TResponse>(IMessage request)
        where TResponse : class, IMessage;

    /// <summary>Sends an asynchronous request; the task completes with its response. Cancelling the token sends
    /// a cancellation to the peer and cancels the task.</summary>
    Task<TResponse> SendAsync<TResponse>(IMessage request, CancellationToken cancellationToken)
        where TResponse : class, IMessage;
}
