namespace IpcGen;

/// <summary>
/// A synchronous call gave up because it is probably part of a wait cycle that re-entrant dispatch cannot
/// resolve: the peer waits in a synchronous request of its own for this connection's dispatch thread, which
/// is busy elsewhere. The message names both endpoints and both messages. The connection stays open.
/// </summary>
public sealed class IpcDeadlockException : IpcException
{
    /// <summary>Creates the exception with a message that names the endpoints and messages in the wait.</summary>
    public IpcDeadlockException(string message)
        : base(message)
    {
    }
}
