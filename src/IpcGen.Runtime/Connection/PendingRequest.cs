using IpcGen.Messages;

namespace IpcGen;

/// <summary>A request this side sent whose response has not arrived yet.</summary>
internal abstract class PendingRequest
{
    /// <summary>Request id in the header of the request and of its response.</summary>
    public uint RequestId { get; protected set; }

    /// <summary>The request message as the peer descriptor describes it.</summary>
    public MessageInfo Request { get; protected set; }

    /// <summary>Completes the request with its decoded response; called once, by the IO thread.</summary>
    public abstract void Complete(IMessage response);

    /// <summary>Fails the request; called once, by the IO thread or by the disconnect.</summary>
    public abstract void Fail(Exception exception);
}
