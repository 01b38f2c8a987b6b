using IpcGen.Messages;

namespace IpcGen;

/// <summary>The connection that owns an <see cref="AsyncCall{TResponse}"/>, as its cancellation callback uses it.
/// </summary>
internal interface IAsyncCallOwner
{
    /// <summary>Cancels the call locally and sends a cancel control message to the peer.</summary>
    void CancelAsyncCall<TResponse>(AsyncCall<TResponse> call)
        where TResponse : class, IMessage;
}
