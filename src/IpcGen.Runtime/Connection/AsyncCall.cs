using IpcGen.Messages;

namespace IpcGen;

/// <summary>A pending asynchronous request whose response completes a task.</summary>
internal sealed class AsyncCall<TResponse> : PendingRequest
    where TResponse : class, IMessage
{
    private readonly TaskCompletionSource<TResponse> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AsyncCall(IAsyncCallOwner owner, uint requestId, MessageInfo request, CancellationToken cancellationToken)
    {
        Owner = owner;
        RequestId = requestId;
        Request = request;
        CancellationToken = cancellationToken;
    }

    /// <summary>The connection that cancels the call when its token is cancelled.</summary>
    public IAsyncCallOwner Owner { get; }

    public Task<TResponse> Task => _completion.Task;

    public CancellationToken CancellationToken { get; }

    public CancellationTokenRegistration Registration { get; set; }

    public override void Complete(IMessage response)
    {
        if (response is TResponse typed)
        {
            _completion.TrySetResult(typed);
        }
        else
        {
            _completion.TrySetException(new IpcProtocolException(
                $"The response to {Request.Name} is a {response.GetType().Name}, not the expected " +
                $"{typeof(TResponse).Name}."));
        }

        Registration.Unregister();
    }

    public override void Fail(Exception exception)
    {
        _completion.TrySetException(exception);
        Registration.Unregister();
    }

    public void Cancel()
    {
        _completion.TrySetCanceled(CancellationToken);
        Registration.Unregister();
    }
}
