namespace IpcGen;

/// <summary>Outcome of <see cref="Transport.ReceiveInline"/>.</summary>
public enum InlineReceiveResult
{
    /// <summary>The calling thread does not hold the read lease; nothing was read.</summary>
    Unavailable,

    /// <summary>The waiter is satisfied.</summary>
    Satisfied,

    /// <summary>The deadline passed first.</summary>
    TimedOut,

    /// <summary>The transport disconnected, and the IO thread reports it to the receiver; or a release for
    /// transfer started, which may still be rejected and leave the transport connected. The read lease was given
    /// back.</summary>
    Disconnected,
}

/// <summary>The condition a thread inside <see cref="Transport.ReceiveInline"/> waits for, such as a sync call's
/// response having arrived. Implemented by the connection.</summary>
public interface IInlineReceiveWaiter
{
    /// <summary>Whether the wait is over. Must be cheap and must not block.</summary>
    bool IsSatisfied { get; }
}
